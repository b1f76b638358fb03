"""Internal audit services: plan → start → answer → raise NC → complete, cancel, the guards and
the audit trail (ISO 9001 9.2; NC grades per DOMAIN §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualift.core.models import AuditEvent
from qualift.improvement import selectors_internal_audits as selectors
from qualift.improvement.models import InternalAudit, InternalAuditAnswer, Nonconformity
from qualift.improvement.services.internal_audits import (
    internal_audit_answer,
    internal_audit_cancel,
    internal_audit_complete,
    internal_audit_plan,
    internal_audit_raise_nc,
    internal_audit_start,
    internal_audit_update,
)
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate, Clause
from qualift.standards.selectors import default_template

pytestmark = pytest.mark.django_db

PLAN = {"title": "2026 first-half audit", "planned_on": dt.date(2026, 3, 2), "auditors": "Li Min"}


def _plan(world, user="a1_steward", template=None, **extra):
    data = {**PLAN, **extra}
    if template is not None:
        data["template"] = template
    return internal_audit_plan(actor=world.users[user], enterprise=world.a1, data=data)


def _small_template(world) -> ChecklistTemplate:
    """Hand-made checklist: two questions under 4, three under 7, one under 10."""
    template = ChecklistTemplate.objects.create(
        name_en="Mini", name_zh="小表", owner=world.a1.organization, purpose="internal"
    )
    rows = [
        ("4.1", "leadership"),
        ("4.2", "quality_concept"),
        ("7.1.5", "key_process"),
        ("7.5", "key_process"),
        ("7.5", "goals"),
        ("10.2", "goals"),
    ]
    for position, (number, focus) in enumerate(rows, start=1):
        ChecklistQuestion.objects.create(
            template=template,
            clause=Clause.objects.get(number=number),
            focus_area=focus,
            text_en=f"Question {position}?",
            text_zh=f"问题{position}？",
            position=position,
        )
    return template


def _started(world, template=None):
    audit = _plan(world, template=template)
    return internal_audit_start(actor=world.users["a1_steward"], audit=audit)


def _q(audit, position):
    return audit.template.questions.get(position=position)


def _answer(world, audit, position, result, evidence="Seen on the shop floor", user="a1_steward"):
    return internal_audit_answer(
        actor=world.users[user],
        audit=audit,
        question=_q(audit, position),
        result=result,
        evidence=evidence,
    )


def _answer_all(world, audit, result="conform"):
    for answer in audit.answers.filter(result=""):
        internal_audit_answer(
            actor=world.users["a1_steward"],
            audit=audit,
            question=answer.question_id,
            result=result,
            evidence="ok",
        )


def test_steward_plans_with_the_default_checklist_and_one_event_is_written(world):
    before = AuditEvent.objects.count()
    audit = _plan(world)
    assert audit.status == "planned" and audit.template == default_template()
    assert audit.answers.count() == 0
    event = AuditEvent.objects.get(verb="internal_audit.plan")
    assert AuditEvent.objects.count() == before + 1
    assert event.enterprise_id == world.a1.pk and event.organization == world.a1.organization
    assert event.actor == world.users["a1_steward"]


def test_planning_refuses_another_organisations_or_a_certification_only_checklist(world):
    foreign = ChecklistTemplate.objects.create(
        name_en="B1", name_zh="B1", owner=world.b1.organization
    )
    cert = ChecklistTemplate.objects.create(name_en="C", name_zh="C", purpose="certification")
    for template in (foreign, cert):
        ChecklistQuestion.objects.create(
            template=template,
            clause=Clause.objects.get(number="9.2"),
            focus_area="goals",
            text_en="Q?",
            text_zh="问？",
        )
    with pytest.raises(ValidationError) as exc:
        _plan(world, template=foreign)
    assert "another organisation" in str(exc.value.message_dict["template"])
    with pytest.raises(ValidationError) as exc:
        _plan(world, template=cert)
    assert "certification audits only" in str(exc.value.message_dict["template"])
    assert InternalAudit.objects.count() == 0


def test_planning_without_auditors_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _plan(world, auditors="")
    assert "auditors" in exc.value.message_dict


def test_start_creates_one_blank_answer_per_question(world):
    audit = _started(world)
    n = default_template().questions.count()
    assert audit.status == "in_progress"
    assert audit.answers.count() == n
    assert not audit.answers.exclude(result="").exists()
    assert set(audit.answers.values_list("enterprise_id", flat=True)) == {world.a1.pk}
    event = AuditEvent.objects.get(verb="internal_audit.start")
    assert event.after == {"status": "in_progress", "questions": n}


@pytest.mark.parametrize(
    ("setup", "step", "message"),
    [
        ("in_progress", "start", "Only a planned audit can be started; this one is in progress."),
        ("planned", "complete", "Only an audit in progress can be completed; this one is planned."),
        ("completed", "cancel", "this one is completed"),
        ("cancelled", "start", "this one is cancelled"),
        ("completed", "update", "A completed audit can no longer be edited."),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(world, setup, step, message):
    audit = _plan(world, template=_small_template(world))
    steward = world.users["a1_steward"]
    if setup != "planned":
        audit = internal_audit_start(actor=steward, audit=audit)
    if setup == "completed":
        _answer_all(world, audit)
        audit = internal_audit_complete(actor=steward, audit=audit, summary="Fine.")
    if setup == "cancelled":
        audit = internal_audit_cancel(actor=steward, audit=audit, reason="Auditor ill")
    events = AuditEvent.objects.count()
    calls = {
        "start": lambda: internal_audit_start(actor=steward, audit=audit),
        "complete": lambda: internal_audit_complete(actor=steward, audit=audit, summary="x"),
        "cancel": lambda: internal_audit_cancel(actor=steward, audit=audit, reason="x"),
        "update": lambda: internal_audit_update(actor=steward, audit=audit, data={"title": "x"}),
    }
    with pytest.raises(ValidationError) as exc:
        calls[step]()
    assert message in " ".join(exc.value.messages)
    audit.refresh_from_db()
    assert audit.status == setup and AuditEvent.objects.count() == events


@pytest.mark.parametrize("state", ["planned", "completed", "cancelled"])
def test_answering_outside_in_progress_is_rejected_and_changes_nothing(world, state):
    template = _small_template(world)
    audit = _plan(world, template=template)
    steward = world.users["a1_steward"]
    if state != "planned":
        audit = internal_audit_start(actor=steward, audit=audit)
        if state == "completed":
            _answer_all(world, audit, "observation")
            internal_audit_complete(actor=steward, audit=audit, summary="Done.")
        else:
            internal_audit_cancel(actor=steward, audit=audit, reason="Moved to next month")
    before = list(InternalAuditAnswer.objects.values_list("result", "evidence"))
    with pytest.raises(ValidationError) as exc:
        _answer(world, audit, 1, "conform")
    assert "only while the audit is in progress" in " ".join(exc.value.messages)
    assert list(InternalAuditAnswer.objects.values_list("result", "evidence")) == before


def test_answer_saves_result_and_evidence_with_one_event(world):
    audit = _started(world, _small_template(world))
    events = AuditEvent.objects.count()
    answer = _answer(world, audit, 3, "conform", "Caliper 0-150 #3, calibrated 2026-01-10")
    assert (answer.result, answer.evidence) == (
        "conform",
        "Caliper 0-150 #3, calibrated 2026-01-10",
    )
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(verb="internal_audit.answer")
    assert event.before == {"result": "", "evidence": ""}
    # Saving the same values again is not a change and writes nothing.
    _answer(world, audit, 3, "conform", "Caliper 0-150 #3, calibrated 2026-01-10")
    assert AuditEvent.objects.count() == events + 1


def test_answer_guards_question_result_and_nc_evidence(world):
    audit = _started(world, _small_template(world))
    other = default_template().questions.first()
    with pytest.raises(ValidationError) as exc:
        internal_audit_answer(
            actor=world.users["a1_steward"], audit=audit, question=other, result="conform"
        )
    assert "not on this audit's checklist" in str(exc.value.message_dict["question"])
    with pytest.raises(ValidationError) as exc:
        _answer(world, audit, 1, "maybe")
    assert "result" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _answer(world, audit, 1, "major_nc", evidence="  ")
    assert "evidence" in exc.value.message_dict
    assert not audit.answers.exclude(result="").exists()


def test_raise_nc_creates_the_linked_nonconformity_once(world):
    audit = _started(world, _small_template(world))
    _answer(
        world, audit, 3, "major_nc", "Caliper #3 overdue for calibration since 2026-01\nUsed daily"
    )
    _answer(world, audit, 5, "minor_nc", "Form QR-07 missing two signatures")
    steward = world.users["a1_steward"]
    nc = internal_audit_raise_nc(actor=steward, audit=audit, question=_q(audit, 3))
    assert nc.source == "internal_audit"
    assert nc.clause.number == "7.1.5"
    assert nc.severity == "major" and nc.status == "draft"
    assert nc.enterprise == world.a1 and nc.number.startswith("NC-")
    assert nc.title == "Caliper #3 overdue for calibration since 2026-01"
    assert "Used daily" in nc.description and audit.title in nc.description
    assert nc.detected_by == "Li Min"
    answer = audit.answers.get(question__position=3)
    assert answer.nonconformity == nc
    events = AuditEvent.objects.count()
    again = internal_audit_raise_nc(actor=steward, audit=audit, question=_q(audit, 3).pk)
    assert again.pk == nc.pk
    assert Nonconformity.objects.count() == 1 and AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(verb="internal_audit.raise_nc").count() == 1
    assert AuditEvent.objects.filter(verb="nc.create").count() == 1
    minor = internal_audit_raise_nc(actor=steward, audit=audit, question=_q(audit, 5))
    assert minor.severity == "minor" and minor.clause.number == "7.5"


def test_raise_nc_needs_an_nc_result_and_then_fixes_the_result(world):
    audit = _started(world, _small_template(world))
    _answer(world, audit, 1, "observation")
    with pytest.raises(ValidationError) as exc:
        internal_audit_raise_nc(actor=world.users["a1_steward"], audit=audit, question=_q(audit, 1))
    assert "Only a minor or major" in " ".join(exc.value.messages)
    assert Nonconformity.objects.count() == 0
    _answer(world, audit, 2, "minor_nc", "No list of interested parties")
    nc = internal_audit_raise_nc(
        actor=world.users["a1_steward"], audit=audit, question=_q(audit, 2)
    )
    with pytest.raises(ValidationError) as exc:
        _answer(world, audit, 2, "conform")
    assert nc.number in str(exc.value.message_dict["result"])
    # The evidence may still be completed.
    answer = _answer(world, audit, 2, "minor_nc", "No list of interested parties; owner agrees")
    assert answer.evidence.endswith("owner agrees")


def test_completion_needs_every_question_answered(world):
    audit = _started(world, _small_template(world))
    _answer(world, audit, 1, "conform")
    with pytest.raises(ValidationError) as exc:
        internal_audit_complete(actor=world.users["a1_steward"], audit=audit, summary="Done")
    assert "5 question(s) are still unanswered" in " ".join(exc.value.messages)
    audit.refresh_from_db()
    assert audit.status == "in_progress" and audit.performed_on is None


def test_completion_needs_a_conclusion_and_no_future_date(world):
    audit = _started(world, _small_template(world))
    _answer_all(world, audit)
    steward = world.users["a1_steward"]
    with pytest.raises(ValidationError) as exc:
        internal_audit_complete(actor=steward, audit=audit, summary=" ")
    assert "summary" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        internal_audit_complete(
            actor=steward, audit=audit, summary="ok", performed_on=dt.date(2999, 1, 1)
        )
    assert "performed_on" in exc.value.message_dict


def test_completion_raises_missing_ncs_and_records_date_and_summary(world):
    audit = _started(world, _small_template(world))
    steward = world.users["a1_steward"]
    _answer_all(world, audit)
    _answer(world, audit, 4, "minor_nc", "Old drawing rev B at station 2")
    _answer(world, audit, 6, "major_nc", "No root cause analysis for the last 5 NCs")
    first = internal_audit_raise_nc(actor=steward, audit=audit, question=_q(audit, 4))
    audit = internal_audit_complete(
        actor=steward,
        audit=audit,
        summary="System works; two gaps.",
        performed_on=dt.date(2026, 3, 3),
    )
    assert audit.status == "completed" and audit.performed_on == dt.date(2026, 3, 3)
    assert audit.summary == "System works; two gaps."
    raised = audit.answers.get(question__position=6).nonconformity
    assert raised is not None and raised.severity == "major" and raised.clause.number == "10.2"
    assert raised.detected_on == dt.date(2026, 3, 3)
    assert audit.answers.get(question__position=4).nonconformity == first
    assert Nonconformity.objects.filter(source="internal_audit").count() == 2
    event = AuditEvent.objects.get(verb="internal_audit.complete")
    assert event.after["raised"] == [raised.number] and event.after["status"] == "completed"


def test_cancel_needs_a_reason_and_keeps_it(world):
    audit = _plan(world)
    steward = world.users["a1_steward"]
    with pytest.raises(ValidationError):
        internal_audit_cancel(actor=steward, audit=audit, reason="")
    audit = internal_audit_cancel(actor=steward, audit=audit, reason="Auditor on sick leave")
    assert audit.status == "cancelled" and audit.summary == "Auditor on sick leave"
    event = AuditEvent.objects.get(verb="internal_audit.cancel")
    assert event.reason == "Auditor on sick leave" and event.before["status"] == "planned"


def test_update_changes_the_plan_but_not_the_checklist_once_started(world):
    audit = _plan(world)
    steward = world.users["a1_steward"]
    small = _small_template(world)
    audit = internal_audit_update(
        actor=steward, audit=audit, data={"title": "Spring audit", "template": small}
    )
    assert audit.title == "Spring audit" and audit.template == small
    event = AuditEvent.objects.get(verb="internal_audit.update")
    assert event.after == {"title": "Spring audit", "template_id": small.pk}
    audit = internal_audit_start(actor=steward, audit=audit)
    with pytest.raises(ValidationError) as exc:
        internal_audit_update(actor=steward, audit=audit, data={"template": default_template()})
    assert "cannot change once the audit has started" in str(exc.value.message_dict["template"])


@pytest.mark.parametrize("user", ["a1_staff", "cba_auditor1", "cba_admin", "a2_admin"])
def test_roles_without_internal_audit_change_are_refused(world, user):
    with pytest.raises(PermissionDenied):
        _plan(world, user=user)
    audit = _plan(world)
    with pytest.raises(PermissionDenied):
        internal_audit_start(actor=world.users[user], audit=audit)
    assert InternalAudit.objects.get().status == "planned"


def test_enterprise_admin_and_the_cli_operator_may_run_audits(world):
    audit = _plan(world, user="a1_admin")
    audit = internal_audit_start(actor=None, audit=audit)
    assert audit.status == "in_progress"
    assert AuditEvent.objects.get(verb="internal_audit.start").actor_label == "system"


def test_progress_per_clause_on_a_hand_made_checklist(world):
    audit = _started(world, _small_template(world))
    _answer(world, audit, 1, "conform")
    _answer(world, audit, 3, "ofi")
    _answer(world, audit, 4, "not_applicable")
    groups = selectors.workspace_groups(selectors.audit_answers(audit))
    assert [(g.progress.number, g.progress.answered, g.progress.total) for g in groups] == [
        ("4", 1, 2),
        ("7", 2, 3),
        ("10", 0, 1),
    ]
    assert [len(g.answers) for g in groups] == [2, 3, 1]
    assert [a.question.position for a in groups[1].answers] == [3, 4, 5]
    assert selectors.clause_progress(audit, "7").percent == 67
    assert selectors.overall_progress(audit) == (3, 6)


def test_results_per_clause_and_focus_area_are_counted_in_the_database(
    world, django_assert_max_num_queries
):
    audit = _started(world, _small_template(world))
    for position, result in [
        (1, "conform"),
        (2, "observation"),
        (3, "major_nc"),
        (4, "conform"),
        (5, "minor_nc"),
        (6, "ofi"),
    ]:
        _answer(world, audit, position, result)
    with django_assert_max_num_queries(3):
        results = selectors.audit_results(audit)
    # columns: conform, minor, major, observation, OFI
    assert {r.key: r.cells for r in results.by_clause} == {
        "4": [1, 0, 0, 1, 0],
        "7": [1, 1, 1, 0, 0],
        "10": [0, 0, 0, 0, 1],
    }
    by_focus = {r.key: r.cells for r in results.by_focus}
    assert by_focus["key_process"] == [1, 0, 1, 0, 0]
    assert by_focus["goals"] == [0, 1, 0, 0, 1]
    assert by_focus["leadership"] == [1, 0, 0, 0, 0]
    assert by_focus["quality_concept"] == [0, 0, 0, 1, 0]
    assert by_focus["motivation"] == [0, 0, 0, 0, 0]
