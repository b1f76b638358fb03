"""Complaint services and selectors: numbering, response, closing, raising the nonconformity
(idempotent), permissions, audit events, and the monthly counts evaluation uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from qualift.core.audit import verify_chain
from qualift.core.models import AuditEvent
from qualift.improvement.models import Complaint, Nonconformity
from qualift.improvement.selectors_complaints import complaint_counts, complaint_list
from qualift.improvement.services.complaints import (
    complaint_close,
    complaint_raise_nc,
    complaint_register,
    complaint_respond,
    complaint_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; another test may leave a language active in the thread.
    with translation.override("en"):
        yield


RECEIVED = dt.date(2026, 3, 2)


def _complaint(world, user="a1_steward", enterprise=None, **extra):
    data = {
        "customer": "宁波海天机械 / Ningbo Haitian Machinery",
        "product": "法兰盘 / Flange FL-80",
        "received_on": RECEIVED,
        "description": "孔距超差，无法装配 / Hole pitch out of tolerance, cannot assemble\n"
        "12 pieces returned",
        "severity": "high",
    }
    data.update(extra)
    actor = world.users[user] if user else None
    return complaint_register(actor=actor, enterprise=enterprise or world.a1, data=data)


def _events(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def test_steward_registers_and_numbers_follow_the_year(world):
    first = _complaint(world)
    second = _complaint(world, customer="Another customer")
    earlier = _complaint(world, received_on=dt.date(2025, 12, 30))
    other_enterprise = _complaint(world, user="a2_admin", enterprise=world.a2)
    assert (first.number, second.number) == ("CMP-2026-001", "CMP-2026-002")
    assert earlier.number == "CMP-2025-001"
    assert other_enterprise.number == "CMP-2026-001"
    assert first.status == "open" and first.nonconformity is None
    event = AuditEvent.objects.filter(verb="complaint.create", target_id=str(first.pk)).get()
    assert event.actor == world.users["a1_steward"]
    assert event.enterprise_id == world.a1.pk
    assert event.after["number"] == "CMP-2026-001"
    assert verify_chain().ok


def test_steward_cannot_register_a_complaint_from_the_future(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        _complaint(world, received_on=tomorrow)
    assert "received_on" in caught.value.message_dict
    assert not Complaint.objects.exists()
    assert _events("complaint.create") == 0


def test_steward_gets_field_errors_for_an_empty_complaint(world):
    with pytest.raises(ValidationError) as caught:
        _complaint(world, customer="", description="")
    assert {"customer", "description"} <= set(caught.value.message_dict)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("user", ["a1_staff", "cba_auditor1", "cba_admin", "a2_admin"])
def test_others_cannot_register_for_a1(world, user):
    with pytest.raises(PermissionDenied):
        _complaint(world, user=user)
    assert not Complaint.objects.exists()


def test_admin_corrects_a_complaint_and_the_change_is_recorded(world):
    complaint = _complaint(world)
    complaint_update(
        actor=world.users["a1_admin"], complaint=complaint, data={"severity": "medium"}
    )
    complaint.refresh_from_db()
    assert complaint.severity == "medium"
    event = AuditEvent.objects.get(verb="complaint.update")
    assert event.before == {"severity": "high"} and event.after == {"severity": "medium"}


def test_steward_responds_then_closes(world):
    steward = world.users["a1_steward"]
    complaint = _complaint(world)
    with pytest.raises(ValidationError):  # nothing said to the customer yet
        complaint_close(actor=steward, complaint=complaint)
    complaint = complaint_respond(
        actor=steward,
        complaint=complaint,
        response="已补发 12 件合格品，并附 8D 报告 / 12 good parts sent with an 8D report",
        responded_on=dt.date(2026, 3, 5),
    )
    assert complaint.status == "responded"
    assert complaint.responded_on == dt.date(2026, 3, 5)
    complaint = complaint_close(actor=steward, complaint=complaint)
    assert complaint.status == "closed"
    assert [
        e.verb for e in AuditEvent.objects.filter(verb__startswith="complaint.").order_by("seq")
    ] == [
        "complaint.create",
        "complaint.respond",
        "complaint.close",
    ]
    with pytest.raises(ValidationError):
        complaint_respond(actor=steward, complaint=complaint, response="again")
    with pytest.raises(ValidationError):
        complaint_update(actor=steward, complaint=complaint, data={"customer": "X"})


def test_steward_cannot_respond_before_receipt_or_with_nothing(world):
    steward = world.users["a1_steward"]
    complaint = _complaint(world)
    with pytest.raises(ValidationError) as caught:
        complaint_respond(
            actor=steward, complaint=complaint, response="ok", responded_on=dt.date(2026, 3, 1)
        )
    assert "responded_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        complaint_respond(actor=steward, complaint=complaint, response="   ")
    assert "response" in caught.value.message_dict
    complaint.refresh_from_db()
    assert complaint.status == "open" and complaint.response == ""
    assert _events("complaint.respond") == 0


def test_auditor_cannot_respond(world):
    complaint = _complaint(world)
    with pytest.raises(PermissionDenied):
        complaint_respond(actor=world.users["cba_auditor1"], complaint=complaint, response="ok")


def test_steward_raises_the_nonconformity_once(world):
    complaint = _complaint(world)
    nc = complaint_raise_nc(actor=world.users["a1_steward"], complaint=complaint)
    assert nc.source == "customer_complaint"
    assert nc.status == "draft"
    assert nc.enterprise == world.a1
    assert nc.title.startswith("Complaint CMP-2026-001: 孔距超差")
    assert "\n" not in nc.title
    assert nc.description == complaint.description
    assert nc.product == complaint.product
    assert nc.detected_on == RECEIVED
    assert nc.severity == "major"  # a high-severity complaint
    complaint.refresh_from_db()
    assert complaint.nonconformity == nc

    again = complaint_raise_nc(actor=world.users["a1_admin"], complaint=complaint)
    assert again == nc
    assert Nonconformity.objects.count() == 1
    assert _events("nc.create") == 1 and _events("complaint.raise_nc") == 1
    assert verify_chain().ok


def test_staff_cannot_raise_a_nonconformity_from_a_complaint(world):
    # Staff may report nonconformities but not handle complaints (complaint.change).
    complaint = _complaint(world)
    with pytest.raises(PermissionDenied):
        complaint_raise_nc(actor=world.users["a1_staff"], complaint=complaint)
    assert not Nonconformity.objects.exists()


def test_a_long_complaint_gives_a_title_that_fits(world):
    complaint = _complaint(world, description="划伤" * 200)
    nc = complaint_raise_nc(actor=None, complaint=complaint)
    assert len(nc.title) == 200 and nc.title.endswith("…")


def test_monthly_counts_against_a_hand_made_fixture(world, django_assert_num_queries):
    # a1: two in January (first and last day), one in March; a2: one in January;
    # b1: one in January; a1 again: one on 31 December (outside) and one on 1 May (outside).
    for day in ("2026-01-01", "2026-01-31", "2026-03-15", "2025-12-31", "2026-05-01"):
        _complaint(world, user=None, received_on=dt.date.fromisoformat(day))
    _complaint(world, user=None, enterprise=world.a2, received_on=dt.date(2026, 1, 10))
    _complaint(world, user=None, enterprise=world.b1, received_on=dt.date(2026, 1, 20))
    start, end = dt.date(2026, 1, 1), dt.date(2026, 4, 30)
    with django_assert_num_queries(1):
        counts = complaint_counts([world.a1.pk], start, end)
    assert counts == {
        dt.date(2026, 1, 1): 2,
        dt.date(2026, 2, 1): 0,
        dt.date(2026, 3, 1): 1,
        dt.date(2026, 4, 1): 0,
    }
    both = complaint_counts([world.a1.pk, world.a2.pk], start, end)
    assert both[dt.date(2026, 1, 1)] == 3
    assert sum(both.values()) == 4
    # A range starting mid-month still counts that month from the start date on.
    assert complaint_counts([world.a1.pk], dt.date(2026, 1, 2), dt.date(2026, 1, 31)) == {
        dt.date(2026, 1, 1): 1
    }
    assert complaint_counts([], start, end) == dict.fromkeys(counts, 0)
    assert complaint_counts([world.a1.pk], end, start) == {}


def test_list_filters_by_status_severity_dates_and_text(world):
    steward = world.users["a1_steward"]
    high = _complaint(world)
    low = _complaint(
        world, customer="Hangzhou Retail", severity="low", received_on=dt.date(2026, 5, 1)
    )
    complaint_respond(actor=steward, complaint=low, response="Replaced", responded_on=None)
    _complaint(world, user="a2_admin", enterprise=world.a2)

    def numbers(**filters):
        return [c.number for c in complaint_list(steward, world.a1, **filters)]

    assert numbers() == [low.number, high.number]
    assert numbers(status="responded") == [low.number]
    assert numbers(severity="high") == [high.number]
    assert numbers(start=dt.date(2026, 4, 1)) == [low.number]
    assert numbers(end=dt.date(2026, 4, 1)) == [high.number]
    assert numbers(q="retail") == [low.number]
    assert numbers(q="CMP-2026-001") == [high.number]
    assert [c.pk for c in complaint_list(world.users["b1_admin"], world.a1)] == []
