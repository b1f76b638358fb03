"""Objectives computed from Qualift data (issue 5 §3): NC and complaint counts, action
timeliness, training completion on the policy in force, and Cpk compared with the process app's
own analysis. Small fixtures with counts known by construction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from qualift.improvement.services.actions import action_complete, action_create
from qualift.improvement.services.complaints import complaint_register
from qualift.improvement.services.nonconformities import nc_cancel, nc_create
from qualift.objectives import sources
from qualift.objectives.models import ObjectiveMeasurement
from qualift.objectives.services.objectives import objective_compute, objective_create
from qualift.objectives.services.org import employee_save
from qualift.objectives.services.policy import policy_approve, policy_communicate, policy_draft
from qualift.process.series import analyze_parameter
from qualift.process.testing import add_readings, make_parameter

pytestmark = pytest.mark.django_db

MAR = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def _objective(world, source: str, **data):
    values = {
        "level": "enterprise",
        "name": source,
        "unit": "pcs",
        "direction": "down",
        "target": D(2),
        "source": source,
        "starts_on": dt.date(2025, 1, 1),
    }
    values.update(data)
    return objective_create(actor=None, enterprise=world.a1, data=values)


def _nc(world, day, enterprise=None):
    return nc_create(
        actor=None,
        enterprise=enterprise or world.a1,
        data={"title": "Burr", "description": "Burr on edge", "detected_on": day},
        source="inspection",
    )


def test_nc_count_counts_the_period_without_cancelled_or_other_enterprises(world):
    for day in (dt.date(2025, 3, 1), dt.date(2025, 3, 15), dt.date(2025, 3, 31)):
        _nc(world, day)
    _nc(world, dt.date(2025, 2, 28))  # before the period
    _nc(world, dt.date(2025, 4, 1))  # after it
    _nc(world, dt.date(2025, 3, 10), enterprise=world.a2)  # another enterprise
    cancelled = _nc(world, dt.date(2025, 3, 20))
    nc_cancel(actor=None, nc=cancelled, reason="raised in error")
    obj = _objective(world, "nc_count")
    assert sources.compute_value(obj, *MAR) == D(3)
    # Computed for every completed month: Jan 0, Feb 1, Mar 3 (April not ended on 2025-04-15).
    assert objective_compute(actor=None, objective=obj, today=dt.date(2025, 4, 15)) == 3
    values = list(
        ObjectiveMeasurement.objects.filter(objective=obj).values_list("value", "attainment")
    )
    assert values == [(D(0), "on_track"), (D(1), "on_track"), (D(3), "missed")]
    obj.refresh_from_db()
    assert obj.latest_value == D(3) and obj.attainment == "missed"


def test_complaint_count(world):
    for day in (dt.date(2025, 3, 2), dt.date(2025, 3, 30), dt.date(2025, 4, 2)):
        complaint_register(
            actor=None,
            enterprise=world.a1,
            data={"customer": "ACME", "description": "Late delivery", "received_on": day},
        )
    obj = _objective(world, "complaint_count")
    assert sources.compute_value(obj, *MAR) == D(2)
    assert sources.compute_value(obj, dt.date(2025, 1, 1), dt.date(2025, 1, 31)) == D(0)


def test_action_timeliness_is_the_share_completed_by_the_due_date(world):
    def action(due, done):
        act = action_create(
            actor=None,
            enterprise=world.a1,
            data={"kind": "corrective", "title": "Fix", "owner_name": "Wang", "due_on": due},
        )
        if done:
            action_complete(actor=None, action=act, evidence="done", completed_on=done)
        return act

    action(dt.date(2025, 3, 10), dt.date(2025, 3, 9))  # early
    action(dt.date(2025, 3, 10), dt.date(2025, 3, 10))  # on the day
    action(dt.date(2025, 3, 10), dt.date(2025, 3, 12))  # late
    action(dt.date(2025, 3, 1), dt.date(2025, 3, 5))  # late
    action(dt.date(2025, 3, 1), dt.date(2025, 4, 1))  # completed after the period
    action(dt.date(2025, 3, 1), None)  # still open
    obj = _objective(world, "action_timeliness", unit="%", direction="up", target=D(90))
    assert sources.compute_value(obj, *MAR) == D(50)  # 2 on time of 4 completed in March
    assert sources.compute_value(obj, dt.date(2025, 1, 1), dt.date(2025, 1, 31)) is None


def test_training_completion_uses_the_policy_in_force_and_employees_at_period_end(world):
    today = timezone.localdate()
    start = today.replace(day=1)
    obj = _objective(world, "training_completion", unit="%", direction="up", target=D(100))
    people = [
        employee_save(actor=None, enterprise=world.a1, data={"name": f"P{n}"}) for n in range(4)
    ]
    employee_save(actor=None, enterprise=world.a1, data={"name": "Left", "is_active": False})
    assert sources.compute_value(obj, start, today) is None  # no policy in force yet
    policy = policy_draft(actor=None, enterprise=world.a1, text="Right first time.")
    policy_approve(actor=None, policy=policy, approved_by_name="GM", meaning="Approved")
    assert sources.compute_value(obj, start, today) == D(0)
    policy_communicate(
        actor=None,
        policy=policy,
        method="training",
        communicated_on=today,
        employees=people[:3],
    )
    policy_communicate(
        actor=None, policy=policy, method="notice_board", communicated_on=today, employees=people
    )
    assert sources.compute_value(obj, start, today) == D(75)  # 3 of 4 employed were trained
    # A new version in force: the earlier training no longer counts.
    new = policy_draft(actor=None, enterprise=world.a1, text="Right first time, every time.")
    policy_approve(actor=None, policy=new, approved_by_name="GM", meaning="Approved")
    assert sources.compute_value(obj, start, today) == D(0)


def test_cpk_matches_the_process_apps_own_capability_up_to_the_period_end(world):
    # 40 readings, one a day from 2025-03-05; the March period holds the first 27 (5–31 March).
    values = [10.0 + 0.1 * ((n * 7) % 11 - 5) for n in range(40)]
    step = dt.timedelta(days=1)
    start = dt.datetime(2025, 3, 5, 8, 0, tzinfo=dt.UTC)
    parameter = make_parameter(world.a1, "P10", lsl=9.0, usl=11.0)
    add_readings(parameter, values, start=start, step=step)
    march_only = make_parameter(world.a1, "P20", lsl=9.0, usl=11.0)
    add_readings(march_only, values[:27], start=start, step=step)
    expected = analyze_parameter(march_only).result.capability["cpk"]
    obj = _objective(
        world, "spc_cpk", unit="Cpk", direction="up", target=D("1.33"), source_parameter=parameter
    )
    assert sources.compute_value(obj, *MAR) == D(str(round(float(expected), 4)))
    everything = analyze_parameter(parameter).result.capability["cpk"]
    april = sources.compute_value(obj, dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert april == D(str(round(float(everything), 4)))
    assert sources.compute_value(obj, dt.date(2025, 2, 1), dt.date(2025, 2, 28)) is None
    no_spec = make_parameter(world.a1, "P30")
    add_readings(no_spec, values, start=start, step=step)
    obj.source_parameter = no_spec
    assert sources.compute_value(obj, *MAR) is None
