"""Audit planning pages: the auditor's list, one audit's overview, editing it, its team, its
schedule, sending the plan, the plan PDF and cancelling."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.certification.access import acting_orgs, check_write, get_for_user
from qualift.certification.choices import AUDIT_OPEN, AuditKind, AuditStatus, TeamRole
from qualift.certification.forms_audits import (
    AuditForm,
    CancelForm,
    ScheduleItemForm,
    TeamMemberForm,
)
from qualift.certification.models import Audit, ScheduleItem, TeamMember
from qualift.certification.scoping import certifying_cb_ids
from qualift.certification.services import audits as services
from qualift.certification.teams import counted_days, team_problems
from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.standards.selectors import main_clauses
from qualift.tenancy.choices import Role
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

PLAN = services.PLAN
PDF_LANGUAGES = ("en", "zh-hans")
AUDIT_SELECT = ("cycle", "enterprise", "cb")


def is_cert_staff(user, audit) -> bool:
    """The user does certification work for the audit's CB (not the client)."""
    return scope_of(user).is_superuser or audit.cb_id in certifying_cb_ids(user)


def _get_audit(request: HttpRequest, pk: int, write: bool = False) -> Audit:
    return get_for_user(
        Audit, request.user, pk, write_action=PLAN if write else None, select=AUDIT_SELECT
    )


def _leaders():
    return Prefetch(
        "team",
        queryset=TeamMember.objects.filter(role=TeamRole.LEADER).select_related("user"),
        to_attr="leaders",
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and overdue audits: the auditor's own by default, the whole CB for its
    administrators (or ?scope=all)."""
    scope = scope_of(request.user)
    cb_ids = certifying_cb_ids(request.user)
    if not (cb_ids or scope.is_superuser):
        raise PermissionDenied
    admin = scope.is_superuser or bool(cb_ids & scope.orgs_with((Role.CB_ADMIN,)))
    today = timezone.localdate()
    filters = {
        "scope": request.GET.get("scope") or ("all" if admin else "mine"),
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
        "overdue": request.GET.get("overdue", ""),
        "q": request.GET.get("q", "").strip(),
    }
    audits = (
        Audit.objects.visible_to(request.user).filter(cb_id__in=cb_ids)
        if cb_ids
        else (Audit.objects.visible_to(request.user))
    )
    if filters["scope"] == "mine":
        audits = audits.filter(team__user=request.user)
    if filters["kind"] in AuditKind.values:
        audits = audits.filter(kind=filters["kind"])
    if filters["status"] in AuditStatus.values:
        audits = audits.filter(status=filters["status"])
    elif not filters["status"]:
        audits = audits.filter(status__in=AUDIT_OPEN)
    if filters["overdue"]:
        audits = audits.filter(due_by__lt=today, status__in=AUDIT_OPEN)
    if filters["q"]:
        q = filters["q"]
        audits = audits.filter(Q(enterprise__name__icontains=q) | Q(cycle__number__icontains=q))
    audits = (
        audits.select_related("enterprise", "cycle")
        .prefetch_related(_leaders())
        .order_by("start_on", "due_by", "pk")
        .distinct()
    )
    context = {
        "page": paginate(request, audits),
        "today": today,
        "open_statuses": list(AUDIT_OPEN),
        "kinds": AuditKind.choices,
        "statuses": AuditStatus.choices,
        "filters": filters,
        "querystring": querystring_without_page(request),
    }
    return render_page(request, "certification/audit_list.html", context)


def _schedule_days(audit: Audit) -> list[tuple]:
    items = audit.schedule.select_related("auditor", "site").order_by("day", "starts_at", "pk")
    return [(day, list(rows)) for day, rows in groupby(items, key=lambda item: item.day)]


def _audit_context(request: HttpRequest, audit: Audit) -> dict:
    staff = is_cert_staff(request.user, audit)
    return {
        "audit": audit,
        "cert_staff": staff,
        "can_plan": staff and can(request.user, PLAN, acting_orgs(audit)),
        "team": list(audit.team.select_related("user")),
        "problems": team_problems(audit) if staff else [],
        "counted_days": counted_days(audit),
    }


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get_audit(request, pk)
    context = _audit_context(request, audit)
    context.update(
        {
            "sites": list(audit.sites.all()),
            "days": _schedule_days(audit),
            "findings_count": audit.findings.count(),
            "send_blockers": services.send_plan_blockers(audit) if context["can_plan"] else [],
            "client_may_see_plan": bool(audit.plan_sent_at),
            "today": timezone.localdate(),
            "open": audit.status in AUDIT_OPEN,
            "planning": audit.status in services.PLANNING,
        }
    )
    return render(request, "certification/audit_detail.html", context)


@login_required
def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get_audit(request, pk, write=True)
    initial = {name: getattr(audit, name) for name in services.EDITABLE}
    initial["sites"] = list(audit.sites.values_list("pk", flat=True))
    form = AuditForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sites = list(data.pop("sites"))
        try:
            services.audit_update(actor=request.user, audit=audit, data=data, sites=sites)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit updated."))
            return redirect("certification:audit-detail", pk=audit.pk)
    return render(
        request,
        "certification/audit_edit.html",
        {"form": form, "audit": audit, "cert_staff": True},
    )


@login_required
def audit_team(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get_audit(request, pk)
    if request.method == "POST":
        check_write(request.user, PLAN, audit)
    context = _audit_context(request, audit)
    form = None
    if context["can_plan"] and audit.status in services.PLANNING:
        form = TeamMemberForm(request.POST or None, audit=audit)
        if request.method == "POST" and form.is_valid():
            try:
                services.team_add(actor=request.user, audit=audit, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Added to the team."))
                return redirect("certification:audit-team", pk=audit.pk)
    elif request.method == "POST":
        messages.error(request, _("The audit's plan can no longer be changed."))
        return redirect("certification:audit-team", pk=audit.pk)
    context["form"] = form
    return render_page(request, "certification/audit_team.html", context, partial="checks")


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_for_user(
        TeamMember, request.user, pk, write_action=PLAN, select=("audit", "user", "enterprise")
    )
    try:
        services.team_remove(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed from the team."))
    return redirect("certification:audit-team", pk=member.audit_id)


def _clause_choices() -> list:
    return sorted(main_clauses().values(), key=lambda c: int(c.number) if c.number.isdigit() else 0)


@login_required
def audit_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get_audit(request, pk)
    if request.method == "POST":
        check_write(request.user, PLAN, audit)
    context = _audit_context(request, audit)
    form = None
    if context["can_plan"] and audit.status in services.PLANNING:
        initial = {"day": audit.start_on, "auditor": request.user.pk}
        form = ScheduleItemForm(request.POST or None, audit=audit, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.schedule_save(actor=request.user, audit=audit, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Schedule line added."))
                return redirect("certification:audit-schedule", pk=audit.pk)
    elif request.method == "POST":
        messages.error(request, _("The audit's plan can no longer be changed."))
        return redirect("certification:audit-schedule", pk=audit.pk)
    context.update({"form": form, "days": _schedule_days(audit), "clauses": _clause_choices()})
    return render(request, "certification/audit_schedule.html", context)


@login_required
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for_user(ScheduleItem, request.user, pk, write_action=PLAN, select=("audit",))
    audit = Audit.objects.select_related(*AUDIT_SELECT).get(pk=item.audit_id)
    initial = {name: getattr(item, name) for name in services.SCHEDULE_FIELDS}
    form = ScheduleItemForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_save(
                actor=request.user, audit=audit, item=item, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Schedule line saved."))
            return redirect("certification:audit-schedule", pk=audit.pk)
    context = {
        "form": form,
        "audit": audit,
        "item": item,
        "cert_staff": True,
        "clauses": _clause_choices(),
    }
    return render(request, "certification/schedule_form.html", context)


@login_required
@require_POST
def schedule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for_user(ScheduleItem, request.user, pk, write_action=PLAN, select=("audit",))
    try:
        services.schedule_delete(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Schedule line deleted."))
    return redirect("certification:audit-schedule", pk=item.audit_id)


@login_required
@require_POST
def audit_send_plan(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get_audit(request, pk, write=True)
    try:
        services.audit_send_plan(actor=request.user, audit=audit)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The audit plan was sent to the client."))
    return redirect("certification:audit-detail", pk=audit.pk)


@login_required
@require_POST
def audit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get_audit(request, pk, write=True)
    form = CancelForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.audit_cancel(actor=request.user, audit=audit, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Audit cancelled."))
    return redirect("certification:audit-detail", pk=audit.pk)


@login_required
def audit_plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit plan as a PDF. The client may download it once the plan was sent."""
    from qualift.reports.pdf import render_pdf

    audit = _get_audit(request, pk)
    if not is_cert_staff(request.user, audit) and not audit.plan_sent_at:
        raise Http404
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    if language not in PDF_LANGUAGES:
        language = "en"
    context = {
        "audit": audit,
        "cycle": audit.cycle,
        "iaf_codes": list(audit.cycle.iaf_codes.all()),
        "sites": list(audit.sites.all()),
        "team": list(audit.team.select_related("user")),
        "counted_days": counted_days(audit),
        "days": _schedule_days(audit),
        "generated": timezone.localtime(),
    }
    body = render_pdf("reports/audit_plan.html", context, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(f"audit-plan-{audit.cycle.number}-{audit.kind}-{language}") or "audit-plan"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
