"""Checklist workspace services: start, answers, progress counts, completion guards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualift.certification.choices import AuditStatus, FindingGrade, Recommendation
from qualift.certification.models import Audit, ChecklistAnswer
from qualift.certification.services.checklists import (
    answer_save,
    audit_complete,
    audit_start,
    checklist_progress,
)
from qualift.certification.services.findings import finding_create
from qualift.core.models import AuditEvent
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate, Clause
from tests import test_permission_matrix  # noqa: F401  (loads the matrix rows first)
from tests.matrix_rows._certification import world_audits

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def small_template() -> ChecklistTemplate:
    """Three questions: 4.1 (quality concept), 7.2 and 7.5 (key process control)."""
    template = ChecklistTemplate.objects.create(
        name_en="Small", name_zh="小", purpose="certification"
    )
    for position, (number, area) in enumerate(
        [("4.1", "quality_concept"), ("7.2", "key_process"), ("7.5", "key_process")], 1
    ):
        ChecklistQuestion.objects.create(
            template=template,
            clause=Clause.objects.get(number=number),
            focus_area=area,
            text_en=f"Q {number}",
            text_zh=f"问 {number}",
            position=position,
        )
    return template


def started(world, template=None) -> Audit:
    audit = world_audits(world)["a1"]
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.PLAN_SENT, template=template)
    audit.refresh_from_db()
    return audit_start(actor=world.users["cba_auditor1"], audit=audit)


def questions(audit) -> list[ChecklistQuestion]:
    return list(audit.template.questions.order_by("position"))


def test_leader_starts_audit_with_default_template(world):
    audit = started(world)
    assert audit.status == AuditStatus.IN_PROGRESS
    assert audit.template.is_default and audit.template.owner_id is None
    assert AuditEvent.objects.filter(verb="audit.start", target_id=str(audit.pk)).count() == 1


def test_leader_cannot_start_planned_audit(world):
    audit = world_audits(world)["a1"]
    with pytest.raises(ValidationError, match="planned"):
        audit_start(actor=world.users["cba_auditor1"], audit=audit)


def test_auditor_off_team_cannot_answer(world):
    audit = started(world, small_template())
    q = questions(audit)[0]
    with pytest.raises(PermissionDenied):
        answer_save(actor=world.users["cba_auditor2"], audit=audit, question=q, result="conform")
    # The CB's administrator may, and the client may not.
    answer_save(actor=world.users["cba_admin"], audit=audit, question=q, result="conform")
    with pytest.raises(PermissionDenied):
        answer_save(actor=world.users["a1_admin"], audit=audit, question=q, result="conform")


def test_leader_answers_and_progress_counts(world):
    audit = started(world, small_template())
    q41, q72, q75 = questions(audit)
    leader = world.users["cba_auditor1"]
    answer_save(actor=leader, audit=audit, question=q41, result="conform", evidence="seen")
    answer_save(actor=leader, audit=audit, question=q72, result="minor_nc", evidence="no record")
    progress = checklist_progress(audit)
    clauses = {row["key"]: row for row in progress["clauses"]}
    assert [row["key"] for row in progress["clauses"]] == ["4", "7"]
    assert (clauses["4"]["answered"], clauses["4"]["total"]) == (1, 1)
    assert (clauses["7"]["answered"], clauses["7"]["total"]) == (1, 2)
    assert clauses["7"]["results"] == {"minor_nc": 1}
    areas = {row["key"]: row for row in progress["focus_areas"]}
    assert set(areas) == {"quality_concept", "key_process"}
    assert (areas["key_process"]["answered"], areas["key_process"]["total"]) == (1, 2)
    assert areas["quality_concept"]["results"] == {"conform": 1}
    # Changing an answer keeps one row per question.
    answer_save(actor=leader, audit=audit, question=q41, result="ofi", evidence="could")
    assert ChecklistAnswer.objects.filter(audit=audit).count() == 2
    assert checklist_progress(audit)["clauses"][0]["results"] == {"ofi": 1}
    assert q75 is not None


def test_leader_needs_evidence_for_nc_answer(world):
    audit = started(world, small_template())
    with pytest.raises(ValidationError) as exc:
        answer_save(
            actor=world.users["cba_auditor1"],
            audit=audit,
            question=questions(audit)[0],
            result="major_nc",
        )
    assert "evidence" in exc.value.message_dict
    assert not ChecklistAnswer.objects.filter(audit=audit).exists()


def test_leader_cannot_answer_question_of_other_template(world):
    audit = started(world, small_template())
    other = ChecklistQuestion.objects.exclude(template=audit.template).first()
    with pytest.raises(ValidationError) as exc:
        answer_save(
            actor=world.users["cba_auditor1"], audit=audit, question=other, result="conform"
        )
    assert "question" in exc.value.message_dict


def test_leader_attachment_checked_by_content(world):
    audit = started(world, small_template())
    q = questions(audit)[0]
    leader = world.users["cba_auditor1"]
    fake = SimpleUploadedFile("photo.png", b"MZ not an image", content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        answer_save(actor=leader, audit=audit, question=q, result="conform", attachment=fake)
    assert "attachment" in exc.value.message_dict
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError, match="10 MB"):
        answer_save(actor=leader, audit=audit, question=q, result="conform", attachment=big)
    good = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    answer = answer_save(actor=leader, audit=audit, question=q, result="conform", attachment=good)
    assert answer.attachment.name.endswith(".png")


def test_leader_completes_only_when_all_answered_and_ncs_raised(world):
    audit = started(world, small_template())
    q41, q72, q75 = questions(audit)
    leader = world.users["cba_auditor1"]
    answer_save(actor=leader, audit=audit, question=q41, result="conform")
    answer_save(actor=leader, audit=audit, question=q72, result="minor_nc", evidence="gap")
    with pytest.raises(ValidationError, match="1 checklist questions"):
        audit_complete(actor=leader, audit=audit, summary="ok", recommendation="recommend")
    answer_save(actor=leader, audit=audit, question=q75, result="not_applicable")
    with pytest.raises(ValidationError, match="7.2"):
        audit_complete(actor=leader, audit=audit, summary="ok", recommendation="recommend")
    finding_create(
        actor=leader,
        audit=audit,
        data={
            "grade": FindingGrade.MINOR,
            "clause": q72.clause,
            "question": q72,
            "statement": "Training records missing",
            "evidence": "gap",
        },
    )
    with pytest.raises(ValidationError) as exc:
        audit_complete(actor=leader, audit=audit, summary="", recommendation="maybe")
    assert set(exc.value.message_dict) == {"summary", "recommendation"}
    done = audit_complete(
        actor=leader, audit=audit, summary="System works.", recommendation=Recommendation.RECOMMEND
    )
    assert done.status == AuditStatus.COMPLETED
    assert done.completed_on == dt.date(2025, 3, 4)  # the audit's last day
    assert AuditEvent.objects.filter(verb="audit.complete", target_id=str(audit.pk)).exists()
    with pytest.raises(ValidationError, match="completed"):
        audit_complete(actor=leader, audit=done, summary="x", recommendation="recommend")
    with pytest.raises(ValidationError, match="completed"):
        answer_save(actor=leader, audit=done, question=q41, result="conform")
