"""A CB admin registers an enterprise in the browser: the bad USCC is caught inline, the fixed
one is saved, the list finds it, and the interface switches to Simplified Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qualift.core.testing import PASSWORD
from qualift.enterprises.uscc import make_uscc
from qualift.tenancy.models import Region

pytestmark = pytest.mark.browser

NAME = "宁波甬江精密阀门有限公司"
NAME_EN = "Ningbo Yongjiang Precision Valve Co."


def _wrong_check_char(code: str) -> str:
    """The same code with a different (wrong) 18th character."""
    return code[:17] + ("1" if code[17] != "1" else "2")


def _log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#current-user")).to_have_text(username)


def test_cb_admin_registers_enterprise_then_finds_it_and_switches_to_chinese(
    page, live_server, live_world, screenshot_dir
):
    base = live_server.url
    good = make_uscc("91330200MA2QX7Y4P")  # Ningbo (330200) prefix, arbitrary serial
    bad = _wrong_check_char(good)
    zhejiang = Region.objects.get(code="330000")

    _log_in(page, base, "cba_admin")

    # The list page's action button, as a user gets there.
    page.locator(".navbar-nav .nav-link", has_text="Enterprises").click()
    page.get_by_role("link", name="New enterprise").click()
    expect(page).to_have_url(f"{base}/enterprises/new/")

    page.fill("#id_name", NAME)
    page.fill("#id_name_en", NAME_EN)
    page.fill("#id_uscc", bad)
    page.select_option("#id_region", value=str(zhejiang.pk))
    page.select_option("#id_miit_industry", value="2")  # industry (manufacturing)
    page.fill("#id_employees", "46")
    page.fill("#id_revenue", "1800")
    page.click("#save-enterprise")

    # Re-rendered with the error under the USCC field; nothing saved.
    feedback = page.locator("#field-uscc .invalid-feedback")
    expect(feedback).to_be_visible()
    expect(feedback).to_contain_text(f"should be {good[17]}, not {bad[17]}")
    expect(page.locator("#id_uscc")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_name")).to_have_value(NAME)  # the user's input is kept
    page.screenshot(path=str(screenshot_dir / "enterprise_form_uscc_error.png"), full_page=True)

    page.fill("#id_uscc", good)
    page.click("#save-enterprise")

    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/enterprises/\d+/$"))
    expect(page.locator(".page-title")).to_contain_text(NAME)
    expect(page.locator("[role=alert]", has_text="Enterprise registered.")).to_be_visible()
    expect(page.locator("code", has_text=good)).to_be_visible()

    # The list: search narrows the table to the new enterprise (the CB's other clients drop out).
    page.locator(".navbar-nav .nav-link", has_text="Enterprises").click()
    table = page.locator("#enterprise-table")
    expect(table).to_contain_text(live_world.canaries["a1"])
    page.fill("input[name=q]", "Yongjiang")
    page.keyboard.press("Enter")
    expect(table).not_to_contain_text(live_world.canaries["a1"])
    row = table.locator("tbody tr", has_text=NAME)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(good)

    # Switch language from the navbar; the page comes back in Simplified Chinese.
    with page.expect_navigation():
        page.select_option("#language-select", value="zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.screenshot(path=str(screenshot_dir / "enterprise_list_zh_hans.png"), full_page=True)
    nav = page.locator("#navbar-menu")
    assert "企业" in nav.inner_text(), (
        "language switched (html lang=zh-hans) but the navigation is not in Chinese: "
        f"{nav.inner_text()!r}. Is locale/zh_Hans/LC_MESSAGES/django.po translated and compiled "
        "(make messages)?"
    )
