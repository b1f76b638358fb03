"""Objectives pages: the cascade as a tree with traffic lights, an objective with its chart and
measurements, the objective form (prefilled from coverage gaps), recording and computing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.core.views_helpers import add_service_errors
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives import selectors_objectives as selectors
from qualift.objectives.choices import COMPUTED_SOURCES, DataSource
from qualift.objectives.forms_objectives import (
    DeactivateForm,
    MeasurementForm,
    ObjectiveFilterForm,
    ObjectiveForm,
)
from qualift.objectives.models import Objective
from qualift.objectives.services import objectives as services
from qualift.tenancy.permissions import can

CHANGE = services.CHANGE


def _can_change(user, enterprise) -> bool:
    return can(user, CHANGE, [enterprise.organization_id])


@login_required
def objective_tree(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = ObjectiveFilterForm(request.GET or None, enterprise=enterprise)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.objective_tree(
        request.user,
        enterprise,
        level=filters.get("level") or "",
        attainment=filters.get("attainment") or "",
        owner=filters.get("owner"),
        q=filters.get("q") or "",
        include_inactive=bool(filters.get("inactive")),
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.objective.attainment] = counts.get(row.objective.attainment, 0) + 1
    context = {
        "enterprise": enterprise,
        "form": form,
        "rows": rows,
        "counts": counts,
        "can_change": _can_change(request.user, enterprise),
    }
    return render(request, "objectives/objective_tree.html", context)


def _objective_form(request, enterprise, objective: Objective | None = None) -> HttpResponse:
    form = ObjectiveForm(
        request.POST or None,
        instance=objective or Objective(enterprise=enterprise),
        enterprise=enterprise,
        prefill=request.GET,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if objective is None:
                saved = services.objective_create(
                    actor=request.user, enterprise=enterprise, data=form.cleaned_data
                )
            else:
                saved = services.objective_update(
                    actor=request.user, objective=objective, data=form.cleaned_data
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Objective saved."))
            return redirect("objectives:objective-detail", pk=saved.pk)
    context = {"form": form, "enterprise": enterprise, "objective": objective}
    return render(request, "objectives/objective_form.html", context)


@login_required
def objective_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    return _objective_form(request, enterprise)


@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective_for_user(request.user, pk, action=CHANGE)
    return _objective_form(request, objective.enterprise, objective)


def _detail(request, objective: Objective, measure_form=None, deactivate_form=None, status=200):
    measurements = selectors.measurements_of(objective)
    selectors.decorate([objective])
    can_change = _can_change(request.user, objective.enterprise)
    context = {
        "objective": objective,
        "enterprise": objective.enterprise,
        "measurements": list(reversed(measurements)),
        "chart": selectors.chart_data(objective, measurements),
        "children": selectors.children_of(objective),
        "can_change": can_change,
        "is_manual": objective.source == DataSource.MANUAL,
        "is_computed": objective.source in (DataSource.ROLLUP, *COMPUTED_SOURCES),
        "measure_form": measure_form or MeasurementForm(),
        "deactivate_form": deactivate_form or DeactivateForm(),
    }
    return render(request, "objectives/objective_detail.html", context, status=status)


@login_required
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective_for_user(request.user, pk)
    return _detail(request, objective)


@login_required
@require_POST
def objective_measure(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective_for_user(request.user, pk, action=CHANGE)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            services.measurement_record(
                actor=request.user,
                objective=objective,
                day=form.cleaned_data["day"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Measurement recorded."))
            return redirect("objectives:objective-detail", pk=objective.pk)
    return _detail(request, objective, measure_form=form)


@login_required
@require_POST
def objective_compute(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective_for_user(request.user, pk, action=CHANGE)
    try:
        n = services.objective_compute(
            actor=request.user, objective=objective, today=timezone.localdate()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d period(s) computed.") % {"n": n})
    return redirect("objectives:objective-detail", pk=objective.pk)


@login_required
@require_POST
def objectives_compute(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    n = services.objectives_compute_all(
        actor=request.user, enterprise=enterprise, today=timezone.localdate()
    )
    messages.success(request, _("%(n)d period(s) computed.") % {"n": n})
    return redirect("objectives:objective-tree", enterprise_pk=enterprise.pk)


@login_required
@require_POST
def objective_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective_for_user(request.user, pk, action=CHANGE)
    form = DeactivateForm(request.POST)
    if form.is_valid():
        try:
            services.objective_deactivate(
                actor=request.user, objective=objective, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Objective retired."))
            return redirect("objectives:objective-detail", pk=objective.pk)
    return _detail(request, objective, deactivate_form=form)
