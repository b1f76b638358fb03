"""Finding pages: an audit's findings, raising one, one finding with its responses, the client's
response form, the auditor's review and verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.certification.access import acting_orgs, check_write, get_for_user
from qualift.certification.choices import FindingStatus, ResponseOutcome
from qualift.certification.forms_findings import (
    FindingForm,
    ResponseForm,
    ReviewForm,
    VerifyForm,
)
from qualift.certification.models import ChecklistAnswer, Finding, FindingResponse
from qualift.certification.services import findings as services
from qualift.certification.views.workspace import (
    get_audit,
    is_cert_staff,
    may_conduct,
    require_conduct_page,
)
from qualift.core.views_helpers import add_service_errors
from qualift.tenancy.permissions import can

FINDING_SELECT = ("audit__cycle", "enterprise", "cb", "clause", "nonconformity")


def _get_finding(request: HttpRequest, pk: int) -> Finding:
    return get_for_user(Finding, request.user, pk, select=FINDING_SELECT)


@login_required
def audit_findings(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_audit(request, pk)
    findings = (
        Finding.objects.visible_to(request.user)
        .filter(audit=audit)
        .select_related("clause", "nonconformity")
    )
    staff = is_cert_staff(request.user, audit)
    context = {
        "audit": audit,
        "cert_staff": staff,
        "findings": findings,
        "today": timezone.localdate(),
        "overdue_statuses": services.OVERDUE_STATUSES,
        "can_raise": staff
        and audit.status in ("in_progress", "completed")
        and may_conduct(request.user, audit),
    }
    return render(request, "certification/finding_list.html", context)


@login_required
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_audit(request, pk)
    check_write(request.user, services.CONDUCT, audit)
    require_conduct_page(request, audit)
    question = None
    initial = {}
    question_pk = request.GET.get("question") or request.POST.get("question") or ""
    if question_pk.isdigit() and audit.template_id:
        question = (
            audit.template.questions.select_related("clause").filter(pk=int(question_pk)).first()
        )
    if question is not None:
        initial["clause"] = question.clause
        found = ChecklistAnswer.objects.filter(audit=audit, question=question).first()
        if found:
            initial["evidence"] = found.evidence
            if found.result == "major_nc":
                initial["grade"] = "major"
            elif found.result == "minor_nc":
                initial["grade"] = "minor"
            elif found.result in ("observation", "ofi"):
                initial["grade"] = found.result
    form = FindingForm(request.POST or None, enterprise=audit.enterprise, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "question": question}
        try:
            finding = services.finding_create(actor=request.user, audit=audit, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding %(n)s raised.") % {"n": finding.number})
            return redirect("certification:finding-detail", pk=finding.pk)
    context = {"audit": audit, "cert_staff": True, "form": form, "question": question}
    return render(request, "certification/finding_form.html", context)


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _get_finding(request, pk)
    staff = is_cert_staff(request.user, finding)
    responses = list(
        FindingResponse.objects.filter(finding=finding).select_related(
            "submitted_by", "reviewed_by"
        )
    )
    pending = next((r for r in responses if r.outcome == ResponseOutcome.PENDING), None)
    conduct = can(request.user, services.CONDUCT, [finding.cb_id])
    context = {
        "finding": finding,
        "audit": finding.audit,
        "cert_staff": staff,
        "responses": responses,
        "pending": pending,
        "overdue": finding.due_on is not None
        and finding.due_on < timezone.localdate()
        and finding.status in services.OVERDUE_STATUSES,
        "can_respond": finding.status in services.OVERDUE_STATUSES
        and can(request.user, services.RESPOND, acting_orgs(finding)),
        "can_review": pending is not None
        and staff
        and conduct
        and may_conduct(request.user, finding.audit),
        "can_verify": finding.status == FindingStatus.ACCEPTED
        and staff
        and conduct
        and services.can_verify(request.user, finding),
        "review_form": ReviewForm(),
        "verify_form": VerifyForm(initial={"on": timezone.localdate()}),
    }
    return render(request, "certification/finding_detail.html", context)


@login_required
def finding_respond(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _get_finding(request, pk)
    check_write(request.user, services.RESPOND, finding)
    form = ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        file = data.pop("evidence_file", None)
        try:
            services.finding_respond(actor=request.user, finding=finding, data=data, file=file)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Response submitted to the auditor."))
            return redirect("certification:finding-detail", pk=finding.pk)
    return render(
        request,
        "certification/response_form.html",
        {"finding": finding, "audit": finding.audit, "form": form},
    )


@login_required
@require_POST
def response_review(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_for_user(
        FindingResponse, request.user, pk, select=("finding__audit", "enterprise")
    )
    finding = response.finding
    check_write(request.user, services.CONDUCT, finding)
    if not is_cert_staff(request.user, finding) or not may_conduct(request.user, finding.audit):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or return."))
    else:
        try:
            services.response_review(
                actor=request.user,
                response=response,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Review saved."))
    return redirect("certification:finding-detail", pk=finding.pk)


@login_required
@require_POST
def finding_verify(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _get_finding(request, pk)
    check_write(request.user, services.CONDUCT, finding)
    if not is_cert_staff(request.user, finding) or not services.can_verify(request.user, finding):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was checked and found."))
    else:
        try:
            services.finding_verify(
                actor=request.user,
                finding=finding,
                note=form.cleaned_data["note"],
                on=form.cleaned_data.get("on"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Finding verified."))
    return redirect("certification:finding-detail", pk=finding.pk)
