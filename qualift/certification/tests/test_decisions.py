"""Certification decisions: who may decide, what blocks a grant, what a grant or refusal does.

Rules: ISO/IEC 17021-1 §9.5 (decision by persons not involved in the audit), DOMAIN §3 (major NC
verified before certification, repeat stage 2 after 6 months, CNCA recertification after expiry
is a new initial certification). Dates below are hand-computed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualift.certification.models import Certificate, CertificateEvent, CertificationCycle
from qualift.certification.services.decisions import decision_blockers, decision_make
from qualift.certification.tests.test_certificates_fixtures import (
    add_finding,
    add_recertification,
    completed_cycle,
    make_certificate,
)
from qualift.core.models import AuditEvent

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 4, 10)


def _decide(world, cycle, audit, who="cba_admin", outcome="grant", on=DAY):
    return decision_make(
        actor=world.users[who],
        cycle=cycle,
        audit=audit,
        outcome=outcome,
        reasons="All requirements met.",
        decided_on=on,
    )


def test_team_member_decision_refused(world):
    cycle, stage2 = completed_cycle(world)
    with pytest.raises(ValidationError) as exc:
        _decide(world, cycle, stage2, who="cba_auditor1")
    assert "was on the audit team" in str(exc.value.message_dict["decided_by"])
    assert not cycle.decisions.exists()


def test_client_admin_cannot_decide(world):
    cycle, stage2 = completed_cycle(world)
    with pytest.raises(PermissionDenied):
        _decide(world, cycle, stage2, who="a1_admin")


def test_admin_grant_issues_certificate_with_three_year_expiry(world):
    cycle, stage2 = completed_cycle(world)
    decision = _decide(world, cycle, stage2)
    cycle.refresh_from_db()
    assert cycle.status == "certified"
    assert (cycle.decision_on, cycle.issued_on) == (DAY, DAY)
    # 2025-04-10 + 36 months − 1 day (iso17021 cycle_months = 36), hand-computed.
    assert cycle.expires_on == dt.date(2028, 4, 9)
    certificate = Certificate.objects.get(cycle=cycle)
    assert certificate.number == f"QMS-2025-{cycle.cb_id:03d}00001"
    assert certificate.holder == world.a1.name
    assert (certificate.issued_on, certificate.expires_on) == (DAY, dt.date(2028, 4, 9))
    assert certificate.status == "valid" and certificate.status_reason == "granted"
    event = CertificateEvent.objects.get(certificate=certificate)
    assert (event.to_status, event.reason, event.on) == ("valid", "granted", DAY)
    verbs = set(AuditEvent.objects.filter(enterprise_id=world.a1.pk).values_list("verb", flat=True))
    assert {"certification.decide", "cycle.certify", "certificate.issue"} <= verbs
    assert decision.decided_by == world.users["cba_admin"]


def test_admin_decision_needs_reasons(world):
    cycle, stage2 = completed_cycle(world)
    with pytest.raises(ValidationError) as exc:
        decision_make(
            actor=world.users["cba_admin"], cycle=cycle, audit=stage2, outcome="grant", reasons=" "
        )
    assert "reasons" in exc.value.message_dict


def test_unverified_major_blocks_grant_and_verified_does_not(world):
    cycle, stage2 = completed_cycle(world)
    major = add_finding(stage2, "major", "accepted")
    blockers = decision_blockers(cycle, stage2, DAY)
    assert any(major.number in b and "not verified" in b for b in blockers)
    with pytest.raises(ValidationError):
        _decide(world, cycle, stage2)
    major.status = "verified"
    major.save()
    assert decision_blockers(cycle, stage2, DAY) == []


def test_accepted_minor_does_not_block_but_responded_minor_does(world):
    cycle, stage2 = completed_cycle(world)
    add_finding(stage2, "minor", "accepted")
    add_finding(stage2, "observation", "noted")
    assert decision_blockers(cycle, stage2, DAY) == []
    pending = add_finding(stage2, "minor", "responded")
    assert any(pending.number in b for b in decision_blockers(cycle, stage2, DAY))


def test_stage1_major_and_unfinished_stage1_block(world):
    cycle, stage2 = completed_cycle(world)
    stage1 = cycle.audits.get(kind="stage1")
    add_finding(stage1, "major", "open", number="S1-M1")
    assert any("S1-M1" in b for b in decision_blockers(cycle, stage2, DAY))
    stage1.status = "in_progress"
    stage1.save()
    assert "Stage 1 has not been completed." in decision_blockers(cycle, stage2, DAY)


def test_stage2_repeat_after_six_months_with_open_major(world):
    cycle, stage2 = completed_cycle(world)
    add_finding(stage2, "major", "open")
    # Stage 2 ended 2025-03-04; + 6 months = 2025-09-04: on that day not yet, the day after yes.
    assert not any("repeated" in b for b in decision_blockers(cycle, stage2, dt.date(2025, 9, 4)))
    assert any("repeated" in b for b in decision_blockers(cycle, stage2, dt.date(2025, 9, 5)))


def test_audit_not_completed_blocks_even_refusal(world):
    cycle, stage2 = completed_cycle(world)
    stage2.status = "in_progress"
    stage2.save()
    with pytest.raises(ValidationError) as exc:
        _decide(world, cycle, stage2, outcome="refuse")
    assert "not completed" in str(exc.value.message_dict["audit"])


def test_admin_refusal_of_initial_certification_refuses_the_cycle(world):
    cycle, stage2 = completed_cycle(world)
    add_finding(stage2, "major", "open")
    _decide(world, cycle, stage2, outcome="refuse")
    cycle.refresh_from_db()
    assert cycle.status == "refused"
    assert not Certificate.objects.filter(cycle=cycle).exists()


def test_audit_decided_once(world):
    cycle, stage2 = completed_cycle(world)
    _decide(world, cycle, stage2, outcome="refuse")
    cycle.refresh_from_db()
    assert any("decided on already" in b for b in decision_blockers(cycle, stage2, DAY))


def test_recertification_grant_renews_cycle_and_certificate(world):
    certificate = make_certificate(world)  # issued 2025-04-01, expires 2028-03-31
    cycle = certificate.cycle
    recert = add_recertification(cycle, end_on=dt.date(2028, 2, 1))
    _decide(world, cycle, recert, on=dt.date(2028, 2, 20))
    cycle.refresh_from_db()
    assert cycle.status == "closed"
    renewed = CertificationCycle.objects.get(previous=cycle)
    # Continuity: old expiry 2028-03-31 + 36 months = 2031-03-31 (hand-computed).
    assert renewed.expires_on == dt.date(2031, 3, 31)
    certificate.refresh_from_db()
    assert certificate.cycle_id == renewed.pk
    assert certificate.expires_on == dt.date(2031, 3, 31)
    assert (certificate.status, certificate.status_reason) == ("valid", "renewed")
    assert certificate.first_issued_on == dt.date(2025, 4, 1)


def test_cnca_recertification_after_expiry_is_blocked(world):
    certificate = make_certificate(world)
    cycle = certificate.cycle
    cycle.rule_set = "cnca2026"
    cycle.save()
    late = add_recertification(cycle, end_on=dt.date(2028, 4, 2))
    blockers = decision_blockers(cycle, late, dt.date(2028, 4, 10))
    assert any("new initial certification" in b for b in blockers)


def test_iso_recertification_more_than_six_months_after_expiry_is_blocked(world):
    certificate = make_certificate(world)
    cycle = certificate.cycle
    recert = add_recertification(cycle, end_on=dt.date(2028, 9, 1))
    # Expired 2028-03-31; + 6 months = 2028-09-30 (hand-computed).
    assert decision_blockers(cycle, recert, dt.date(2028, 9, 30)) == []
    assert any("stage 2" in b for b in decision_blockers(cycle, recert, dt.date(2028, 10, 1)))


def test_decide_page_refuses_team_member_and_records_admin_decision(world):
    cycle, _stage2 = completed_cycle(world)
    page = world.client("cba_auditor1").get(f"/certification/cycle/{cycle.pk}/decide/")
    assert page.status_code == 200
    assert b"decision-refused" in page.content and b"decision-form" not in page.content
    client = world.client("cba_admin")
    response = client.post(
        f"/certification/cycle/{cycle.pk}/decide/",
        {"outcome": "grant", "reasons": "Met.", "decided_on": "2025-04-10"},
    )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and b"Met." in detail.content
    assert world.client("a1_admin").get(response["Location"]).status_code == 200


def test_decisions_api_creates_and_refuses_team_member(world):
    from rest_framework.test import APIClient

    cycle, stage2 = completed_cycle(world)
    body = {"cycle": cycle.pk, "audit": stage2.pk, "outcome": "grant", "reasons": "Met."}
    client = APIClient()
    client.force_authenticate(world.users["cba_auditor1"])
    refused = client.post("/api/v1/decisions/", body, format="json")
    assert refused.status_code == 400 and "decided_by" in refused.json()["fields"]
    client.force_authenticate(world.users["cba_admin"])
    made = client.post("/api/v1/decisions/", body, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["outcome"] == "grant"
    listed = client.get(f"/api/v1/decisions/?cycle={cycle.pk}").json()
    assert [d["id"] for d in listed["results"]] == [made.json()["id"]]
