"""Internal audit pages: list and plan per enterprise, the audit workspace (answers saved in place
with htmx), raise NCs from findings, complete or cancel, results per clause and focus area."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.improvement import selectors_internal_audits as selectors
from qualift.improvement.choices import InternalAuditStatus
from qualift.improvement.forms_internal_audits import (
    AnswerForm,
    AuditFilterForm,
    CancelForm,
    CompleteForm,
    InternalAuditForm,
    QuestionForm,
)
from qualift.improvement.models import InternalAudit, InternalAuditAnswer
from qualift.improvement.services import internal_audits as services
from qualift.standards.choices import NC_RESULTS, ChecklistResult, TemplatePurpose
from qualift.standards.selectors import SUMMARY_RESULTS, main_number, templates_for_organization
from qualift.tenancy.permissions import can

TAB = "audits"
# Button colours of the six results in the workspace (Tabler colour names).
RESULT_COLORS = {
    ChecklistResult.CONFORM: "green",
    ChecklistResult.MINOR_NC: "orange",
    ChecklistResult.MAJOR_NC: "red",
    ChecklistResult.OBSERVATION: "azure",
    ChecklistResult.OFI: "purple",
    ChecklistResult.NOT_APPLICABLE: "secondary",
}
CHART_COLORS = {
    ChecklistResult.CONFORM: "#2fb344",
    ChecklistResult.MINOR_NC: "#f76707",
    ChecklistResult.MAJOR_NC: "#d63939",
    ChecklistResult.OBSERVATION: "#4299e1",
    ChecklistResult.OFI: "#ae3ec9",
}


def _result_buttons() -> list[tuple[str, str, str]]:
    return [(value, label, RESULT_COLORS[value]) for value, label in ChecklistResult.choices]


def _can_change(request: HttpRequest, audit: InternalAudit) -> bool:
    return can(request.user, "internal_audit.change", [audit.enterprise.organization_id])


@login_required
def audit_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = AuditFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    audits = selectors.audit_list(
        request.user, enterprise, status=f.get("status") or "", q=f.get("q") or ""
    )
    context = {
        "enterprise": enterprise,
        "tab": TAB,
        "form": form,
        "page": paginate(request, audits),
        "qs": querystring_without_page(request),
        "can_create": can(request.user, "internal_audit.change", [enterprise.organization_id]),
    }
    return render_page(request, "improvement/internal_audits/list.html", context)


def _templates(enterprise):
    return templates_for_organization(enterprise.organization_id, TemplatePurpose.INTERNAL)


@login_required
def audit_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, "internal_audit.change")
    form = InternalAuditForm(request.POST or None, templates=_templates(enterprise))
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.internal_audit_plan(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Internal audit planned."))
            return redirect("improvement:audit-detail", pk=audit.pk)
    context = {"form": form, "enterprise": enterprise, "tab": TAB, "creating": True}
    return render(request, "improvement/internal_audits/form.html", context)


@login_required
def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk, write=True)
    form = InternalAuditForm(
        request.POST or None, instance=audit, templates=_templates(audit.enterprise)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.internal_audit_update(actor=request.user, audit=audit, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("improvement:audit-detail", pk=audit.pk)
    context = {"form": form, "enterprise": audit.enterprise, "tab": TAB, "audit": audit}
    return render(request, "improvement/internal_audits/form.html", context)


def _workspace_context(request: HttpRequest, audit: InternalAudit) -> dict:
    answers = selectors.audit_answers(audit)
    answered = sum(1 for a in answers if a.result)
    can_change = _can_change(request, audit)
    return {
        "audit": audit,
        "enterprise": audit.enterprise,
        "tab": TAB,
        "groups": selectors.workspace_groups(answers),
        "answered": answered,
        "total": len(answers),
        "percent": round(100 * answered / len(answers)) if answers else 0,
        "can_change": can_change,
        "can_answer": can_change and audit.status == InternalAuditStatus.IN_PROGRESS,
        "result_buttons": _result_buttons(),
        "nc_results": NC_RESULTS,
        "is_planned": audit.status == InternalAuditStatus.PLANNED,
        "is_open": audit.status in services.ALLOWED_FROM["cancel"],
        "is_completed": audit.status == InternalAuditStatus.COMPLETED,
        "is_cancelled": audit.status == InternalAuditStatus.CANCELLED,
    }


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk)
    return render(
        request, "improvement/internal_audits/detail.html", _workspace_context(request, audit)
    )


def _back(request: HttpRequest, audit: InternalAudit, error: str | None, done: str):
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("improvement:audit-detail", pk=audit.pk)


@login_required
@require_POST
def audit_start(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk, write=True)
    error = None
    try:
        services.internal_audit_start(actor=request.user, audit=audit)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _back(request, audit, error, _("Audit started: answer each question."))


def _answer_fragment(
    request: HttpRequest, audit: InternalAudit, answer: InternalAuditAnswer, error: str | None
) -> HttpResponse:
    """The question card, plus out-of-band updates of its clause's and the overall progress."""
    answer = (
        InternalAuditAnswer.objects.select_related("question__clause", "nonconformity")
        .filter(pk=answer.pk)
        .first()
    )
    answered, total = selectors.overall_progress(audit)
    can_answer = _can_change(request, audit) and audit.status == InternalAuditStatus.IN_PROGRESS
    context = {
        "audit": audit,
        "a": answer,
        "error": error,
        "can_answer": can_answer,
        "can_change": _can_change(request, audit),
        "result_buttons": _result_buttons(),
        "nc_results": NC_RESULTS,
        "progress": selectors.clause_progress(audit, main_number(answer.question.clause.number)),
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "oob": True,
    }
    # 200 even with an error: htmx 2 swaps only 2xx responses, and the card shows the error.
    return render(request, "improvement/internal_audits/_answer_saved.html", context)


def _answer_of(audit: InternalAudit, question_id) -> InternalAuditAnswer | None:
    return audit.answers.filter(question_id=question_id).first() if question_id else None


@login_required
@require_POST
def audit_answer(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk, write=True)
    form = AnswerForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.internal_audit_answer(
                actor=request.user,
                audit=audit,
                question=form.cleaned_data["question"],
                result=form.cleaned_data["result"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = (
            _("Choose a result.")
            if "result" in form.errors
            else " ".join(m for errors in form.errors.values() for m in errors)
        )
    answer = _answer_of(audit, form.cleaned_data.get("question") if form.is_bound else None)
    if request.htmx and answer is not None:
        return _answer_fragment(request, audit, answer, error)
    return _back(request, audit, error, _("Answer saved."))


@login_required
@require_POST
def audit_raise_nc(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk, write=True)
    form = QuestionForm(request.POST)
    error = nc = None
    if form.is_valid():
        try:
            nc = services.internal_audit_raise_nc(
                actor=request.user, audit=audit, question=form.cleaned_data["question"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose the question whose finding becomes a nonconformity.")
    answer = _answer_of(audit, form.cleaned_data.get("question"))
    if request.htmx and answer is not None:
        return _answer_fragment(request, audit, answer, error)
    if nc is not None:
        messages.success(request, _("Nonconformity %(number)s raised.") % {"number": nc.number})
        return redirect("improvement:nc-detail", pk=nc.pk)
    return _back(request, audit, error, "")


@login_required
def audit_complete(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk, write=True)
    form = CompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.internal_audit_complete(
                actor=request.user,
                audit=audit,
                summary=form.cleaned_data["summary"],
                performed_on=form.cleaned_data["performed_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit completed."))
            return redirect("improvement:audit-results", pk=audit.pk)
    answered, total = selectors.overall_progress(audit)
    pending_nc = audit.answers.filter(result__in=NC_RESULTS, nonconformity__isnull=True).count()
    context = {
        "audit": audit,
        "enterprise": audit.enterprise,
        "tab": TAB,
        "form": form,
        "answered": answered,
        "total": total,
        "pending_nc": pending_nc,
        "results": selectors.audit_results(audit),
        "result_labels": _summary_labels(),
    }
    return render(request, "improvement/internal_audits/complete.html", context)


@login_required
def audit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk, write=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.internal_audit_cancel(
                actor=request.user, audit=audit, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit cancelled."))
            return redirect("improvement:audit-detail", pk=audit.pk)
    context = {"audit": audit, "enterprise": audit.enterprise, "tab": TAB, "form": form}
    return render(request, "improvement/internal_audits/cancel.html", context)


def _summary_labels() -> list[tuple[str, str]]:
    """(short column heading, full name) of the counted results."""
    short = {
        ChecklistResult.CONFORM: _("Conform"),
        ChecklistResult.MINOR_NC: _("Minor NC"),
        ChecklistResult.MAJOR_NC: _("Major NC"),
        ChecklistResult.OBSERVATION: _("Obs."),
        ChecklistResult.OFI: _("OFI"),
    }
    return [(short[r], str(ChecklistResult(r).label)) for r in SUMMARY_RESULTS]


def _chart_data(rows, short_keys: bool = False) -> dict:
    """Stacked-bar data; clause bars are labelled by number, the tooltip names them."""
    return {
        "categories": [row.key if short_keys else row.label for row in rows],
        "names": [row.label for row in rows],
        "series": [
            {
                "name": str(ChecklistResult(result).label),
                "color": CHART_COLORS[result],
                "data": [row.counts.get(result, 0) for row in rows],
            }
            for result in SUMMARY_RESULTS
        ],
    }


@login_required
def audit_results(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.get_audit_for_user(request.user, pk)
    results = selectors.audit_results(audit)
    ncs = (
        audit.answers.filter(nonconformity__isnull=False)
        .select_related("nonconformity", "question__clause")
        .order_by("question__position")
    )
    context = {
        "audit": audit,
        "enterprise": audit.enterprise,
        "tab": TAB,
        "results": results,
        "result_labels": _summary_labels(),
        "chart_clause": _chart_data(results.by_clause, short_keys=True),
        "chart_focus": _chart_data(results.by_focus),
        "ncs": ncs,
    }
    return render(request, "improvement/internal_audits/results.html", context)
