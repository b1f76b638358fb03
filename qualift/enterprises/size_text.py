"""Show a stored size-class reason in the reader's language.

The pure classifiers (`sizing.py`) write their reasons in a small, fixed English vocabulary, and
that English text is what the database keeps (the record). This module swaps each term for its
translation when the reason is displayed.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from qualift.enterprises.choices import MiitIndustry

_ROW_PREFIX = re.compile(r"^([a-z-]+) \(row (\d+)\): ")
_MISSING_MIIT = re.compile(r"^industry row (\d+) \(([a-z-]+)\) needs (.+); missing: (.+)$")
_MISSING_EU = re.compile(r"^EU 2003/361/EC needs (.+); missing: (.+)$")
_RATE = re.compile(r"\(at ([\d.]+) CNY/EUR\)")
_ARROW = re.compile(r"→ (micro|small|medium|large)\b")


def _terms() -> list[tuple[str, str]]:
    return [
        ("SME ceiling", _("SME ceiling")),
        ("medium minimum", _("medium minimum")),
        ("small minimum", _("small minimum")),
        ("micro ceiling", _("micro ceiling")),
        ("small ceiling", _("small ceiling")),
        ("medium ceiling", _("medium ceiling")),
        ("balance_sheet_eur", _("balance sheet (EUR)")),
        ("turnover_eur", _("turnover (EUR)")),
        ("balance sheet", _("balance sheet")),
        ("turnover", _("turnover")),
        ("employees", _("employees")),
        ("revenue", _("revenue")),
        ("assets", _("assets")),
        (" and ", _(" and ")),
        (" or ", _(" or ")),
    ]


def _sizes() -> dict[str, str]:
    return {"micro": _("micro"), "small": _("small"), "medium": _("medium"), "large": _("large")}


def _swap_terms(text: str) -> str:
    for english, local in _terms():
        text = text.replace(english, local)
    return text


def _industry(number: str) -> str:
    try:
        return str(MiitIndustry(int(number)).label)
    except ValueError:
        return number


def localize_size_reason(text: str) -> str:
    """The reason with its terms in the active language (unchanged in English)."""
    if not text:
        return text
    missing = _MISSING_MIIT.match(text)
    if missing:
        number, _slug, needed, lacking = missing.groups()
        return _("Industry row %(n)s (%(name)s) needs %(needed)s; missing: %(missing)s") % {
            "n": number,
            "name": _industry(number),
            "needed": _swap_terms(needed),
            "missing": _swap_terms(lacking),
        }
    missing = _MISSING_EU.match(text)
    if missing:
        needed, lacking = missing.groups()
        return _("EU 2003/361/EC needs %(needed)s; missing: %(missing)s") % {
            "needed": _swap_terms(needed),
            "missing": _swap_terms(lacking),
        }
    prefix = ""
    row = _ROW_PREFIX.match(text)
    if row:
        prefix = _("%(name)s (row %(n)s): ") % {"name": _industry(row.group(2)), "n": row.group(2)}
        text = text[row.end() :]
    text = _RATE.sub(lambda m: _("(at %(rate)s CNY/EUR)") % {"rate": m.group(1)}, text)
    sizes = _sizes()
    text = _ARROW.sub(lambda m: "→ " + sizes[m.group(1)], text)
    return prefix + _swap_terms(text)
