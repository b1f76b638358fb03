"""Nonconformity state machine, closing guards, root cause marking, actions, recurrences."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from qualift.core.audit import verify_chain
from qualift.core.models import AuditEvent
from qualift.improvement.models import Nonconformity
from qualift.improvement.selectors import recurrences_for_action, recurrences_for_nc
from qualift.improvement.services.actions import (
    action_cancel,
    action_complete,
    action_create,
    action_update,
    action_verify,
)
from qualift.improvement.services.nonconformities import (
    analysis_item_delete,
    cause_add,
    nc_cancel,
    nc_close,
    nc_create,
    nc_transition,
    nc_update,
    nc_verify,
    root_mark,
    why_add,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _nc(world, user="a1_steward", **extra):
    data = {
        "title": "Bore diameter out of tolerance",
        "description": "Batch 42: 7 of 50 parts",
        "process_name": "CNC turning",
        "detected_on": dt.date(2026, 5, 1),
    }
    data.update(extra)
    return nc_create(actor=world.users[user], enterprise=world.a1, data=data, source="inspection")


def _action(world, nc, **extra):
    data = {
        "kind": "corrective",
        "title": "Recalibrate the bore gauge",
        "owner": world.users["a1_staff"],
        "manager": world.users["a1_admin"],
        "due_on": dt.date(2026, 6, 1),
    }
    data.update(extra)
    return action_create(
        actor=world.users["a1_steward"], enterprise=world.a1, data=data, nonconformity=nc
    )


def _to_implementing(world, nc):
    steward = world.users["a1_steward"]
    nc_transition(actor=steward, nc=nc, to_status="analysing")
    cause = cause_add(
        actor=steward, nc=nc, category="measurement", description="Gauge out of calibration"
    )
    root_mark(actor=steward, item=cause, is_root=True)
    nc_transition(actor=steward, nc=nc, to_status="action_plan")
    action = _action(world, nc)
    nc_transition(actor=steward, nc=nc, to_status="implementing")
    return action


def test_staff_reports_and_numbers_follow_the_year(world):
    first = _nc(world, user="a1_staff")
    second = _nc(world, user="a1_staff")
    other_year = _nc(world, user="a1_staff", detected_on=dt.date(2025, 12, 30))
    assert (first.number, second.number, other_year.number) == (
        "NC-2026-001",
        "NC-2026-002",
        "NC-2025-001",
    )
    assert first.status == "draft" and first.raised_by == world.users["a1_staff"]
    assert AuditEvent.objects.filter(verb="nc.create", enterprise_id=world.a1.pk).count() == 3


def test_outsiders_and_read_only_roles_cannot_report(world):
    for user in ("cba_auditor1", "b1_admin", "po_admin"):
        with pytest.raises(PermissionDenied):
            _nc(world, user=user)


def test_full_flow_to_closed(world):
    nc = _nc(world)
    action = _to_implementing(world, nc)
    staff = world.users["a1_staff"]
    action_update(actor=staff, action=action, data={"status": "in_progress"})  # owner's progress
    action_complete(
        actor=staff,
        action=action,
        evidence="Calibration certificate 2026-117",
        completed_on=dt.date(2026, 5, 20),
    )
    action.refresh_from_db()
    assert action.effectiveness_due == dt.date(2026, 6, 19)  # 30 days (settings default)
    nc_transition(actor=world.users["a1_steward"], nc=nc, to_status="verifying")
    action_verify(
        actor=world.users["a1_admin"],
        action=action,
        effective=True,
        note="No out-of-tolerance bores in 4 weeks",
    )
    nc_verify(
        actor=world.users["a1_steward"],
        nc=nc,
        effective=True,
        note="Four weeks of conforming batches",
    )
    nc = nc_close(actor=world.users["a1_steward"], nc=nc)
    assert nc.status == "closed" and nc.closed_at is not None
    assert nc.root_cause_category == "measurement"
    assert verify_chain().ok


def test_illegal_transitions_are_refused(world):
    nc = _nc(world)
    steward = world.users["a1_steward"]
    with pytest.raises(ValidationError):
        nc_transition(actor=steward, nc=nc, to_status="implementing")  # skipping steps
    nc_transition(actor=steward, nc=nc, to_status="analysing")
    with pytest.raises(ValidationError, match="root cause"):
        nc_transition(actor=steward, nc=nc, to_status="action_plan")
    why = why_add(actor=steward, nc=nc, question="Why oversize?", answer="Tool worn")
    root_mark(actor=steward, item=why, is_root=True)
    nc_transition(actor=steward, nc=nc, to_status="action_plan")
    with pytest.raises(ValidationError, match="action"):
        nc_transition(actor=steward, nc=nc, to_status="implementing")


def test_closing_guards(world):
    nc = _nc(world)
    action = _to_implementing(world, nc)
    steward = world.users["a1_steward"]
    with pytest.raises(ValidationError, match="done or cancelled"):
        nc_transition(actor=steward, nc=nc, to_status="verifying")
    action_complete(actor=world.users["a1_staff"], action=action, evidence="done")
    nc_transition(actor=steward, nc=nc, to_status="verifying")
    with pytest.raises(ValidationError, match="effective verdict"):
        nc_close(actor=steward, nc=nc)
    nc_verify(actor=steward, nc=nc, effective=False, note="Recurred on batch 51")
    nc.refresh_from_db()
    assert nc.status == "implementing" and nc.effective is False
    with pytest.raises(ValidationError):
        nc_close(actor=steward, nc=nc)


def test_cancel_needs_a_reason_and_freezes_the_record(world):
    nc = _nc(world)
    steward = world.users["a1_steward"]
    with pytest.raises(ValidationError):
        nc_cancel(actor=steward, nc=nc, reason=" ")
    nc_cancel(actor=steward, nc=nc, reason="Duplicate of NC-2026-002")
    with pytest.raises(ValidationError):
        nc_update(actor=steward, nc=nc, data={"title": "x"})


def test_root_cause_category_follows_the_first_marked_cause(world):
    nc = _nc(world)
    steward = world.users["a1_steward"]
    people = cause_add(actor=steward, nc=nc, category="people", description="New operator")
    machine = cause_add(actor=steward, nc=nc, category="machine", description="Spindle play")
    root_mark(actor=steward, item=machine, is_root=True)
    root_mark(actor=steward, item=people, is_root=True)
    nc.refresh_from_db()
    assert nc.root_cause_category == "people"  # first marked by creation order
    analysis_item_delete(actor=steward, item=people)
    nc.refresh_from_db()
    assert nc.root_cause_category == "machine"


def test_whys_are_renumbered_after_a_delete(world):
    nc = _nc(world)
    steward = world.users["a1_steward"]
    steps = [
        why_add(actor=steward, nc=nc, question=f"Why {i}?", answer=f"Because {i}")
        for i in range(1, 4)
    ]
    analysis_item_delete(actor=steward, item=steps[0])
    assert list(nc.whys.values_list("position", "answer")) == [(1, "Because 2"), (2, "Because 3")]


def test_only_owner_or_steward_updates_an_action(world):
    nc = _nc(world)
    action = _action(world, nc)
    with pytest.raises(PermissionDenied):
        action_update(
            actor=world.users["cba_auditor1"], action=action, data={"status": "in_progress"}
        )
    with pytest.raises(PermissionDenied):  # the owner may report progress, not re-plan
        action_update(
            actor=world.users["a1_staff"], action=action, data={"due_on": dt.date(2027, 1, 1)}
        )
    with pytest.raises(ValidationError, match="evidence"):
        action_complete(actor=world.users["a1_staff"], action=action, evidence="")
    action_cancel(actor=world.users["a1_steward"], action=action, reason="Superseded")
    with pytest.raises(ValidationError):
        action_verify(actor=world.users["a1_admin"], action=action, effective=True, note="x")


@override_settings(QUALIFT_RECURRENCE_DAYS=60)
def test_recurrences_same_process_and_cause_inside_the_window(world):
    nc = _nc(world)
    action = _to_implementing(world, nc)
    action_complete(
        actor=world.users["a1_staff"],
        action=action,
        evidence="ok",
        completed_on=dt.date(2026, 5, 20),
    )
    steward = world.users["a1_steward"]

    def later(day: dt.date, process="CNC turning", category="measurement"):
        other = _nc(world, detected_on=day, process_name=process)
        cause = cause_add(actor=steward, nc=other, category=category, description="gauge")
        root_mark(actor=steward, item=cause, is_root=True)
        return other

    inside = later(dt.date(2026, 6, 10))
    later(dt.date(2026, 8, 1))  # 73 days after completion: outside the 60-day window
    later(dt.date(2026, 6, 12), process="Grinding")  # another process
    later(dt.date(2026, 6, 12), category="people")  # another cause category
    later(dt.date(2026, 5, 10))  # before the fix
    action.refresh_from_db()
    assert list(recurrences_for_action(action)) == [inside]
    assert list(recurrences_for_nc(Nonconformity.objects.get(pk=nc.pk))) == [inside]
