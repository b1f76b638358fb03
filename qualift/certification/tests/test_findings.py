"""Findings and the client loop: raise (→ the enterprise's NC), respond, return, accept, verify."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualift.certification.choices import AuditStatus, FindingStatus, ResponseOutcome
from qualift.certification.models import Audit, CertificationPolicy, Finding, TeamMember
from qualift.certification.services.findings import (
    finding_create,
    finding_respond,
    finding_verify,
    overdue_findings,
    response_review,
)
from qualift.core.models import AuditEvent
from qualift.improvement.models import Nonconformity
from qualift.standards.models import Clause
from tests import test_permission_matrix  # noqa: F401  (loads the matrix rows first)
from tests.matrix_rows._certification import world_audits

pytestmark = pytest.mark.django_db

RAISED = dt.date(2025, 3, 4)
RESPONSE = {"correction": "Records completed", "root_cause": "No owner", "corrective_action": "X"}


def in_progress(world, key: str = "a1") -> Audit:
    audit = world_audits(world)[key]
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.IN_PROGRESS)
    audit.refresh_from_db()
    return audit


def raise_finding(world, audit, grade="major", **extra):
    data = {
        "grade": grade,
        "clause": Clause.objects.get(number="7.2"),
        "statement": "Competence of welders not evidenced",
        "evidence": "No records for 3 of 5 welders",
        "raised_on": RAISED,
        **extra,
    }
    return finding_create(actor=world.users["cba_auditor1"], audit=audit, data=data)


def test_leader_major_finding_creates_enterprise_nc(world):
    audit = in_progress(world)
    finding = raise_finding(world, audit)
    assert finding.number == "C-a1-ST2-01"
    assert finding.status == FindingStatus.OPEN
    # Default policy: 90 days to respond; 2025-03-04 + 90 days = 2025-06-02 (hand-computed).
    assert finding.due_on == dt.date(2025, 6, 2)
    nc = finding.nonconformity
    assert nc.source == "certification_finding"
    assert nc.severity == "major"
    assert nc.clause.number == "7.2"
    assert nc.enterprise_id == world.a1.pk
    assert AuditEvent.objects.filter(verb="finding.create", target_id=str(finding.pk)).exists()
    assert raise_finding(world, audit).number == "C-a1-ST2-02"


def test_leader_due_date_follows_cb_policy(world):
    CertificationPolicy.objects.create(cb=world.cb_a, response_days=30)
    finding = raise_finding(world, in_progress(world), grade="minor")
    assert finding.due_on == dt.date(2025, 4, 3)  # 2025-03-04 + 30 days (hand-computed)


def test_leader_links_existing_nc(world):
    audit = in_progress(world)
    existing = Nonconformity.objects.create(
        enterprise=world.a1,
        number="NC-2025-900",
        title="Known",
        description="d",
        source="other",
        detected_on=RAISED,
    )
    before = Nonconformity.objects.count()
    finding = raise_finding(world, audit, grade="minor", nonconformity=existing)
    assert finding.nonconformity_id == existing.pk
    assert Nonconformity.objects.count() == before
    other = Nonconformity.objects.create(
        enterprise=world.a2,
        number="NC-2025-901",
        title="Other",
        description="d",
        source="other",
        detected_on=RAISED,
    )
    with pytest.raises(ValidationError) as exc:
        raise_finding(world, audit, grade="minor", nonconformity=other)
    assert "nonconformity" in exc.value.message_dict


def test_leader_observation_is_noted_without_nc(world):
    before = Nonconformity.objects.count()
    finding = raise_finding(world, in_progress(world), grade="observation")
    assert finding.status == FindingStatus.NOTED
    assert finding.nonconformity is None and finding.due_on is None
    assert Nonconformity.objects.count() == before
    with pytest.raises(ValidationError, match="noted"):
        finding_respond(actor=world.users["a1_admin"], finding=finding, data=RESPONSE)


def test_leader_cannot_raise_on_planned_audit_or_without_statement(world):
    audit = world_audits(world)["a1"]
    with pytest.raises(ValidationError, match="planned"):
        raise_finding(world, audit)
    audit = in_progress(world)
    with pytest.raises(ValidationError) as exc:
        raise_finding(world, audit, grade="huge", statement="", evidence="")
    assert set(exc.value.message_dict) == {"grade", "statement", "evidence"}
    assert not Finding.objects.filter(audit=audit).exists()


def test_other_auditor_and_client_cannot_raise(world):
    audit = in_progress(world)
    for user in ("cba_auditor2", "a1_admin", "cbb_admin"):
        with pytest.raises(PermissionDenied):
            finding_create(actor=world.users[user], audit=audit, data={})


def test_client_responds_auditor_returns_then_accepts_then_verifies(world):
    finding = raise_finding(world, in_progress(world))
    leader, client = world.users["cba_auditor1"], world.users["a1_steward"]
    # Incomplete response: nothing changes.
    with pytest.raises(ValidationError) as exc:
        finding_respond(actor=client, finding=finding, data={"correction": "x"})
    assert set(exc.value.message_dict) == {"root_cause", "corrective_action"}
    first = finding_respond(actor=client, finding=finding, data=RESPONSE)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RESPONDED
    assert finding.nonconformity.correction == "Records completed"
    # Responding twice before the review is refused.
    with pytest.raises(ValidationError, match="response submitted"):
        finding_respond(actor=client, finding=finding, data=RESPONSE)
    # Verify before acceptance is refused.
    with pytest.raises(ValidationError, match="response submitted"):
        finding_verify(actor=leader, finding=finding, note="checked")
    with pytest.raises(ValidationError) as exc:
        response_review(actor=leader, response=first, accept=False, comment="")
    assert "comment" in exc.value.message_dict
    response_review(actor=leader, response=first, accept=False, comment="Root cause too thin")
    finding.refresh_from_db()
    first.refresh_from_db()
    assert (finding.status, first.outcome) == (FindingStatus.RETURNED, ResponseOutcome.RETURNED)
    with pytest.raises(ValidationError, match="already reviewed"):
        response_review(actor=leader, response=first, accept=True)
    second = finding_respond(
        actor=client, finding=finding, data={**RESPONSE, "root_cause": "No competence matrix"}
    )
    response_review(actor=leader, response=second, accept=True, comment="")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACCEPTED
    with pytest.raises(ValidationError) as exc:
        finding_verify(actor=leader, finding=finding, note="")
    assert "note" in exc.value.message_dict
    finding_verify(actor=leader, finding=finding, note="Records seen", on=dt.date(2025, 4, 1))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED
    assert (finding.verified_on, finding.verified_by) == (dt.date(2025, 4, 1), leader)
    verbs = set(AuditEvent.objects.filter(target_id=str(finding.pk)).values_list("verb", flat=True))
    assert {"finding.respond", "finding.return", "finding.accept", "finding.verify"} <= verbs
    with pytest.raises(ValidationError, match="verified"):
        finding_verify(actor=leader, finding=finding, note="again")


def test_staff_and_auditor_cannot_respond(world):
    finding = raise_finding(world, in_progress(world))
    for user in ("a1_staff", "cba_auditor1"):
        with pytest.raises(PermissionDenied):
            finding_respond(actor=world.users[user], finding=finding, data=RESPONSE)


def test_client_cannot_review(world):
    finding = raise_finding(world, in_progress(world))
    response = finding_respond(actor=world.users["a1_admin"], finding=finding, data=RESPONSE)
    with pytest.raises(PermissionDenied):
        response_review(actor=world.users["a1_admin"], response=response, accept=True)


def test_client_evidence_file_must_be_pdf_or_image(world):
    finding = raise_finding(world, in_progress(world))
    bad = SimpleUploadedFile("evidence.pdf", b"not a pdf")
    with pytest.raises(ValidationError) as exc:
        finding_respond(actor=world.users["a1_admin"], finding=finding, data=RESPONSE, file=bad)
    assert "evidence_file" in exc.value.message_dict
    good = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 test")
    response = finding_respond(
        actor=world.users["a1_admin"], finding=finding, data=RESPONSE, file=good
    )
    assert response.evidence_file.name.endswith(".pdf")


def test_next_audit_team_verifies_minor(world):
    finding = raise_finding(world, in_progress(world), grade="minor")
    response = finding_respond(actor=world.users["a1_admin"], finding=finding, data=RESPONSE)
    response_review(actor=world.users["cba_auditor1"], response=response, accept=True)
    finding.refresh_from_db()
    other = world.users["cba_auditor2"]
    with pytest.raises(PermissionDenied):
        finding_verify(actor=other, finding=finding, note="seen")
    surveillance = Audit.objects.create(
        enterprise=world.a1,
        cb=world.cb_a,
        cycle=finding.audit.cycle,
        kind="surveillance",
        start_on=dt.date(2026, 2, 2),
    )
    TeamMember.objects.create(
        enterprise=world.a1, cb=world.cb_a, audit=surveillance, user=other, role="leader"
    )
    finding_verify(actor=other, finding=finding, note="Seen at surveillance 1")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED


def test_overdue_findings_by_due_date(world):
    finding = raise_finding(world, in_progress(world))  # due 2025-06-02
    assert list(overdue_findings({world.cb_a.pk}, dt.date(2025, 6, 2))) == []
    assert list(overdue_findings({world.cb_a.pk}, dt.date(2025, 6, 3))) == [finding]
    assert list(overdue_findings({world.cb_b.pk}, dt.date(2025, 6, 3))) == []
    finding_respond(actor=world.users["a1_admin"], finding=finding, data=RESPONSE)
    assert list(overdue_findings({world.cb_a.pk}, dt.date(2025, 6, 3))) == []
