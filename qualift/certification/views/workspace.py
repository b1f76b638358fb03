"""The audit's checklist workspace (tablet, on site): start, answer per question with htmx,
progress per clause and focus area, complete; and the audit report PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.certification.access import get_for_user
from qualift.certification.choices import AuditStatus, FindingGrade, FindingStatus, TeamRole
from qualift.certification.forms_findings import AnswerForm, CompleteForm
from qualift.certification.models import Audit, ChecklistAnswer, Finding, TeamMember
from qualift.certification.scoping import certifying_cb_ids
from qualift.certification.services import checklists as services
from qualift.core.views_helpers import add_service_errors
from qualift.reports.pdf import render_pdf
from qualift.standards.choices import NC_RESULTS, ChecklistResult, FocusArea
from qualift.standards.models import ChecklistQuestion
from qualift.standards.selectors import main_clauses
from qualift.tenancy.permissions import can

CONDUCT = services.CONDUCT
PDF_LANGUAGES = ("en", "zh-hans")
SELECT = ("cycle", "enterprise", "cb", "template")
RESULT_BUTTONS = [
    (ChecklistResult.CONFORM, "green"),
    (ChecklistResult.MINOR_NC, "orange"),
    (ChecklistResult.MAJOR_NC, "red"),
    (ChecklistResult.OBSERVATION, "azure"),
    (ChecklistResult.OFI, "purple"),
    (ChecklistResult.NOT_APPLICABLE, "secondary"),
]


def is_cert_staff(user, record) -> bool:
    """The user does certification work for the record's CB (not the client)."""
    return bool(getattr(user, "is_superuser", False)) or record.cb_id in certifying_cb_ids(user)


def may_conduct(user, audit: Audit) -> bool:
    return can(user, CONDUCT, [audit.cb_id]) and services.can_conduct(user, audit)


def get_audit(request: HttpRequest, pk: int, *, staff_only: bool = False) -> Audit:
    audit = get_for_user(Audit, request.user, pk, select=SELECT)
    if staff_only and not is_cert_staff(request.user, audit):
        raise Http404
    return audit


def require_conduct_page(request: HttpRequest, audit: Audit) -> None:
    """403 unless the user may do the audit's on-site work (team or CB admin)."""
    from django.core.exceptions import PermissionDenied

    if not may_conduct(request.user, audit):
        raise PermissionDenied


def _result_buttons():
    labels = dict(ChecklistResult.choices)
    return [(value, labels[value], color) for value, color in RESULT_BUTTONS]


def _card_context(audit: Audit, question, answer, *, can_answer: bool, form=None) -> dict:
    return {
        "audit": audit,
        "q": question,
        "a": answer,
        "form": form,
        "can_answer": can_answer,
        "result_buttons": _result_buttons(),
        "nc_results": NC_RESULTS,
    }


@login_required
@require_POST
def audit_start(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_audit(request, pk)
    require_conduct_page(request, audit)
    try:
        services.audit_start(actor=request.user, audit=audit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("certification:audit-workspace", pk=audit.pk)
    messages.success(request, _("Audit started: answer the checklist."))
    return redirect("certification:audit-workspace", pk=audit.pk)


@login_required
def audit_workspace(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_audit(request, pk, staff_only=True)
    can_answer = audit.status == AuditStatus.IN_PROGRESS and may_conduct(request.user, audit)
    clause = request.GET.get("clause", "")
    focus = request.GET.get("focus", "")
    unanswered = request.GET.get("unanswered") == "1"
    questions = ChecklistQuestion.objects.none()
    if audit.template_id:
        questions = (
            ChecklistQuestion.objects.filter(template_id=audit.template_id)
            .select_related("clause")
            .order_by("position", "pk")
        )
        if clause.isdigit():
            questions = questions.filter(clause__number__regex=rf"^{clause}(\.|$)")
        if focus in FocusArea.values:
            questions = questions.filter(focus_area=focus)
    answers = {
        a.question_id: a for a in ChecklistAnswer.objects.filter(audit=audit).exclude(result="")
    }
    raised = set(
        Finding.objects.filter(audit=audit, question__isnull=False).values_list(
            "question_id", flat=True
        )
    )
    cards = []
    for question in questions:
        answer = answers.get(question.pk)
        if unanswered and answer is not None:
            continue
        cards.append({"q": question, "a": answer, "raised": question.pk in raised})
    to_verify = (
        Finding.objects.filter(
            enterprise_id=audit.enterprise_id,
            cb_id=audit.cb_id,
            status=FindingStatus.ACCEPTED,
        )
        .exclude(audit=audit)
        .select_related("audit", "clause")
    )
    context = {
        "audit": audit,
        "cert_staff": True,
        "cards": cards,
        "progress": services.checklist_progress(audit),
        "clauses": main_clauses(),
        "focus_areas": FocusArea.choices,
        "filters": {"clause": clause, "focus": focus, "unanswered": unanswered},
        "can_answer": can_answer,
        "can_start": audit.status == AuditStatus.PLAN_SENT and may_conduct(request.user, audit),
        "result_buttons": _result_buttons(),
        "nc_results": NC_RESULTS,
        "to_verify": to_verify,
        "FindingGrade": FindingGrade,
    }
    return render(request, "certification/workspace.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    audit = get_audit(request, pk, staff_only=True)
    require_conduct_page(request, audit)
    question = get_object_or_404(ChecklistQuestion.objects.select_related("clause"), pk=question_pk)
    form = AnswerForm(request.POST, request.FILES)
    error = ""
    saved = None
    if form.is_valid():
        try:
            saved = services.answer_save(
                actor=request.user,
                audit=audit,
                question=question,
                result=form.cleaned_data["result"],
                evidence=form.cleaned_data["evidence"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if saved is None:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        return redirect(f"{_workspace_url(audit)}#q-{question.pk}")
    current = saved or ChecklistAnswer.objects.filter(audit=audit, question=question).first()
    context = _card_context(audit, question, current, can_answer=True)
    context.update(
        {
            "error": error,
            "posted": request.POST if error else None,
            "raised": Finding.objects.filter(audit=audit, question=question).exists(),
            "progress": services.checklist_progress(audit),
            "oob": True,
        }
    )
    return render(request, "certification/workspace_card.html", context)


def _workspace_url(audit: Audit) -> str:
    from django.urls import reverse

    return reverse("certification:audit-workspace", kwargs={"pk": audit.pk})


@login_required
def audit_complete(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_audit(request, pk, staff_only=True)
    require_conduct_page(request, audit)
    initial = {"summary": audit.summary, "recommendation": audit.recommendation}
    form = CompleteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_complete(actor=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit completed."))
            return redirect("certification:audit-findings", pk=audit.pk)
    context = {
        "audit": audit,
        "cert_staff": True,
        "form": form,
        "unanswered": services.unanswered_count(audit),
        "missing": list(services.nc_answers_without_finding(audit)),
        "progress": services.checklist_progress(audit),
    }
    return render(request, "certification/audit_complete.html", context)


@login_required
def audit_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_audit(request, pk)
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    if language not in PDF_LANGUAGES:
        language = "en"
    team = TeamMember.objects.filter(audit=audit).select_related("user")
    audit = (
        Audit.objects.filter(pk=audit.pk)
        .select_related(*SELECT)
        .prefetch_related("sites", Prefetch("team", queryset=team))
        .get()
    )
    context = {
        "audit": audit,
        "cycle": audit.cycle,
        "team": list(audit.team.all()),
        "leader": next((m for m in audit.team.all() if m.role == TeamRole.LEADER), None),
        "iaf_codes": list(audit.cycle.iaf_codes.all()),
        "progress": services.checklist_progress(audit),
        "findings": list(audit.findings.select_related("clause", "nonconformity")),
        "result_labels": [label for value, label, _c in _result_buttons()],
        "result_keys": [value for value, _c in RESULT_BUTTONS],
        "generated": timezone.localtime(),
    }
    body = render_pdf("reports/audit_report.html", context, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(f"audit-report-{audit.cycle.number}-{audit.kind}-{language}") or "audit-report"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
