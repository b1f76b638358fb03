"""Audit time (IAF MD 5): the calculator for CB people and an audit's time tab."""

from __future__ import annotations

from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs, check_write, get_for_user
from qualift.certification.choices import AuditStatus
from qualift.certification.forms_time import AuditTimeForm, adjustments_text
from qualift.certification.models import Audit
from qualift.certification.scoping import certifying_cb_ids
from qualift.certification.services.audit_time import OWN_DAYS_KINDS, audit_set_time, calculate
from qualift.core.views_helpers import add_service_errors
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

PLAN = "cert_audit.plan"


def chart_data(result: dict) -> dict:
    """Bars of the calculator's chart: the days of each kind of audit."""
    return {
        "labels": [_("Stage 1"), _("Stage 2"), _("Surveillance"), _("Recertification")],
        "values": [
            result["stage1_days"],
            result["stage2_days"],
            result["surveillance_days"],
            result["recertification_days"],
        ],
        "name": _("Auditor-days"),
    }


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    """Any CB person (admin, auditor, assistance expert): GET form, result, chart, justification."""
    scope = scope_of(request.user)
    if not (scope.is_superuser or scope.cb_ids):
        raise PermissionDenied
    form = AuditTimeForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        share = Fraction(form.cleaned_data["stage1_share"])
        try:
            result = calculate(form.inputs(), stage1_share=share).as_dict()
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {"form": form, "result": result, "chart": chart_data(result) if result else None}
    return render(request, "certification/audit_time_calculator.html", context)


def _initial(audit: Audit) -> dict:
    saved = audit.time_inputs or {}
    if saved:
        initial = {key: saved.get(key) for key in ("employees", "part_time_fte", "shift_staff")}
        initial["shifts"] = saved.get("shifts")
        initial["adjustments"] = adjustments_text(saved.get("adjustments"))
        initial["days"] = saved.get("days")
        return initial
    return {"employees": audit.cycle.employees, "part_time_fte": audit.cycle.part_time_fte}


@login_required
def audit_time_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An audit's time: the stored justification for everyone who sees the audit (the client
    too); the form for those who plan audits, while the audit has not started."""
    audit = get_for_user(Audit, request.user, pk, select=("cycle", "enterprise"))
    can_plan = can(request.user, PLAN, acting_orgs(audit))
    editable = can_plan and audit.status in (AuditStatus.PLANNED, AuditStatus.PLAN_SENT)
    form = None
    if request.method == "POST":
        check_write(request.user, PLAN, audit)
    if editable or request.method == "POST":
        form = AuditTimeForm(
            request.POST or None,
            initial=_initial(audit),
            with_share=False,
            with_days=audit.kind in OWN_DAYS_KINDS,
        )
    if request.method == "POST" and form.is_valid():
        try:
            audit_set_time(actor=request.user, audit=audit, inputs=form.inputs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit time saved."))
            return redirect("certification:audit-time", pk=audit.pk)
    context = {
        "audit": audit,
        "form": form,
        "result": audit.time_result or None,
        "chart": chart_data(audit.time_result) if audit.time_result else None,
        "cert_staff": audit.cb_id in certifying_cb_ids(request.user),
    }
    return render(request, "certification/audit_time.html", context)
