"""A quality steward raises a nonconformity from a customer complaint, analyses it with 5 whys
and a fishbone, plans a corrective action, completes and verifies it, and closes the NC."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_enterprise_flow import _log_in

pytestmark = pytest.mark.browser


def _next_step(page, label: str) -> None:
    button = page.locator("#nc-next")
    expect(button).to_contain_text(label)
    button.click()
    expect(page.locator("#nc-status")).to_have_text(label)


def test_steward_takes_a_complaint_to_a_closed_nonconformity(
    page, live_server, live_world, screenshot_dir
):
    base = live_server.url
    _log_in(page, base, "a1_steward")

    # Quality → the enterprise's overview → Complaints → register one.
    page.locator(".navbar-nav .nav-link", has_text="Quality").click()
    page.locator("#quality-tabs").get_by_role("link", name="Complaints").click()
    page.locator("#complaint-new").click()
    page.fill("#id_customer", "杭州恒达机电有限公司")
    page.fill("#id_product", "Pump housing PH-40")
    page.fill("#id_description", "Three housings arrived with scratched sealing faces.")
    page.locator("#complaint-form button[type=submit]").click()
    expect(page.locator("#complaint-status")).to_be_visible()

    # Raise the nonconformity from the complaint.
    page.locator("#complaint-raise-nc").click()
    expect(page.locator("#nc-status")).to_have_text("Draft")
    expect(page.locator(".page-pretitle")).to_contain_text("Customer complaint")

    _next_step(page, "Analysing")

    # 5 whys, added in place (htmx).
    whys = [
        ("Why were the faces scratched?", "Housings touched each other in the box"),
        ("Why did they touch?", "The packing box has no dividers"),
    ]
    for question, answer in whys:
        page.fill("#why-form input[name=question]", question)
        page.fill("#why-form input[name=answer]", answer)
        page.locator("#why-form button[type=submit]").click()
        expect(page.locator("#why-list")).to_contain_text(answer)

    # Fishbone: a method cause, marked as the root cause.
    page.select_option("#cause-form select[name=category]", value="method")
    page.fill("#cause-form input[name=description]", "Packing instruction lacks dividers")
    page.locator("#cause-form button[type=submit]").click()
    bone = page.locator('.bone[data-category="method"]')
    expect(bone).to_contain_text("Packing instruction lacks dividers")
    bone.get_by_title("Mark as root cause").click()
    expect(page.locator('.bone[data-category="method"] .root')).to_be_visible()

    page.reload()
    _next_step(page, "Action plan")

    # A corrective action owned by the steward.
    page.locator("#add-action").click()
    page.select_option("#id_kind", value="corrective")
    page.fill("#id_title", "Add cardboard dividers and update the packing instruction")
    page.select_option("#id_owner", label="a1_steward")
    page.select_option("#id_manager", label="a1_admin")
    page.fill("#id_due_on", "2026-12-31")
    page.click("#save-action")
    expect(page.locator("#nc-status")).to_have_text("Action plan")
    _next_step(page, "Implementing")

    # Complete the action with evidence, then verify it as the steward.
    page.get_by_role("link", name="Add cardboard dividers").click()
    page.fill("#id_complete-evidence", "Dividers in use; instruction WI-07 rev B issued")
    page.click("#action-complete")
    expect(page.locator("#action-status")).to_have_text("Done")
    page.locator("#verify-card input[value=yes]").check()
    page.fill("#verify-card textarea[name=note]", "No scratched housings in the next deliveries")
    page.click("#action-verify")
    expect(page.locator("#action-verdict")).to_contain_text("Effective")

    # Back to the nonconformity: verify effectiveness and close.
    page.locator(".page-pretitle a").click()
    _next_step(page, "Verifying")
    page.locator("#verify-card input[value=yes]").check()
    page.fill("#verify-card textarea[name=note]", "Customer confirmed two clean deliveries")
    page.click("#nc-verify")
    page.click("#nc-close")
    expect(page.locator("#nc-status")).to_have_text("Closed")
    expect(page.locator("#nc-verdict")).to_contain_text("Effective")
    page.screenshot(path=str(screenshot_dir / "nc-closed.png"), full_page=True)

    from qualift.improvement.models import Complaint, Nonconformity

    nc = Nonconformity.objects.get(enterprise=live_world.a1)
    assert (nc.status, nc.root_cause_category, nc.effective) == ("closed", "method", True)
    assert Complaint.objects.get(enterprise=live_world.a1).nonconformity == nc
    assert nc.actions.get().effective is True
