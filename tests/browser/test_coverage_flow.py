"""Issue 5 §8: the quality steward adds an employee who has no objective, sees the coverage gap,
follows its link to a ready objective form for her position, saves the objective and sees the
gap close (on the coverage page and on the organisation chart's coverage card)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_enterprise_flow import _log_in

pytestmark = pytest.mark.browser


def test_steward_closes_a_coverage_gap_by_adding_an_objective_for_the_position(
    page, live_server, live_world, screenshot_dir
):
    from qualift.objectives.models import Employee, Objective
    from qualift.objectives.services.org import department_save, position_save

    enterprise = live_world.a1
    workshop = department_save(actor=None, enterprise=enterprise, data={"name": "Welding shop"})
    welder = position_save(
        actor=None,
        enterprise=enterprise,
        data={
            "title": "Welder",
            "department": workshop,
            "responsibilities": "Weld frames to the drawing; check every seam before handing on.",
        },
    )
    base = live_server.url
    _log_in(page, base, "a1_steward")

    # Goals → Employees → add Li Na as a welder.
    page.locator(".navbar-nav .nav-link", has_text="Goals").click()
    tabs = page.locator("#goals-tabs")
    tabs.get_by_role("link", name="Employees").click()
    page.locator("#employee-new").click()
    page.fill("#id_name", "Li Na")
    page.select_option("#id_position", label="Welder")
    page.locator("#employee-form").get_by_role("button", name="Save").click()
    expect(page.locator("#employee-table")).to_contain_text("Li Na")
    li_na = Employee.objects.get(enterprise=enterprise, name="Li Na")

    # Coverage: one employee (2 checks) + one position (1 check), one gap → 66.7 %.
    tabs.get_by_role("link", name="Coverage").click()
    gap = page.locator(f'[data-gap-kind="employee_without_objective"][data-gap-id="{li_na.pk}"]')
    expect(gap).to_contain_text("Li Na")
    expect(page.locator("#coverage-score")).to_have_text("66.7 %")
    expect(page.locator("#count-employee_without_objective")).to_have_text("1")
    page.screenshot(path=str(screenshot_dir / "coverage-gap.png"))

    # The gap's link opens the objective form ready for her position.
    gap.get_by_role("link", name="Add an objective for the position").click()
    expect(page.locator("#id_level")).to_have_value("position")
    expect(page.locator("#id_position")).to_have_value(str(welder.pk))
    page.fill("#id_name", "Weld seams reworked")
    page.fill("#id_unit", "seams/month")
    page.select_option("#id_direction", "down")
    page.fill("#id_target", "2")
    page.select_option("#id_owner", label="Li Na")
    page.fill("#id_starts_on", timezone.localdate().isoformat())  # nothing due before next period
    page.locator("#objective-save").click()
    expect(page.locator(".page-title").first).to_contain_text("Weld seams reworked")
    objective = Objective.objects.get(enterprise=enterprise, name="Weld seams reworked")
    assert (objective.level, objective.position_id, objective.owner_id) == (
        "position",
        welder.pk,
        li_na.pk,
    )

    # The gap is closed: 2 + 1 + 2 checks (the objective has an owner and nothing is due yet).
    page.locator("#goals-tabs").get_by_role("link", name="Coverage").click()
    expect(page.locator("#coverage-score")).to_have_text("100.0 %")
    expect(page.locator("#count-employee_without_objective")).to_have_text("0")
    expect(page.locator('[data-gap-kind="employee_without_objective"]')).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "coverage-closed.png"))

    # The organisation chart shows the same score on its coverage card (loaded with htmx).
    page.locator("#goals-tabs").get_by_role("link", name="Organisation chart").click()
    expect(page.locator("#org-coverage #coverage-score")).to_have_text("100.0 %")
