"""Equipment register pages: the list (maintenance overdue in red), the form, record a
maintenance."""

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
from qualift.process.forms_map import EquipmentFilterForm, EquipmentForm, MaintenanceForm
from qualift.process.selectors_map import equipment_list as select_equipment
from qualift.process.selectors_map import get_equipment_for_user
from qualift.process.services import process_map as services
from qualift.tenancy.permissions import can

CHANGE = "process.change"


@login_required
def equipment_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = EquipmentFilterForm(request.GET or None, enterprise=enterprise)
    filters = form.cleaned_data if form.is_valid() else {}
    equipment = select_equipment(
        request.user,
        enterprise,
        q=filters.get("q") or "",
        process=filters.get("process"),
        overdue=bool(filters.get("overdue")),
        inactive=bool(filters.get("inactive")),
    )
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(request, equipment),
        "qs": querystring_without_page(request),
        "today": timezone.localdate(),
        "can_change": can(request.user, CHANGE, [enterprise.organization_id]),
    }
    return render_page(request, "process/equipment_list.html", context)


def _equipment_form(request, enterprise, equipment) -> HttpResponse:
    form = EquipmentForm(request.POST or None, instance=equipment, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.equipment_save(
                actor=request.user,
                enterprise=enterprise,
                data=form.cleaned_data,
                equipment=equipment,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Equipment %(code)s saved.") % {"code": saved.code})
            return redirect("process:equipment-list", enterprise_pk=enterprise.pk)
    context = {"form": form, "equipment": equipment, "enterprise": enterprise}
    return render(request, "process/equipment_form.html", context)


@login_required
def equipment_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    return _equipment_form(request, enterprise, None)


@login_required
def equipment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    equipment = get_equipment_for_user(request.user, pk, action=CHANGE)
    return _equipment_form(request, equipment.enterprise, equipment)


@login_required
def equipment_maintained(request: HttpRequest, pk: int) -> HttpResponse:
    equipment = get_equipment_for_user(request.user, pk, action=CHANGE)
    form = MaintenanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.equipment_maintained(
                actor=request.user, equipment=equipment, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Maintenance of %(code)s recorded.") % {"code": equipment.code}
            )
            return redirect("process:equipment-list", enterprise_pk=equipment.enterprise_id)
    context = {"form": form, "equipment": equipment, "enterprise": equipment.enterprise}
    return render(request, "process/equipment_maintained.html", context)
