"""Issue 6 §8: a CB expert diagnoses an enterprise, scores three issues, sees the ranking and its
breakdown, builds a plan from the top two, both sides sign it, and a milestone is ticked.

Scores are chosen so the ranking can be computed by hand with the default weights (prominence
0.4, the other three factors 0.2 each; docs/assistance-prioritisation.md):
  A: prominence 5, everything else 4 → 0.4·5 + 0.6·4 = 4.40 (factor means 5, 4, 4, 4)
  B: every sub-criterion 4           → 4.00
  C: prominence 2, everything else 3 → 0.4·2 + 0.6·3 = 2.60
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_enterprise_flow import _log_in

pytestmark = pytest.mark.browser

ISSUES = {
    "No incoming inspection of leather": ("inspection", 5, 4),
    "Cutting parameters not recorded": ("key_process", 4, 4),
    "Suggestions never answered": ("motivation", 2, 3),
}


def _pick(page, name: str, value: int) -> None:
    """Tick a radio button; one styled as a button group is hidden, so click its label."""
    radio = page.locator(f'input[name="{name}"][value="{value}"]')
    label = page.locator(f'label[for="{radio.get_attribute("id")}"]')
    if label.count():
        label.click()
    else:
        radio.check()


def _log_out(page) -> None:
    page.locator("form[action$='/accounts/logout/'] button").click()


def test_expert_diagnoses_ranks_plans_and_both_sides_sign_then_a_milestone_is_ticked(
    page, live_server, live_world, screenshot_dir
):
    from qualift.assistance.choices import SUB_CRITERIA, Area
    from qualift.assistance.models import AssistanceIssue, Plan

    world = live_world
    entry = world.entry(world.a1)
    base = live_server.url
    today = timezone.localdate().isoformat()
    _log_in(page, base, "cba_expert")

    # Diagnose: open a diagnosis (the expert is ticked by default), rate every area.
    page.locator(".navbar-nav .nav-link", has_text="Assistance").click()
    page.goto(f"{base}/assistance/entry/{entry.pk}/")
    page.locator("#diagnosis-new").click()
    page.fill("#id_held_on", today)
    page.fill("#id_hours", "6")
    page.locator("#diagnosis-form").get_by_role("button", name="Open the diagnosis").click()
    expect(page.locator("#questionnaire-form")).to_be_visible()
    for level, area in zip((2, 3, 2, 3, 2, 3, 4, 2), Area.values, strict=True):
        _pick(page, f"level_{area}", level)
    page.locator("#questionnaire-form").get_by_role("button", name="Save").click()
    expect(page.locator("#maturity-radar")).to_be_visible()
    expect(page.locator("#rated-count")).to_contain_text("8")

    # Score three issues: the first from the diagnosis page, the others from the ranking page.
    for title, (area, prominence, others) in ISSUES.items():
        page.locator("a[href$='/issues/new/']").first.click()
        page.fill("#id_title", title)
        page.select_option("#id_area", area)
        for factor, subs in SUB_CRITERIA.items():
            for criterion, _label in subs:
                value = prominence if factor == "prominence" else others
                _pick(page, f"{factor}_{criterion}", value)
        page.get_by_role("button", name="Save issue").click()
        expect(page.locator("#ranking-table")).to_contain_text(title)
    issues = {i.title: i for i in AssistanceIssue.objects.filter(enterprise=world.a1)}
    assert all(i.is_scored for i in issues.values())

    # The ranking and its breakdown, computed by hand above.
    rows = page.locator("#ranking-table tbody tr[id^='issue-']")
    expect(rows).to_have_count(3)
    a, b, c = (issues[t] for t in ISSUES)
    expect(rows.nth(0)).to_have_id(f"issue-{a.pk}")
    expect(rows.nth(1)).to_have_id(f"issue-{b.pk}")
    expect(rows.nth(2)).to_have_id(f"issue-{c.pk}")
    expect(page.locator(f"#issue-{a.pk}")).to_contain_text("4.40")
    expect(page.locator(f"#issue-{b.pk}")).to_contain_text("4.00")
    expect(page.locator(f"#issue-{c.pk}")).to_contain_text("2.60")
    expect(page.locator(f"#issue-{a.pk}")).to_contain_text("5.00")  # prominence's mean
    expect(page.locator(f"#issue-{c.pk}")).to_contain_text("Severity 2")  # the sub-scores
    expect(page.locator("#ranking-chart")).to_be_visible()
    expect(page.locator("#sensitivity")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "assistance-ranking.png"), full_page=True)

    # Choose the top two as assistance points, then build the plan from them.
    page.locator(f'input[name="chosen"][value="{a.pk}"]').check()
    page.locator(f'input[name="chosen"][value="{b.pk}"]').check()
    page.get_by_role("button", name="Choose assistance points").click()
    page.locator("#assistance-tabs").get_by_role("link", name="Plan").click()
    points = page.locator("#field-points")
    expect(points.locator(f'input[value="{a.pk}"]')).to_be_checked()
    expect(points.locator(f'input[value="{b.pk}"]')).to_be_checked()
    expect(points.locator(f'input[value="{c.pk}"]')).not_to_be_checked()
    page.locator("#plan-form").get_by_role("button", name="Save").click()
    expect(page.locator("#plan-status")).to_be_visible()
    plan = Plan.objects.get(ledger_entry=entry)
    assert set(plan.points.values_list("pk", flat=True)) == {a.pk, b.pk}

    # A measure, a milestone and an indicator: what a plan needs before it can be signed.
    page.locator("#measures").get_by_role("link", name="Measure").click()
    page.select_option("#id_kind", "key_technology")
    page.fill("#id_title", "Incoming inspection procedure for leather")
    page.select_option("#id_issue", str(a.pk))
    page.select_option("#id_cb_owner", label="cba_expert")
    page.select_option("#id_enterprise_owner", label="a1_admin")
    page.fill("#id_starts_on", today)
    page.fill("#id_due_on", today)
    page.locator("#plan-part-form").get_by_role("button", name="Save").click()
    page.locator("#milestones").get_by_role("link", name="Milestone").click()
    page.fill("#id_title", "Procedure issued")
    page.fill("#id_due_on", today)
    page.fill("#id_acceptance_criteria", "The procedure is approved and on the shop floor.")
    page.locator("#plan-part-form").get_by_role("button", name="Save").click()
    page.locator("#indicators").get_by_role("link", name="Indicator").click()
    page.fill("#id_name", "Leather batches rejected at cutting")
    page.fill("#id_unit", "%")
    page.fill("#id_baseline", "6")
    page.fill("#id_baseline_on", today)
    page.fill("#id_target", "2")
    page.select_option("#id_direction", "down")
    page.locator("#plan-part-form").get_by_role("button", name="Save").click()
    expect(page.locator("#indicators")).to_contain_text("Leather batches rejected at cutting")

    # The CB signs ...
    page.locator("#sign-button").click()
    page.fill("#id_name", "Zhang Wei, assistance expert")
    page.fill("#id_meaning", "Approved for the certification body")
    page.locator("#sign-form button[type=submit]").click()
    expect(page.locator("#signatures")).to_contain_text("Zhang Wei")
    _log_out(page)

    # ... then the enterprise's administrator, and the plan is agreed.
    _log_in(page, base, "a1_admin")
    page.goto(f"{base}/assistance/plan/{plan.pk}/")
    page.locator("#sign-button").click()
    page.fill("#id_name", "Chen Jing, general manager")
    page.fill("#id_meaning", "Agreed for the enterprise")
    page.locator("#sign-form button[type=submit]").click()
    expect(page.locator("#signatures")).to_contain_text("Chen Jing")
    plan.refresh_from_db()
    entry.refresh_from_db()
    assert plan.status == "agreed"
    assert entry.status == "plan_agreed"

    # Tick the milestone with its evidence: progress 100 %, the ledger moves to assisting.
    page.locator("#milestones").get_by_role("link", name="Tick").click()
    page.fill("#id_evidence", "Procedure QP-07 approved on the notice board; photo in the file.")
    page.locator("#achieve-form button[type=submit]").click()
    expect(page.locator("#milestones")).to_contain_text("Achieved")
    page.screenshot(path=str(screenshot_dir / "assistance-plan.png"), full_page=True)
    plan.refresh_from_db()
    entry.refresh_from_db()
    assert plan.progress == 100
    assert entry.status == "assisting"
