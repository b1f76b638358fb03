"""The parameter's chart page (live chart, capability, limit-set history, freezing limits), its
JSON data, and the capability report PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qualift.core.views_helpers import add_service_errors
from qualift.process.charting import parameter_chart_payload, parse_max_points
from qualift.process.forms_charts import FreezeLimitsForm
from qualift.process.reports_capability import (
    capability_pdf as build_capability_pdf,
)
from qualift.process.reports_capability import (
    capability_rows,
    normality_text,
    spec_rows,
)
from qualift.process.selectors_charts import get_parameter_for_user, limit_sets
from qualift.process.series import NotEnoughData, analyze_parameter
from qualift.process.services.limits import freeze_limits
from qualift.tenancy.permissions import can

FREEZE = "limits.freeze"


def _page(request: HttpRequest, parameter, form=None, status: int = 200) -> HttpResponse:
    org = [parameter.enterprise.organization_id]
    can_freeze = can(request.user, FREEZE, org)
    try:
        analysis = analyze_parameter(parameter)
    except NotEnoughData:
        analysis = None
    result = analysis.result if analysis is not None else None
    cap = result.capability if result is not None else None
    if form is None and can_freeze:
        initial = None
        if analysis is not None:  # suggest the first 25 points as phase I
            points = analysis.point_subgroups
            initial = {
                "first_subgroup": int(points[0]),
                "last_subgroup": int(points[min(points.size, 25) - 1]),
            }
        form = FreezeLimitsForm(initial=initial)
    context = {
        "parameter": parameter,
        "enterprise": parameter.enterprise,
        "process": parameter.control_point.process,
        "analysis": analysis,
        "summary": result.to_dict() if result is not None else None,
        "limit_set": analysis.limit_set if analysis is not None else None,
        "capability": cap,
        "capability_rows": capability_rows(cap),
        "spec_rows": spec_rows(cap),
        "normality": normality_text(cap) if cap else "",
        "limit_sets": limit_sets(parameter).select_related("frozen_by"),
        "can_freeze": can_freeze,
        "form": form,
    }
    return render(request, "process/charts/parameter.html", context, status=status)


@login_required
@require_GET
def parameter_chart(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_parameter_for_user(request.user, pk))


@login_required
@require_GET
def parameter_chart_data(request: HttpRequest, pk: int) -> JsonResponse:
    parameter = get_parameter_for_user(request.user, pk)
    phase = request.GET.get("phase", "all")
    if phase not in ("all", "1", "2"):
        phase = "all"
    payload = parameter_chart_payload(
        parameter, max_points=parse_max_points(request.GET.get("max_points")), phase=phase
    )
    return JsonResponse(payload)


@login_required
@require_POST
def limits_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    parameter = get_parameter_for_user(request.user, pk, action=FREEZE)
    form = FreezeLimitsForm(request.POST)
    if form.is_valid():
        try:
            limit_set = freeze_limits(actor=request.user, parameter=parameter, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Limits v%(version)s frozen from subgroups %(a)s to %(b)s.")
                % {
                    "version": limit_set.version,
                    "a": limit_set.first_subgroup,
                    "b": limit_set.last_subgroup,
                },
            )
            return redirect("process:parameter-chart", pk=parameter.pk)
    return _page(request, parameter, form=form)


@login_required
@require_GET
def capability_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    parameter = get_parameter_for_user(request.user, pk)
    body = build_capability_pdf(parameter, request.LANGUAGE_CODE)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="capability-{parameter.pk}.pdf"'
    return response
