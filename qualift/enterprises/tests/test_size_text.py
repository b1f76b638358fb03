"""Stored size reasons (English, from sizing.py) are shown in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from qualift.enterprises.size_text import localize_size_reason
from qualift.enterprises.sizing import MissingIndicator, classify_eu2003, classify_miit2011


def test_english_reason_is_unchanged():
    reason = classify_miit2011(2, employees=15, revenue=Decimal("800")).reason
    with translation.override("en"):
        assert localize_size_reason(reason).endswith("→ micro")
        assert "employees 15 < 20" in localize_size_reason(reason)


def test_chinese_reason_uses_chinese_terms():
    reason = classify_miit2011(2, employees=15, revenue=Decimal("800")).reason
    with translation.override("zh-hans"):
        text = localize_size_reason(reason)
    assert "→ 微型" in text and "从业人员数 15 < 20" in text
    assert "employees" not in text and "micro" not in text


def test_chinese_eu_reason_and_missing_indicator():
    eu = classify_eu2003(employees=60, turnover_eur=9_000_000).reason + " (at 7.8 CNY/EUR)"
    try:
        classify_miit2011(2, employees=15)
    except MissingIndicator as exc:
        missing = str(exc)
    with translation.override("zh-hans"):
        eu_text = localize_size_reason(eu)
        missing_text = localize_size_reason(missing)
    assert "→ 中型" in eu_text and "人民币/欧元" in eu_text and "employees" not in eu_text
    assert "营业收入" in missing_text and "missing" not in missing_text
