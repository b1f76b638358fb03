"""Industry-common problems of a program: the groups, naming a problem with its group measure,
one problem with the measures attached to plans, and attaching it to plans drafted since."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.assistance import access, common
from qualift.assistance.choices import Area
from qualift.assistance.forms_common import CommonIssueForm
from qualift.assistance.models import CommonIssue, Measure
from qualift.assistance.services.common import common_issue_attach, common_issue_create
from qualift.core.views_helpers import (
    add_service_errors,
    querystring_without_page,
    render_page,
)
from qualift.tenancy.permissions import can

WRITE = "common_issue.change"


def _can_attach(user, issue: CommonIssue) -> bool:
    return can(user, WRITE, [issue.program.owner_id, issue.created_by_org_id])


@login_required
def common_list(request: HttpRequest, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, pk)
    area = request.GET.get("area", "")
    area = area if area in Area.values else ""
    division = request.GET.get("division", "")
    division = division if division in common.DIVISIONS else ""
    groups = common.common_problems(program, request.user, area=area, division=division)
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    issues = (
        CommonIssue.objects.visible_to(request.user)
        .filter(program=program)
        .select_related("created_by_org")
        .annotate(measure_count=Count("measures"))
    )
    if area:
        issues = issues.filter(area=area)
    if division:
        issues = issues.filter(gbt4754_division=division)
    context = {
        "program": program,
        "page": page,
        "issues": issues[:100],
        "areas": Area.choices,
        "divisions": common.division_choices(),
        "filters": {"area": area, "division": division},
        "querystring": querystring_without_page(request),
        "can_create": can(request.user, WRITE, access.program_orgs(request.user, program)),
    }
    return render_page(request, "assistance/common_list.html", context)


@login_required
def common_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, pk, write_action=WRITE)
    initial: dict = {"starts_on": timezone.localdate()}
    if request.method == "GET":
        division, area = request.GET.get("division", ""), request.GET.get("area", "")
        if division:
            initial["gbt4754_division"] = division
        if area in Area.values:
            initial["area"] = area
        if division and area in Area.values:
            groups = common.common_problems(
                program, request.user, min_enterprises=1, area=area, division=division
            )
            initial["enterprises"] = [pk for g in groups for pk in g.enterprise_ids]
    form = CommonIssueForm(
        request.POST or None, program=program, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        enterprises = data.pop("enterprises")
        try:
            issue = common_issue_create(
                actor=request.user, program=program, data=data, enterprises=enterprises
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            attached = issue.measures.count()
            messages.success(
                request,
                _("Common problem recorded; the group measure was added to %(n)d plan(s).")
                % {"n": attached},
            )
            return redirect("assistance:common-detail", pk=issue.pk)
    return render(request, "assistance/common_form.html", {"form": form, "program": program})


@login_required
def common_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(
        CommonIssue.objects.visible_to(request.user).select_related(
            "program", "created_by_org", "created_by"
        ),
        pk=pk,
    )
    reached = access.reach_entries(issue.program, request.user).values("enterprise_id")
    enterprises = issue.enterprises.filter(pk__in=reached).select_related("region")
    with_plan = set(
        issue.program.entries.filter(enterprise__in=enterprises, plan__isnull=False).values_list(
            "enterprise_id", flat=True
        )
    )
    measures = (
        Measure.objects.visible_to(request.user)
        .filter(common_issue=issue)
        .select_related("enterprise", "plan")
        .order_by("enterprise__name", "pk")
    )
    context = {
        "issue": issue,
        "program": issue.program,
        "division_label": common.division_label(issue.gbt4754_division),
        "enterprises": [(e, e.pk in with_plan) for e in enterprises],
        "hidden_count": issue.enterprises.exclude(pk__in=reached).count(),
        "measures": measures,
        "can_attach": _can_attach(request.user, issue),
    }
    return render(request, "assistance/common_detail.html", context)


@login_required
@require_POST
def common_attach(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(
        CommonIssue.objects.visible_to(request.user).select_related("program"), pk=pk
    )
    if not _can_attach(request.user, issue):
        raise PermissionDenied
    created = common_issue_attach(actor=request.user, common_issue=issue)
    if created:
        messages.success(
            request, _("The group measure was added to %(n)d more plan(s).") % {"n": created}
        )
    else:
        messages.info(request, _("Every affected enterprise's plan already has the measure."))
    return redirect("assistance:common-detail", pk=issue.pk)
