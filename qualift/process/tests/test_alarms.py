"""Alarms: run-rule violations in new readings open (or extend) an alarm; an alarm raises a
nonconformity automatically or on one click; closing needs a reason.

Reference: qcc 3.0 vignette / Montgomery Example 6.1 — pistonrings samples 37, 38 and 39 lie
beyond the limits frozen from samples 1-25 (rule 1).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualift.core.models import AuditEvent
from qualift.improvement.models import Nonconformity
from qualift.process.models import Alarm
from qualift.process.services.alarms import alarm_close, alarm_raise_nc, check_new_readings
from qualift.process.services.limits import freeze_limits
from qualift.process.testing import add_readings, make_parameter
from qualift.process.tests.chart_fixtures import (
    add_pistonrings,
    pistonrings_parameter,
    pistonrings_rows,
)

PHASE1 = [10.5, 9.5] * 10  # alternating around 10: MR̄ = 1, σ = 1/d2(2) ≈ 0.886


def _frozen_rings(world, **fields):
    rings = pistonrings_parameter(world.a1, upto_sample=36, **fields)
    freeze_limits(actor=None, parameter=rings, first_subgroup=1, last_subgroup=25, reason="P1")
    assert check_new_readings(actor=None, parameter=rings, first_subgroup=26) == []
    return rings


def _imr(world, rules="we", **fields):
    parameter = make_parameter(world.a1, rules=rules, name="Bore", **fields)
    add_readings(parameter, PHASE1)
    freeze_limits(actor=None, parameter=parameter, first_subgroup=1, last_subgroup=20, reason="P1")
    return parameter


def _add(parameter, values):
    first = parameter.next_subgroup
    add_readings(parameter, values)
    return first


def test_pistonrings_samples_37_to_39_open_one_rule1_alarm(world):
    rings = _frozen_rings(world)
    add_pistonrings(rings, 37, 40)
    alarms = check_new_readings(actor=world.users["a1_staff"], parameter=rings, first_subgroup=37)
    assert len(alarms) == 1
    alarm = Alarm.objects.get()
    assert (alarm.rule_family, alarm.rule, alarm.chart) == ("we", 1, "")
    assert (alarm.first_subgroup, alarm.last_subgroup, alarm.point_count) == (37, 39, 3)
    assert alarm.status == "open" and alarm.limit_set.version == 1
    sample37 = [float(r["diameter"]) for r in pistonrings_rows() if r["sample"] == "37"]
    assert alarm.value == pytest.approx(sum(sample37) / 5)  # the X̄ of sample 37
    snap = alarm.snapshot["points"]
    assert snap["subgroup"][-1] == 39 and len(snap["subgroup"]) == 39
    assert snap["code"][-3:] == [1, 1, 1]
    assert snap["ucl"] == pytest.approx(74.0143, abs=5e-5)
    assert "1" in alarm.snapshot["rules"]
    assert AuditEvent.objects.filter(verb="alarm.open", target_id=str(alarm.pk)).count() == 1
    rings.refresh_from_db()
    assert rings.health == "amber"


def test_pistonrings_entered_one_sample_at_a_time_extend_the_same_alarm(world):
    rings = _frozen_rings(world)
    for sample in (37, 38, 39, 40):
        add_pistonrings(rings, sample, sample)
        check_new_readings(actor=None, parameter=rings, first_subgroup=sample)
    alarm = Alarm.objects.get()
    assert (alarm.first_subgroup, alarm.last_subgroup, alarm.point_count) == (37, 39, 3)
    assert AuditEvent.objects.filter(verb="alarm.open").count() == 1


def test_checking_the_same_readings_twice_opens_nothing_new(world):
    rings = _frozen_rings(world)
    add_pistonrings(rings, 37, 40)
    check_new_readings(actor=None, parameter=rings, first_subgroup=37)
    assert check_new_readings(actor=None, parameter=rings, first_subgroup=37) == []
    assert Alarm.objects.get().point_count == 3


def test_continuing_we4_run_extends_one_alarm(world):
    parameter = _imr(world, rules="we")
    # 0.3 above the centre (about 0.34 σ): only "8 in a row on one side" can fire.
    for _ in range(12):
        first = _add(parameter, [10.3])
        check_new_readings(actor=None, parameter=parameter, first_subgroup=first)
    alarm = Alarm.objects.get()
    assert (alarm.rule_family, alarm.rule) == ("we", 4)
    assert alarm.first_subgroup == 28  # the 8th point of the run (subgroups 21…)
    assert (alarm.last_subgroup, alarm.point_count) == (32, 5)


def test_separate_rule1_points_open_separate_alarms(world):
    parameter = _imr(world, rules="we:1")
    first = _add(parameter, [10.0, 14.0, 10.0, 10.0, 10.0, 14.0, 10.0])
    check_new_readings(actor=None, parameter=parameter, first_subgroup=first)
    primary = Alarm.objects.filter(chart="").order_by("first_subgroup")
    assert [(a.first_subgroup, a.point_count) for a in primary] == [(22, 1), (26, 1)]
    # The jumps also put the moving range beyond its limit: alarms on the MR chart.
    assert Alarm.objects.filter(chart="MR").exists()


def test_automatic_mode_raises_the_nc_once(world):
    rings = _frozen_rings(world, alarm_mode="automatic")
    add_pistonrings(rings, 37, 40)
    staff = world.users["a1_staff"]
    check_new_readings(actor=staff, parameter=rings, first_subgroup=37)
    alarm = Alarm.objects.get()
    nc = Nonconformity.objects.get()
    assert alarm.status == "nc_raised" and alarm.nonconformity == nc
    assert nc.enterprise == world.a1 and nc.source == "inspection"
    assert nc.title.startswith("Ring diameter: ")
    assert nc.process_name == rings.control_point.process.name
    assert "Stop the line" in nc.description  # the reaction plan
    assert f"/process/alarms/{alarm.pk}/" in nc.description
    assert nc.raised_by == staff
    # Again (a retried check, then a manual click): still one NC.
    check_new_readings(actor=staff, parameter=rings, first_subgroup=37)
    assert alarm_raise_nc(actor=world.users["a1_steward"], alarm=alarm) == nc
    assert Nonconformity.objects.count() == 1


def test_automatic_mode_extends_the_raised_alarm_instead_of_a_new_nc(world):
    rings = _frozen_rings(world, alarm_mode="automatic")
    for sample in (37, 38, 39):
        add_pistonrings(rings, sample, sample)
        check_new_readings(actor=None, parameter=rings, first_subgroup=sample)
    assert Alarm.objects.get().point_count == 3
    assert Nonconformity.objects.count() == 1


def test_steward_raises_the_nc_on_one_click_idempotently(world):
    rings = _frozen_rings(world)
    add_pistonrings(rings, 37, 40)
    check_new_readings(actor=None, parameter=rings, first_subgroup=37)
    alarm = Alarm.objects.get()
    assert alarm.nonconformity is None  # one-click mode waits for the click
    steward = world.users["a1_steward"]
    nc = alarm_raise_nc(actor=steward, alarm=alarm)
    assert alarm_raise_nc(actor=steward, alarm=alarm) == nc
    alarm.refresh_from_db()
    assert alarm.status == "nc_raised" and alarm.nonconformity == nc
    assert AuditEvent.objects.filter(verb="alarm.raise_nc").count() == 1


@pytest.mark.parametrize("username", ["a1_staff", "cba_admin"])
def test_read_only_roles_cannot_raise_or_close(world, username):
    rings = _frozen_rings(world)
    add_pistonrings(rings, 37, 40)
    check_new_readings(actor=None, parameter=rings, first_subgroup=37)
    alarm = Alarm.objects.get()
    with pytest.raises(PermissionDenied):
        alarm_raise_nc(actor=world.users[username], alarm=alarm)
    with pytest.raises(PermissionDenied):
        alarm_close(actor=world.users[username], alarm=alarm, reason="no")
    assert not Nonconformity.objects.exists()


def test_closing_needs_a_reason(world):
    rings = _frozen_rings(world)
    add_pistonrings(rings, 37, 40)
    check_new_readings(actor=None, parameter=rings, first_subgroup=37)
    alarm = Alarm.objects.get()
    steward = world.users["a1_steward"]
    with pytest.raises(ValidationError) as exc:
        alarm_close(actor=steward, alarm=alarm, reason=" ")
    assert "reason" in exc.value.message_dict
    alarm.refresh_from_db()
    assert alarm.status == "open"
    alarm_close(actor=steward, alarm=alarm, reason="Gauge slipped; re-measured in spec")
    alarm.refresh_from_db()
    assert alarm.status == "closed" and alarm.closed_by == steward
    assert alarm.close_reason == "Gauge slipped; re-measured in spec"
    event = AuditEvent.objects.get(verb="alarm.close")
    assert event.reason == alarm.close_reason
    with pytest.raises(ValidationError):
        alarm_raise_nc(actor=steward, alarm=alarm)
