"""A quality steward enters shop-floor readings for a key parameter until the control chart
raises an alarm, reads the rule and the reaction plan, and raises the nonconformity from it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_enterprise_flow import _log_in

pytestmark = pytest.mark.browser

# Stable phase I: 20 readings around 10.00 mm (limits frozen from them below).
PHASE1 = [10.01, 9.99, 10.02, 9.98, 10.00, 10.01, 9.99, 10.00, 10.02, 9.98,
          10.00, 10.01, 9.99, 10.00, 10.01, 9.99, 10.00, 10.02, 9.98, 10.00]  # fmt: skip


def _parameter_with_frozen_limits(world):
    from qualift.process.services.limits import freeze_limits
    from qualift.process.services.process_map import (
        control_point_save,
        parameter_save,
        process_save,
    )
    from qualift.process.services.readings import ReadingInput, record_readings

    enterprise = world.a1
    process = process_save(
        actor=None, enterprise=enterprise, data={"code": "P20", "name": "Turning", "is_key": True}
    )
    point = control_point_save(actor=None, process=process, data={"name": "After finishing"})
    parameter = parameter_save(
        actor=None,
        control_point=point,
        data={
            "name": "Shaft diameter",
            "unit": "mm",
            "kind": "variable",
            "chart_type": "imr",
            "subgroup_size": 1,
            "target": 10.0,
            "lsl": 9.9,
            "usl": 10.1,
            "rules": "we",
            "reaction_plan": "Stop the lathe, check the tool insert, re-measure the last 5 parts.",
        },
    )
    start = timezone.now() - dt.timedelta(hours=len(PHASE1) + 1)
    record_readings(
        actor=None,
        enterprise=enterprise,
        readings=[
            ReadingInput(parameter=parameter, taken_at=start + dt.timedelta(hours=i), value=v)
            for i, v in enumerate(PHASE1)
        ],
        source="api",
    )
    freeze_limits(
        actor=None,
        parameter=parameter,
        first_subgroup=1,
        last_subgroup=len(PHASE1),
        reason="Phase I after the new fixture was installed",
    )
    return parameter


def test_steward_enters_readings_until_an_alarm_fires_and_raises_the_nc(
    page, live_server, live_world, screenshot_dir
):
    parameter = _parameter_with_frozen_limits(live_world)
    base = live_server.url
    _log_in(page, base, "a1_steward")

    # Process control → the one enterprise's dashboard → the process map → the parameter.
    page.locator(".navbar-nav .nav-link", has_text="Process control").click()
    page.locator("#process-tabs").get_by_role("link", name="Process map").click()
    page.get_by_role("link", name="Shaft diameter").click()
    page.locator("#link-entry").click()
    expect(page.locator("#reading-spec")).to_contain_text("USL 10.1")

    # Two ordinary readings: saved, no alarm; Enter on the value saves (keyboard-first).
    value = page.locator("#id_value_1")
    for reading in ("10.01", "9.99"):
        value.fill(reading)
        value.press("Enter")
        expect(page.locator("#reading-saved")).to_be_visible()
        expect(page.locator("#reading-alarms")).to_have_count(0)
        value = page.locator("#id_value_1")
        expect(value).to_have_value("")

    # A reading far above the frozen upper control limit: the alarm fires at once.
    value.fill("10.09")
    value.press("Enter")
    alarms = page.locator("#reading-alarms")
    expect(alarms).to_be_visible()
    expect(alarms).to_contain_text("beyond")
    expect(page.locator(".control-chart-live .cc-main canvas").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "process-alarm-entry.png"))

    # The alarm: the rule in words and the reaction plan; raise the nonconformity in one click.
    alarms.get_by_role("link").first.click()
    expect(page.locator("#alarm-rule")).to_contain_text("beyond")
    expect(page.locator("#alarm-reaction-plan")).to_contain_text("check the tool insert")
    alarm_url = page.url
    page.locator("#alarm-raise-nc").click()
    # Straight to the new nonconformity, in draft, named after the parameter.
    expect(page.locator("#nc-status")).to_have_text("Draft")
    expect(page.locator(".page-title").first).to_contain_text("Shaft diameter")
    # The alarm now links to it instead of offering to raise another.
    page.goto(alarm_url)
    expect(page.locator("#alarm-nc")).to_be_visible()
    expect(page.locator("#alarm-raise-nc")).to_have_count(0)

    from qualift.improvement.models import Nonconformity
    from qualift.process.models import Alarm

    # Two alarms: the individual beyond its UCL, and the moving range beyond the MR chart's.
    assert Alarm.objects.filter(parameter=parameter).count() == 2
    alarm = Alarm.objects.get(parameter=parameter, nonconformity__isnull=False)
    assert alarm.status == "nc_raised"
    assert alarm.rule == 1
    nc = Nonconformity.objects.get(pk=alarm.nonconformity_id)
    assert nc.source == "inspection"
    assert nc.enterprise_id == live_world.a1.pk
