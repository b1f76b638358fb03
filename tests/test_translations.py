"""The zh-Hans catalogue is complete, clean, compiled, and actually served.

The parsing, fresh extraction and .mo comparison live in scripts/check_translations.py (run it
for a readable list of what is missing); these tests hold the tree to it. Reference: GNU gettext
manual, "The Format of PO Files" and "Plural forms" (Chinese has one form: nplurals=1; plural=0).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "check_translations", ROOT / "scripts" / "check_translations.py"
)
i18n = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = i18n  # dataclasses look their module up here
_spec.loader.exec_module(i18n)

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext (xgettext, msgfmt) is not installed",
)

# %(name)s / %(n)d / %(name)r and {name}: what Python fills in at run time.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdrfi]|\{(\w+)\}")
CJK = re.compile(r"[\u4e00-\u9fff]")
# msgids whose proper Chinese rendering has no Chinese characters.
# Names Chinese quality engineers use as they are (chart and index names, their parameters).
SAME_IN_CHINESE = {
    "API",
    "EWMA",
    "CUSUM",
    "EWMA λ",
    "EWMA L",
    "CUSUM k",
    "CUSUM h",
    "Cpk",
    "Id",
    "ISO/IEC 17021-1",  # a standard's name, the same in both languages
}


@pytest.fixture(scope="module")
def entries():
    return i18n.parse_po(i18n.PO_PATH)


def test_catalogue_header_declares_chinese_utf8_and_one_plural_form(entries):
    header = i18n.header_fields(entries)
    assert header["Language"] == "zh_Hans"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == "nplurals=1; plural=0;"


def test_catalogue_has_no_empty_or_fuzzy_entry(entries):
    assert i18n.live(entries), "the catalogue has no entries"
    problems = i18n.problems(entries)
    assert not problems, "\n".join(problems)


def test_plural_entries_have_exactly_the_one_chinese_form(entries):
    wrong = [e.msgid for e in i18n.live(entries) if e.msgid_plural and sorted(e.msgstr) != [0]]
    assert not wrong, f"plural entries need exactly msgstr[0]: {wrong}"


def test_translations_keep_every_placeholder(entries):
    wrong = []
    for e in i18n.live(entries):
        expected = {a or b for a, b in PLACEHOLDER.findall(e.msgid)}
        if "python-brace-format" not in e.flags:
            expected = {a for a, _ in PLACEHOLDER.findall(e.msgid) if a}
        for text in e.msgstr.values():
            pattern = PLACEHOLDER.findall(text)
            found = {a or b for a, b in pattern}
            if "python-brace-format" not in e.flags:
                found = {a for a, _ in pattern if a}
            if found != expected:
                wrong.append(f"{e.msgid!r}: {sorted(expected)} became {sorted(found)}")
    assert not wrong, "\n".join(wrong)


def test_translations_are_chinese_not_copies_of_the_english(entries):
    copies = [
        e.msgid
        for e in i18n.live(entries)
        if re.search(r"[A-Za-z]", e.msgid)
        and e.msgid not in SAME_IN_CHINESE
        and not all(CJK.search(text) for text in e.msgstr.values())
    ]
    assert not copies, f"msgstr without any Chinese: {copies}"


@needs_gettext
def test_catalogue_translates_every_string_the_source_marks(entries, tmp_path):
    fresh = i18n.extract_fresh(tmp_path)
    assert len(i18n.live(fresh)) > 100, "extraction found almost nothing; is the copy right?"
    missing = i18n.missing_from(entries, fresh)
    assert not missing, (
        f"{len(missing)} msgid(s) marked in the source but not translated in "
        f"{i18n.PO_PATH.relative_to(ROOT)} (run `make messages`, then translate):\n"
        + "\n".join(f"  {m!r}" for m in missing)
    )


@needs_gettext
def test_compiled_catalogue_matches_the_po():
    differences = i18n.mo_differences()
    assert not differences, (
        "django.mo is out of date; run `manage.py compilemessages -l zh_Hans`:\n"
        + "\n".join(differences[:40])
    )


def test_gettext_answers_in_chinese_under_zh_hans():
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        assert gettext("Enterprises") == "企业"
        assert gettext("Plan agreed") == "方案已确定"
        assert gettext("Senior auditor") == "高级审核员"
    with translation.override("en"):
        assert gettext("Enterprises") == "Enterprises"


def test_plural_string_uses_the_single_chinese_form():
    from django.utils.translation import ngettext

    with translation.override("zh-hans"):
        one = ngettext("%(counter)s item", "%(counter)s items", 1) % {"counter": 1}
        many = ngettext("%(counter)s item", "%(counter)s items", 7) % {"counter": 7}
    assert (one, many) == ("共 1 条", "共 7 条")


@pytest.mark.django_db
def test_anonymous_gets_chinese_login_page_from_accept_language(client):
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Log in to Qualift" in english
    assert "登录 Qualift" in chinese
    assert "用户名" in chinese and "密码" in chinese
    assert '<html lang="zh-hans">' in chinese


@pytest.mark.django_db
def test_anonymous_switches_to_chinese_through_setlang(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "登录 Qualift" in page
    assert "Log in to Qualift" not in page


def test_enterprise_admin_sees_chinese_dashboard_after_switching(world):
    client = world.client("a1_admin")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get("/").content.decode()
    assert "首页" in page
    assert "企业管理员" in page  # the role label from Membership.get_role_display()
    assert "从业人员" in page
    assert "Enterprise administrator" not in page
