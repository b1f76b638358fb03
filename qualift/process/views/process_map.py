"""Process map pages: the map (processes → control points → parameters), a process with its six
factors and equipment, and the forms for processes, control points and parameters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.process.forms_map import (
    ControlPointForm,
    ParameterForm,
    ProcessFilterForm,
    ProcessForm,
)
from qualift.process.models import ControlPoint, Parameter, Process
from qualift.process.selectors_map import (
    get_control_point_for_user,
    get_parameter_for_user,
    get_process_for_user,
)
from qualift.process.selectors_map import process_map as select_process_map
from qualift.process.services import process_map as services
from qualift.process.spc.rules import parse_rules
from qualift.tenancy.permissions import can

CHANGE = "process.change"


def _can_change(user, enterprise) -> bool:
    return can(user, CHANGE, [enterprise.organization_id])


@login_required
def process_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = ProcessFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    processes = select_process_map(
        request.user,
        enterprise,
        q=filters.get("q") or "",
        key_only=bool(filters.get("key_only")),
        inactive=bool(filters.get("inactive")),
    )
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(request, processes, per_page=20),
        "qs": querystring_without_page(request),
        "can_change": _can_change(request.user, enterprise),
    }
    return render_page(request, "process/process_list.html", context)


@login_required
def process_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    form = ProcessForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_save(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Process %(code)s saved.") % {"code": process.code})
            return redirect("process:process-detail", pk=process.pk)
    return render(request, "process/process_form.html", {"form": form, "enterprise": enterprise})


@login_required
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, pk)
    points = (
        ControlPoint.objects.filter(process=process)
        .prefetch_related("parameters__gauge")
        .order_by("sequence", "id")
    )
    context = {
        "process": process,
        "enterprise": process.enterprise,
        "points": points,
        "equipment": process.equipment.order_by("code"),
        "can_change": _can_change(request.user, process.enterprise),
        "factors": [
            ("人", _("People"), process.factor_people),
            ("机", _("Machine"), process.factor_machine),
            ("料", _("Material"), process.factor_material),
            ("法", _("Method"), process.factor_method),
            ("环", _("Environment"), process.factor_environment),
            ("测", _("Measurement"), process.factor_measurement),
        ],
    }
    return render(request, "process/process_detail.html", context)


@login_required
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, pk, action=CHANGE)
    form = ProcessForm(request.POST or None, instance=process, enterprise=process.enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.process_save(
                actor=request.user,
                enterprise=process.enterprise,
                data=form.cleaned_data,
                process=process,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Process %(code)s saved.") % {"code": process.code})
            return redirect("process:process-detail", pk=process.pk)
    context = {"form": form, "process": process, "enterprise": process.enterprise}
    return render(request, "process/process_form.html", context)


def _point_form(request, process: Process, point: ControlPoint | None) -> HttpResponse:
    form = ControlPointForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            services.control_point_save(
                actor=request.user, process=process, data=form.cleaned_data, point=point
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Control point saved."))
            return redirect("process:process-detail", pk=process.pk)
    context = {"form": form, "point": point, "process": process, "enterprise": process.enterprise}
    return render(request, "process/control_point_form.html", context)


@login_required
def control_point_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _point_form(request, get_process_for_user(request.user, pk, action=CHANGE), None)


@login_required
def control_point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_control_point_for_user(request.user, pk, action=CHANGE)
    return _point_form(request, point.process, point)


def _parameter_form(request, point: ControlPoint, parameter: Parameter | None) -> HttpResponse:
    enterprise = point.enterprise
    form = ParameterForm(request.POST or None, instance=parameter, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.parameter_save(
                actor=request.user,
                control_point=point,
                data=form.cleaned_data,
                parameter=parameter,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Parameter %(name)s saved.") % {"name": saved.name})
            return redirect("process:parameter-detail", pk=saved.pk)
    context = {
        "form": form,
        "parameter": parameter,
        "point": point,
        "process": point.process,
        "enterprise": enterprise,
    }
    return render(request, "process/parameter_form.html", context)


@login_required
def parameter_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _parameter_form(request, get_control_point_for_user(request.user, pk, CHANGE), None)


@login_required
def parameter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    parameter = get_parameter_for_user(request.user, pk, action=CHANGE)
    return _parameter_form(request, parameter.control_point, parameter)


def _rules_text(rules: str) -> str:
    try:
        family, numbers = parse_rules(rules)
    except ValueError:
        return rules
    names = {"we": _("Western Electric"), "nelson": _("Nelson")}
    return _("%(family)s rules %(numbers)s") % {
        "family": names.get(family, family),
        "numbers": ", ".join(str(n) for n in numbers),
    }


def _chart_options(parameter: Parameter) -> list[tuple[str, float]]:
    labels = {"lambda_": "λ", "L": "L", "k": "k", "h": "h"}
    return [(labels.get(k, k), v) for k, v in parameter.chart_options().items()]


@login_required
def parameter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    parameter = get_parameter_for_user(request.user, pk)
    enterprise = parameter.enterprise
    context = {
        "parameter": parameter,
        "point": parameter.control_point,
        "process": parameter.control_point.process,
        "enterprise": enterprise,
        "gauge_overdue": bool(parameter.gauge and parameter.gauge.calibration_overdue()),
        "rules_text": _rules_text(parameter.rules),
        "chart_options": _chart_options(parameter),
        "can_change": _can_change(request.user, enterprise),
        "can_measure": can(request.user, "measurement.create", [enterprise.organization_id]),
    }
    return render(request, "process/parameter_detail.html", context)
