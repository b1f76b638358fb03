"""Alarm pages: the list (filter by status and parameter), the detail with the rule in words,
the reaction plan and the chart as it was, "Raise nonconformity" and "Close with reason"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.process.choices import AlarmStatus
from qualift.process.forms_charts import AlarmCloseForm, AlarmFilterForm
from qualift.process.models import Parameter
from qualift.process.rule_text import rule_label, rule_words
from qualift.process.selectors_charts import alarm_list as select_alarms
from qualift.process.selectors_charts import get_alarm_for_user
from qualift.process.services import alarms as services
from qualift.tenancy.permissions import can

CHANGE = "alarm.change"


@login_required
@require_GET
def alarm_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    parameters = (
        Parameter.objects.visible_to(request.user)
        .filter(enterprise=enterprise)
        .select_related("control_point")
        .order_by("name", "id")
    )
    form = AlarmFilterForm(request.GET or None, parameters=parameters)
    filters = form.cleaned_data if form.is_valid() else {}
    alarms = select_alarms(
        request.user,
        enterprise,
        status=filters.get("status") or "",
        parameter=filters.get("parameter"),
    )
    page = paginate(request, alarms)
    for alarm in page:
        alarm.label = rule_label(alarm.rule_family, alarm.rule, alarm.chart)
        alarm.words = rule_words(alarm.rule_family, alarm.rule, alarm.chart)
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": page,
        "qs": querystring_without_page(request),
    }
    return render_page(request, "process/alarms/list.html", context)


def _detail(request: HttpRequest, alarm, close_form=None) -> HttpResponse:
    org = [alarm.enterprise.organization_id]
    can_change = can(request.user, CHANGE, org)
    is_closed = alarm.status == AlarmStatus.CLOSED
    if close_form is None and can_change and not is_closed:
        close_form = AlarmCloseForm()
    context = {
        "alarm": alarm,
        "parameter": alarm.parameter,
        "enterprise": alarm.enterprise,
        "label": rule_label(alarm.rule_family, alarm.rule, alarm.chart),
        "words": rule_words(alarm.rule_family, alarm.rule, alarm.chart),
        "can_raise": can_change and can(request.user, "nc.create", org) and not is_closed,
        "can_close": can_change and not is_closed,
        "close_form": close_form,
    }
    return render(request, "process/alarms/detail.html", context)


@login_required
@require_GET
def alarm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_alarm_for_user(request.user, pk))


@login_required
@require_POST
def alarm_raise_nc(request: HttpRequest, pk: int) -> HttpResponse:
    alarm = get_alarm_for_user(request.user, pk, action=CHANGE)
    existed = alarm.nonconformity_id is not None
    try:
        nc = services.alarm_raise_nc(actor=request.user, alarm=alarm)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("process:alarm-detail", pk=alarm.pk)
    if not existed:
        messages.success(request, _("Nonconformity %(number)s raised.") % {"number": nc.number})
    return redirect("improvement:nc-detail", pk=nc.pk)


@login_required
@require_POST
def alarm_close(request: HttpRequest, pk: int) -> HttpResponse:
    alarm = get_alarm_for_user(request.user, pk, action=CHANGE)
    form = AlarmCloseForm(request.POST)
    if form.is_valid():
        try:
            services.alarm_close(actor=request.user, alarm=alarm, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Alarm closed."))
            return redirect("process:alarm-detail", pk=alarm.pk)
    return _detail(request, alarm, close_form=form)
