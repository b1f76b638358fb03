"""Cycles: opening one (services/cycles.py), its programme after a decision, extra audits and
renewal with continuous validity. Dates worked by hand from qualift.certification.rulesets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualift.certification.models import Audit, CertificationCycle, CertificationPolicy
from qualift.certification.services.cycles import (
    audit_add,
    cycle_create,
    cycle_renew,
    cycle_update,
    programme_refresh,
)
from qualift.certification.services.policy import policy_save
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Engagement

D = dt.date
pytestmark = pytest.mark.django_db


def _engagement(world):
    return Engagement.objects.get(cb=world.cb_a, enterprise=world.a1, kind="certification")


def _open(world, actor="cba_admin", **data):
    values = {"applied_on": D(2025, 2, 1), "scope_text": "Design and machining", "employees": 30}
    values.update(data)
    return cycle_create(actor=world.users[actor], engagement=_engagement(world), data=values)


def _certify(cycle, decision_on=dt.date(2025, 3, 10), expires_on=dt.date(2028, 3, 9)):
    CertificationCycle.objects.filter(pk=cycle.pk).update(
        status="certified", decision_on=decision_on, issued_on=decision_on, expires_on=expires_on
    )
    cycle.refresh_from_db()
    return cycle


def test_cb_admin_opens_a_cycle_with_stage1_and_stage2(world):
    cycle = _open(world)
    assert cycle.number == "C-2025-001"
    assert cycle.rule_set == "iso17021"
    assert cycle.status == "applied"
    assert sorted(cycle.audits.values_list("kind", "status")) == [
        ("stage1", "planned"),
        ("stage2", "planned"),
    ]
    assert _open(world).number == "C-2025-002"
    assert AuditEvent.objects.filter(verb="cycle.create", target_id=str(cycle.pk)).count() == 1


def test_cycle_takes_the_policy_rule_set(world):
    policy_save(actor=world.users["cba_admin"], cb=world.cb_a, data={"rule_set": "cnca2026"})
    assert _open(world).rule_set == "cnca2026"
    assert CertificationPolicy.objects.get(cb=world.cb_a).rule_set == "cnca2026"


def test_auditor_cannot_open_a_cycle(world):
    with pytest.raises(PermissionDenied):
        _open(world, actor="cba_auditor1")


def test_cb_admin_cannot_open_a_cycle_on_an_assistance_engagement(world):
    assistance = world.a1.engagements.get(kind="assistance")
    with pytest.raises(ValidationError) as exc:
        cycle_create(
            actor=world.users["cba_admin"],
            engagement=assistance,
            data={"applied_on": D(2025, 2, 1), "scope_text": "x", "employees": 3},
        )
    assert "engagement" in exc.value.message_dict
    assert not CertificationCycle.objects.exists()


def test_cb_admin_cannot_open_a_cycle_without_scope_or_staff(world):
    with pytest.raises(ValidationError) as exc:
        _open(world, scope_text=" ", employees=0)
    assert {"scope_text", "employees"} <= set(exc.value.message_dict)


def test_cb_admin_cannot_open_a_cycle_on_an_ended_engagement(world):
    engagement = _engagement(world)
    Engagement.objects.filter(pk=engagement.pk).update(end=D(2025, 1, 31))
    with pytest.raises(ValidationError):
        _open(world)


def test_cb_admin_updates_scope_but_not_of_a_closed_cycle(world):
    cycle = _open(world)
    cycle = cycle_update(
        actor=world.users["cba_admin"], cycle=cycle, data={"scope_text": "Machining only"}
    )
    assert cycle.scope_text == "Machining only"
    CertificationCycle.objects.filter(pk=cycle.pk).update(status="closed")
    with pytest.raises(ValidationError):
        cycle_update(actor=world.users["cba_admin"], cycle=cycle, data={"employees": 5})


def test_programme_refresh_plans_surveillances_and_recertification(world):
    cycle = _certify(_open(world))
    created = programme_refresh(cycle)
    rows = list(
        cycle.audits.filter(kind__in=["surveillance", "recertification"]).values_list(
            "kind", "sequence", "due_from", "due_by"
        )
    )
    # Hand-worked in test_programme.py: decision 2025-03-10, expiry 2028-03-09.
    assert sorted(rows) == [
        ("recertification", 1, D(2027, 9, 9), D(2028, 2, 8)),
        ("surveillance", 1, D(2025, 12, 9), D(2026, 3, 9)),
        ("surveillance", 2, D(2027, 9, 30), D(2027, 12, 31)),
    ]
    assert len(created) == 3
    assert programme_refresh(cycle) == []  # nothing changes the second time
    assert AuditEvent.objects.filter(verb="cycle.programme").count() == 1


def test_programme_refresh_moves_planned_audits_after_an_early_surveillance(world):
    cycle = _certify(_open(world))
    programme_refresh(cycle)
    s1 = cycle.audits.get(kind="surveillance", sequence=1)
    Audit.objects.filter(pk=s1.pk).update(
        status="completed", start_on=D(2025, 11, 19), end_on=D(2025, 11, 20)
    )
    changed = programme_refresh(cycle)
    # S2 now due by 2026-12-31 and a third by 2027-12-31 (see test_programme.py).
    s2 = cycle.audits.get(kind="surveillance", sequence=2)
    assert s2.due_by == D(2026, 12, 31)
    assert cycle.audits.get(kind="surveillance", sequence=3).due_by == D(2027, 12, 31)
    assert len(changed) == 2


def test_programme_refresh_ignores_an_uncertified_cycle(world):
    assert programme_refresh(_open(world)) == []


def test_special_audit_is_due_within_the_rule_set_days(world):
    cycle = _certify(_open(world))
    audit = audit_add(
        actor=world.users["cba_admin"],
        cycle=cycle,
        kind="special",
        data={"today": D(2026, 5, 1), "objectives": "Complaint follow-up"},
    )
    assert audit.due_by == D(2026, 5, 31)  # 2026-05-01 + 30 days (special_audit_days)
    assert audit.status == "planned"
    with pytest.raises(ValidationError):
        audit_add(actor=world.users["cba_admin"], cycle=cycle, kind="surveillance", data={})
    with pytest.raises(ValidationError):  # stage 2 is repeated only before the decision
        audit_add(actor=world.users["cba_admin"], cycle=cycle, kind="stage2", data={})


def test_repeated_stage2_gets_the_next_sequence(world):
    cycle = _open(world)
    audit = audit_add(actor=world.users["cba_admin"], cycle=cycle, kind="stage2", data={})
    assert audit.sequence == 2


def test_renewal_continues_the_validity(world):
    cycle = _certify(_open(world))
    new = cycle_renew(actor=world.users["cba_auditor2"], cycle=cycle, decision_on=D(2028, 1, 20))
    cycle.refresh_from_db()
    assert cycle.status == "closed"
    assert new.previous_id == cycle.pk
    assert new.status == "certified"
    assert new.number == "C-2028-001"
    assert (new.decision_on, new.issued_on) == (D(2028, 1, 20), D(2028, 1, 20))
    # old expiry 2028-03-09 + 36 months: no gap, no overlap.
    assert new.expires_on == D(2031, 3, 9)
    assert new.scope_text == cycle.scope_text
    # S1 of the new cycle: within 12 months of the recertification decision.
    assert new.audits.get(kind="surveillance", sequence=1).due_by == D(2029, 1, 19)
    with pytest.raises(ValidationError):
        cycle_renew(actor=None, cycle=cycle, decision_on=D(2028, 1, 20))


def test_policy_save_needs_the_cb_admin_and_valid_values(world):
    with pytest.raises(PermissionDenied):
        policy_save(actor=world.users["cba_auditor1"], cb=world.cb_a, data={"response_days": 60})
    with pytest.raises(ValidationError):
        policy_save(actor=world.users["cba_admin"], cb=world.cb_a, data={"response_days": 0})
    policy = policy_save(actor=world.users["cba_admin"], cb=world.cb_a, data={"response_days": 60})
    assert policy.response_days == 60
    assert AuditEvent.objects.filter(verb="cert_policy.save").count() == 1
