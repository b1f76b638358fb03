"""Reminders are idempotent; Pareto, trend and days-to-close match a hand-computed fixture."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from qualift.core.models import AuditEvent
from qualift.improvement.analysis import average_days_to_close, monthly_trend, pareto
from qualift.improvement.models import CorrectiveAction, Nonconformity
from qualift.improvement.reminders import send_action_reminders
from qualift.improvement.services.actions import action_create
from qualift.improvement.services.nonconformities import cause_add, nc_create, root_mark

pytestmark = pytest.mark.django_db


def _overdue_action(world, due: dt.date, email="wang@example.com"):
    return action_create(
        actor=None,
        enterprise=world.a1,
        data={
            "kind": "corrective",
            "title": "Replace worn clamp",
            "owner_name": "Wang",
            "owner_email": email,
            "due_on": due,
        },
    )


def test_reminders_are_sent_once_then_weekly(world):
    action = _overdue_action(world, dt.date(2026, 3, 1))
    _overdue_action(world, dt.date(2026, 3, 1), email="")  # no address: listed, not sent
    _overdue_action(world, dt.date(2026, 4, 1))  # not yet overdue on 2026-03-10
    first = send_action_reminders(today=dt.date(2026, 3, 10))
    assert [line["sent"] for line in first] == [True, False]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@example.com"]
    assert "Replace worn clamp" in mail.outbox[0].subject
    again = send_action_reminders(today=dt.date(2026, 3, 10))
    assert [line["sent"] for line in again] == [False]  # only the address-less one remains
    assert len(mail.outbox) == 1
    send_action_reminders(today=dt.date(2026, 3, 16))
    assert len(mail.outbox) == 1  # six days later: not yet
    send_action_reminders(today=dt.date(2026, 3, 17))
    assert len(mail.outbox) == 2  # a week later: again
    action.refresh_from_db()
    assert action.last_reminder_on == dt.date(2026, 3, 17)
    assert AuditEvent.objects.filter(verb="action.reminder").count() == 2


def test_send_reminders_command_json_and_bad_date(world, capsys):
    _overdue_action(world, dt.date(2026, 3, 1))
    call_command("send_reminders", "--today", "2026-03-10", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["sent"] == 1 and out["reminders"][0]["to"] == "wang@example.com"
    call_command("send_reminders", "--today", "2026-03-10", "--json")
    assert json.loads(capsys.readouterr().out)["sent"] == 0
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as info:
        call_command("send_reminders", "--today", "10/03/2026")
    assert info.value.returncode == 2


def _fixture(world):
    """Ten NCs by hand (cause, process, clause, source) — the Pareto below is counted by hand:
    cause method 4, machine 3, people 2, material 1 (cumulative 40, 70, 90, 100 %)."""
    from qualift.standards.models import Clause

    rows = [
        ("method", "Turning", "8.5.1", "inspection"),
        ("method", "Turning", "8.5.1", "inspection"),
        ("method", "Assembly", "8.5.1", "customer_complaint"),
        ("method", "Assembly", "7.5", "internal_audit"),
        ("machine", "Turning", "7.1.3", "inspection"),
        ("machine", "Turning", "7.1.3", "other"),
        ("machine", "Grinding", "7.1.3", "inspection"),
        ("people", "Assembly", "7.2", "customer_complaint"),
        ("people", "Turning", "7.2", "other"),
        ("material", "Incoming", "8.4", "supplier"),
    ]
    for i, (cause, process, clause, source) in enumerate(rows):
        nc = nc_create(
            actor=None,
            enterprise=world.a1,
            source=source,
            clause=Clause.objects.get(number=clause),
            data={
                "title": f"NC {i}",
                "description": "d",
                "process_name": process,
                "detected_on": dt.date(2026, 1 + i % 3, 10),
            },
        )
        root_mark(
            actor=None,
            item=cause_add(actor=None, nc=nc, category=cause, description="c"),
            is_root=True,
        )
    nc_create(
        actor=None,
        enterprise=world.a2,
        source="other",
        data={"title": "Other enterprise", "description": "d", "process_name": "Turning"},
    )


def test_pareto_by_cause_process_clause_source(world):
    _fixture(world)
    ncs = Nonconformity.objects.filter(enterprise=world.a1)
    cause = pareto(ncs, "cause")
    assert [(b.key, b.count, b.cumulative_pct) for b in cause] == [
        ("method", 4, 40.0),
        ("machine", 3, 70.0),
        ("people", 2, 90.0),
        ("material", 1, 100.0),
    ]
    assert [(b.key, b.count) for b in pareto(ncs, "process")] == [
        ("Turning", 5),
        ("Assembly", 3),
        ("Grinding", 1),
        ("Incoming", 1),
    ]
    assert [(b.key, b.count) for b in pareto(ncs, "clause")] == [
        ("7.1.3", 3),
        ("8.5.1", 3),
        ("7.2", 2),
        ("7.5", 1),
        ("8.4", 1),
    ]
    assert [(b.key, b.count) for b in pareto(ncs, "source")][:2] == [
        ("inspection", 4),
        ("customer_complaint", 2),
    ]


def test_monthly_trend_and_days_to_close(world):
    _fixture(world)
    ncs = Nonconformity.objects.filter(enterprise=world.a1)
    # months: Jan gets i = 0,3,6,9 (4), Feb 1,4,7 (3), Mar 2,5,8 (3)
    first = ncs.get(title="NC 0")
    created = timezone.make_aware(dt.datetime(2026, 1, 10, 9, 0))
    Nonconformity.objects.filter(pk=first.pk).update(
        status="closed", created_at=created, closed_at=created + dt.timedelta(days=12)
    )
    second = ncs.get(title="NC 1")
    Nonconformity.objects.filter(pk=second.pk).update(
        status="closed", created_at=created, closed_at=created + dt.timedelta(days=30)
    )
    action_create(
        actor=None,
        enterprise=world.a1,
        data={
            "kind": "corrective",
            "title": "late",
            "owner_name": "Li",
            "due_on": dt.date(2026, 2, 5),
        },
    )
    trend = monthly_trend(
        ncs, CorrectiveAction.objects.filter(enterprise=world.a1), dt.date(2026, 3, 31), months=3
    )
    assert [(t["month"].month, t["opened"], t["closed"], t["overdue"]) for t in trend] == [
        (1, 4, 1, 0),
        (2, 3, 1, 1),
        (3, 3, 0, 1),
    ]  # closed 22 Jan and 9 Feb
    assert average_days_to_close(ncs) == 21.0  # (12 + 30) / 2
