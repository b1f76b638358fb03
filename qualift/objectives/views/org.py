"""Organisation pages: the org chart, departments, positions, employees, the employee import
and the industry templates for a ten-minute setup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives import importing_org
from qualift.objectives import selectors_org as selectors
from qualift.objectives.forms_org import (
    DepartmentForm,
    EmployeeFilterForm,
    EmployeeForm,
    EmployeeImportForm,
    OrgTemplateForm,
    PositionForm,
    SearchForm,
)
from qualift.objectives.org_templates import TEMPLATES
from qualift.objectives.services import org as services
from qualift.tenancy.permissions import can

CHANGE = services.CHANGE


def _can_change(user, enterprise) -> bool:
    return can(user, CHANGE, [enterprise.organization_id])


@login_required
def org_chart(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    language = get_language() or "en"
    context = {
        "enterprise": enterprise,
        "chart": selectors.org_chart(request.user, enterprise),
        "can_change": _can_change(request.user, enterprise),
        "templates": [
            {"key": t.key, "name": t.name.get(language), "description": t.description.get(language)}
            for t in TEMPLATES.values()
        ],
    }
    return render(request, "objectives/org_chart.html", context)


@login_required
@require_POST
def org_template(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    form = OrgTemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the industry templates."))
        return redirect("objectives:org-chart", enterprise_pk=enterprise.pk)
    counts = services.apply_org_template(
        actor=request.user, enterprise=enterprise, key=form.cleaned_data["template"]
    )
    messages.success(
        request,
        _("Template applied: %(d)d departments and %(p)d positions added.")
        % {"d": counts["departments"], "p": counts["positions"]},
    )
    return redirect("objectives:org-chart", enterprise_pk=enterprise.pk)


# Departments


@login_required
def department_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = SearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    context = {
        "enterprise": enterprise,
        "form": form,
        "departments": selectors.department_list(request.user, enterprise, q=q),
        "can_change": _can_change(request.user, enterprise),
    }
    return render(request, "objectives/department_list.html", context)


def _department_form(request, enterprise, department=None) -> HttpResponse:
    form = DepartmentForm(request.POST or None, instance=department, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_save(
                actor=request.user,
                enterprise=enterprise,
                data=form.cleaned_data,
                department=department,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Department saved."))
            return redirect("objectives:department-list", enterprise_pk=enterprise.pk)
    context = {"form": form, "enterprise": enterprise, "department": department}
    return render(request, "objectives/department_form.html", context)


@login_required
def department_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    return _department_form(request, enterprise)


@login_required
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = selectors.get_department_for_user(request.user, pk, action=CHANGE)
    return _department_form(request, department.enterprise, department)


# Positions


@login_required
def position_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = SearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    context = {
        "enterprise": enterprise,
        "form": form,
        "positions": selectors.position_list(request.user, enterprise, q=q),
        "can_change": _can_change(request.user, enterprise),
    }
    return render(request, "objectives/position_list.html", context)


@login_required
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    position = selectors.get_position_for_user(request.user, pk)
    context = {
        "position": position,
        "enterprise": position.enterprise,
        "employees": selectors.employee_list(
            request.user, position.enterprise, position=position, is_active=True
        ),
        "reports": position.reports.filter(is_active=True).order_by("sequence", "title"),
        "can_change": _can_change(request.user, position.enterprise),
    }
    return render(request, "objectives/position_detail.html", context)


def _position_form(request, enterprise, position=None) -> HttpResponse:
    form = PositionForm(request.POST or None, instance=position, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.position_save(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data, position=position
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Position saved."))
            return redirect("objectives:position-detail", pk=saved.pk)
    context = {"form": form, "enterprise": enterprise, "position": position}
    return render(request, "objectives/position_form.html", context)


@login_required
def position_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    return _position_form(request, enterprise)


@login_required
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = selectors.get_position_for_user(request.user, pk, action=CHANGE)
    return _position_form(request, position.enterprise, position)


# Employees

ACTIVE = {"": True, "left": False, "all": None}


@login_required
def employee_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = EmployeeFilterForm(request.GET or None, enterprise=enterprise)
    filters = form.cleaned_data if form.is_valid() else {}
    employees = selectors.employee_list(
        request.user,
        enterprise,
        q=filters.get("q") or "",
        department=filters.get("department"),
        position=filters.get("position"),
        is_active=ACTIVE.get(filters.get("status") or "", True),
    )
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(request, employees),
        "qs": querystring_without_page(request),
        "can_change": _can_change(request.user, enterprise),
    }
    return render_page(request, "objectives/employee_list.html", context)


def _employee_form(request, enterprise, employee=None) -> HttpResponse:
    form = EmployeeForm(request.POST or None, instance=employee, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_save(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data, employee=employee
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Employee saved."))
            return redirect("objectives:employee-list", enterprise_pk=enterprise.pk)
    context = {"form": form, "enterprise": enterprise, "employee": employee}
    return render(request, "objectives/employee_form.html", context)


@login_required
def employee_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    return _employee_form(request, enterprise)


@login_required
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employee = selectors.get_employee_for_user(request.user, pk, action=CHANGE)
    return _employee_form(request, employee.enterprise, employee)


@login_required
def employee_import(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """Upload → every row checked → all added in one go, or every problem listed and nothing
    saved."""
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    form = EmployeeImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "enterprise": enterprise, "columns": importing_org.COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = importing_org.parse_upload(upload.read(), upload.name, enterprise)
        except importing_org.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            context["report"] = report
            if report.ok:
                try:
                    created = services.org_import(
                        actor=request.user, enterprise=enterprise, rows=report.rows
                    )
                except ValidationError as exc:
                    form.add_error("file", " ".join(exc.messages))
                else:
                    messages.success(request, _("%(n)d employees imported.") % {"n": len(created)})
                    return redirect("objectives:employee-list", enterprise_pk=enterprise.pk)
    return render(request, "objectives/employee_import.html", context)
