"""Complaint pages: the register, a short form, the detail with the response and the
"raise nonconformity" button."""

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
from qualift.improvement.choices import ComplaintStatus
from qualift.improvement.forms_complaints import (
    ComplaintFilterForm,
    ComplaintForm,
    ComplaintResponseForm,
)
from qualift.improvement.selectors_complaints import complaint_list as select_complaints
from qualift.improvement.selectors_complaints import get_complaint_for_user
from qualift.improvement.services import complaints as services
from qualift.tenancy.permissions import can

CHANGE = "complaint.change"


@login_required
def complaint_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = ComplaintFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    complaints = select_complaints(
        request.user,
        enterprise,
        q=filters.get("q") or "",
        status=filters.get("status") or "",
        severity=filters.get("severity") or "",
        start=filters.get("start"),
        end=filters.get("end"),
    )
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(request, complaints),
        "qs": querystring_without_page(request),
        "can_change": can(request.user, CHANGE, [enterprise.organization_id]),
    }
    return render_page(request, "improvement/complaints/list.html", context)


@login_required
def complaint_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_register(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Complaint %(number)s registered.") % {"number": complaint.number}
            )
            return redirect("improvement:complaint-detail", pk=complaint.pk)
    context = {"form": form, "enterprise": enterprise}
    return render(request, "improvement/complaints/form.html", context)


@login_required
def complaint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk, action=CHANGE)
    form = ComplaintForm(request.POST or None, instance=complaint)
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_update(
                actor=request.user, complaint=complaint, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Complaint saved."))
            return redirect("improvement:complaint-detail", pk=complaint.pk)
    context = {"form": form, "complaint": complaint, "enterprise": complaint.enterprise}
    return render(request, "improvement/complaints/form.html", context)


def _detail(request: HttpRequest, complaint, response_form=None, status: int = 200):
    org = [complaint.enterprise.organization_id]
    can_change = can(request.user, CHANGE, org)
    is_open = complaint.status != ComplaintStatus.CLOSED
    if response_form is None and can_change and is_open:
        initial = {"response": complaint.response} if complaint.response else None
        response_form = ComplaintResponseForm(initial=initial)
    context = {
        "complaint": complaint,
        "enterprise": complaint.enterprise,
        "can_change": can_change and is_open,
        "can_raise": can_change and can(request.user, "nc.create", org),
        "response_form": response_form,
    }
    return render(request, "improvement/complaints/detail.html", context, status=status)


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_complaint_for_user(request.user, pk))


@login_required
@require_POST
def complaint_respond(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk, action=CHANGE)
    form = ComplaintResponseForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_respond(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Response recorded."))
            return redirect("improvement:complaint-detail", pk=complaint.pk)
    return _detail(request, complaint, response_form=form)


@login_required
@require_POST
def complaint_close(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk, action=CHANGE)
    try:
        services.complaint_close(actor=request.user, complaint=complaint)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Complaint closed."))
    return redirect("improvement:complaint-detail", pk=complaint.pk)


@login_required
@require_POST
def complaint_raise_nc(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk, action=CHANGE)
    existed = complaint.nonconformity_id is not None
    try:
        nc = services.complaint_raise_nc(actor=request.user, complaint=complaint)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("improvement:complaint-detail", pk=complaint.pk)
    if not existed:
        messages.success(request, _("Nonconformity %(number)s raised.") % {"number": nc.number})
    return redirect("improvement:nc-detail", pk=nc.pk)
