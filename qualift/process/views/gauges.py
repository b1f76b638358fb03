"""Gauge register pages: the list (overdue calibrations in red), the form, record a
calibration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.process.forms_map import GaugeCalibrationForm, GaugeFilterForm, GaugeForm
from qualift.process.selectors_map import gauge_list as select_gauges
from qualift.process.selectors_map import get_gauge_for_user
from qualift.process.services import process_map as services
from qualift.tenancy.permissions import can

CHANGE = "process.change"


@login_required
def gauge_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = GaugeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    gauges = select_gauges(
        request.user,
        enterprise,
        q=filters.get("q") or "",
        overdue=bool(filters.get("overdue")),
        inactive=bool(filters.get("inactive")),
    )
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(request, gauges),
        "qs": querystring_without_page(request),
        "today": timezone.localdate(),
        "can_change": can(request.user, CHANGE, [enterprise.organization_id]),
    }
    return render_page(request, "process/gauge_list.html", context)


def _gauge_form(request, enterprise, gauge) -> HttpResponse:
    form = GaugeForm(request.POST or None, instance=gauge)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.gauge_save(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data, gauge=gauge
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Gauge %(code)s saved.") % {"code": saved.code})
            return redirect("process:gauge-list", enterprise_pk=enterprise.pk)
    context = {"form": form, "gauge": gauge, "enterprise": enterprise}
    return render(request, "process/gauge_form.html", context)


@login_required
def gauge_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    return _gauge_form(request, enterprise, None)


@login_required
def gauge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    gauge = get_gauge_for_user(request.user, pk, action=CHANGE)
    return _gauge_form(request, gauge.enterprise, gauge)


@login_required
def gauge_calibrate(request: HttpRequest, pk: int) -> HttpResponse:
    gauge = get_gauge_for_user(request.user, pk, action=CHANGE)
    form = GaugeCalibrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.gauge_calibrated(actor=request.user, gauge=gauge, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Calibration of %(code)s recorded.") % {"code": gauge.code},
            )
            return redirect("process:gauge-list", enterprise_pk=gauge.enterprise_id)
    context = {"form": form, "gauge": gauge, "enterprise": gauge.enterprise}
    return render(request, "process/gauge_calibrate.html", context)
