"""Reading pages: the shop-floor entry form (htmx, keyboard-first, live chart), the list of a
parameter's readings, and the CSV/XLSX imports (per parameter and enterprise-wide)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualift.core.views_helpers import paginate, querystring_without_page, render_page
from qualift.enterprises.importing import ImportFileError
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.process.forms_readings import ReadingEntryForm, ReadingFilterForm, ReadingImportForm
from qualift.process.importing_readings import CHINESE, COLUMNS, import_readings, template_columns
from qualift.process.models import Gauge, Measurement, Parameter
from qualift.process.services.readings import record_subgroup
from qualift.tenancy.permissions import can

MEASURE = "measurement.create"
OPERATOR_KEY = "process_reading_operator"
RECENT_SUBGROUPS = 10
ERRORS_SHOWN = 1000


def get_parameter_for_user(user, pk: int, write: bool = False) -> Parameter:
    """404 outside the user's scope; 403 when `write` and the user may not enter readings."""
    parameter = get_object_or_404(
        Parameter.objects.visible_to(user).select_related(
            "enterprise__organization", "gauge", "control_point__process"
        ),
        pk=pk,
    )
    if write and not can(user, MEASURE, [parameter.enterprise.organization_id]):
        raise PermissionDenied
    return parameter


def _gauges(parameter: Parameter):
    """The gauges a reading may be taken with: the enterprise's in use, and the parameter's."""
    from django.db.models import Q

    keep = Q(is_active=True)
    if parameter.gauge_id:
        keep |= Q(pk=parameter.gauge_id)
    return Gauge.objects.filter(keep, enterprise_id=parameter.enterprise_id).order_by("code")


def recent_subgroups(parameter: Parameter, n: int = RECENT_SUBGROUPS) -> list[dict]:
    """The last `n` subgroups of the parameter, newest first (one query on the subgroup index)."""
    last = parameter.next_subgroup - 1
    rows = (
        Measurement.objects.filter(parameter_id=parameter.pk, subgroup__gt=last - n)
        .select_related("gauge")
        .order_by("-subgroup", "id")
    )
    groups: dict[int, dict] = {}
    for m in rows:
        group = groups.get(m.subgroup)
        if group is None:
            group = groups[m.subgroup] = {
                "subgroup": m.subgroup,
                "taken_at": m.taken_at,
                "values": [],
                "count": m.count,
                "sample_size": m.sample_size,
                "operator": m.operator_name,
                "gauge": m.gauge,
                "overdue": m.gauge_overdue,
                "note": m.note,
            }
        if m.value is not None:
            group["values"].append(m.value)
        group["overdue"] = group["overdue"] or m.gauge_overdue
    for group in groups.values():
        values = group["values"]
        group["mean"] = sum(values) / len(values) if values else None
    return list(groups.values())


def _rule_text(alarm) -> str:
    try:
        from qualift.process.rule_text import rule_words
    except ImportError:  # the alarm texts come with the charts feature
        rule_words = None
    if rule_words is not None:
        try:
            return str(rule_words(alarm.rule_family, alarm.rule, getattr(alarm, "chart", "")))
        except TypeError:  # an older signature without the chart
            return str(rule_words(alarm.rule_family, alarm.rule))
    return _("Rule %(rule)s") % {"rule": alarm.rule}


def _entry_context(request, parameter, form, result=None) -> dict:
    gauge = parameter.gauge
    overdue_ids = {g.pk for g in form.fields["gauge"].queryset if g.calibration_overdue()}
    chosen = form["gauge"].value()
    return {
        "chosen_gauge_overdue": str(chosen) in {str(pk) for pk in overdue_ids},
        "parameter": parameter,
        "enterprise": parameter.enterprise,
        "form": form,
        "result": result,
        "saved_subgroup": (result.subgroups.get(parameter.pk) or (None, None))[1]
        if result
        else None,
        "alarms": [(alarm, _rule_text(alarm)) for alarm in (result.alarms if result else [])],
        "recent": recent_subgroups(parameter),
        "gauge_overdue": bool(gauge and gauge.calibration_overdue()),
    }


@login_required
def reading_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the entry page. POST (htmx): record one subgroup; the form comes back cleared with
    a success line and the last subgroups, and the chart is told to redraw."""
    parameter = get_parameter_for_user(request.user, pk, write=True)
    gauges = _gauges(parameter)
    initial = {"operator": request.session.get(OPERATOR_KEY, ""), "gauge": parameter.gauge_id}
    if request.method != "POST":
        form = ReadingEntryForm(parameter, initial=initial, gauges=gauges)
        context = _entry_context(request, parameter, form)
        return render(request, "process/reading_entry.html", context)
    form = ReadingEntryForm(parameter, request.POST, gauges=gauges)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = record_subgroup(
                actor=request.user,
                parameter=parameter,
                values=form.values,
                count=data.get("count"),
                sample_size=data.get("sample_size"),
                taken_at=data.get("taken_at"),
                operator_name=data["operator"],
                gauge=data["gauge"],
                note=data["note"],
            )
        except ValidationError as exc:
            _service_errors(form, exc)
    template = "process/reading_entry.html"
    if request.htmx:
        template += "#entry"
    if result is None:
        context = _entry_context(request, parameter, form)
        return render(request, template, context, status=422)
    request.session[OPERATOR_KEY] = form.cleaned_data["operator"]
    keep = {"operator": form.cleaned_data["operator"], "gauge": form.cleaned_data["gauge"]}
    if parameter.is_attribute:
        keep["sample_size"] = form.cleaned_data.get("sample_size") or parameter.sample_size
    fresh = ReadingEntryForm(parameter, initial=keep, gauges=gauges)
    response = render(request, template, _entry_context(request, parameter, fresh, result))
    response["HX-Trigger"] = "readings-saved"
    return response


def _service_errors(form, exc: ValidationError) -> None:
    names = {"operator_name": "operator", "value": None, "subgroup": None, "parameter": None}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        target = names.get(name, name)
        form.add_error(target if target in form.fields else None, messages)


def _filtered_readings(request: HttpRequest, parameter: Parameter):
    form = ReadingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = Measurement.objects.filter(parameter_id=parameter.pk).select_related("gauge", "batch")
    zone = timezone.get_current_timezone()
    if filters.get("start"):
        start = dt.datetime.combine(filters["start"], dt.time.min, tzinfo=zone)
        qs = qs.filter(taken_at__gte=start)
    if filters.get("end"):
        end = dt.datetime.combine(filters["end"] + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        qs = qs.filter(taken_at__lt=end)
    if filters.get("overdue"):
        qs = qs.filter(gauge_overdue=True)
    return form, qs.order_by("-taken_at", "-id")


@login_required
def reading_list(request: HttpRequest, pk: int) -> HttpResponse:
    parameter = get_parameter_for_user(request.user, pk)
    form, readings = _filtered_readings(request, parameter)
    context = {
        "parameter": parameter,
        "enterprise": parameter.enterprise,
        "form": form,
        "page": paginate(request, readings, per_page=50),
        "qs": querystring_without_page(request),
        "can_measure": can(request.user, MEASURE, [parameter.enterprise.organization_id]),
    }
    return render_page(request, "process/reading_list.html", context)


def _template_csv(parameter: Parameter | None) -> HttpResponse:
    columns = template_columns(parameter)
    if translation.get_language().startswith("zh"):
        columns = [CHINESE[c] for c in columns]
    out = io.StringIO()
    csv.writer(out).writerow(columns)
    name = f"readings-{parameter.pk}.csv" if parameter else "readings.csv"
    # With a BOM, so that Excel opens the Chinese headers as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _import(
    request: HttpRequest,
    enterprise,
    parameter: Parameter | None,
    template: str,
    extra: dict | None = None,
):
    if request.GET.get("template"):
        return _template_csv(parameter)
    form = ReadingImportForm(request.POST or None, request.FILES or None)
    context: dict = {
        "enterprise": enterprise,
        "parameter": parameter,
        "form": form,
        "columns": template_columns(parameter),
        "chinese": CHINESE,
        "aliases": COLUMNS,
        **(extra or {}),
    }
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report, result = import_readings(
                    actor=request.user,
                    enterprise=enterprise,
                    content=upload.read(),
                    filename=upload.name,
                    parameter=parameter,
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                context["report"] = report
                context["result"] = result
                context["errors_shown"] = report.errors[:ERRORS_SHOWN]
                context["errors_more"] = max(0, len(report.errors) - ERRORS_SHOWN)
                context["error_columns"] = Counter(e.column for e in report.errors).most_common()
                context["bad_rows"] = len({e.row for e in report.errors})
                if result is not None:
                    status = 200
                    context["subgroups"] = _subgroup_ranges(result)
        context["posted"] = True
    if request.htmx and request.method == "POST":
        return render(request, f"{template}#result", context, status=status)
    return render(request, template, context, status=status)


def _subgroup_ranges(result) -> list[tuple[Parameter, int, int]]:
    parameters = Parameter.objects.in_bulk(list(result.subgroups))
    return [
        (parameters[pk], first, last)
        for pk, (first, last) in result.subgroups.items()
        if pk in parameters
    ]


@login_required
def reading_import(request: HttpRequest, pk: int) -> HttpResponse:
    parameter = get_parameter_for_user(request.user, pk, write=True)
    return _import(request, parameter.enterprise, parameter, "process/reading_import.html")


@login_required
def reading_import_enterprise(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=MEASURE)
    extra = {"parameters": enterprise_parameters(enterprise)}
    return _import(request, enterprise, None, "process/reading_import_enterprise.html", extra=extra)


def enterprise_parameters(enterprise):
    """The enterprise's active parameters with their ids (for the enterprise-wide import)."""
    return (
        Parameter.objects.filter(enterprise=enterprise, is_active=True)
        .select_related("control_point__process")
        .order_by("control_point__process__sequence", "control_point__process__code", "id")
    )
