"""Cycle pages: the list, opening a cycle, the cycle with its programme (table and timeline),
editing, adding an audit; the CB's certification policy; deciding a proposal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.certification.access import check_write, get_for_user
from qualift.certification.choices import AUDIT_OPEN, RuleSetCode
from qualift.certification.forms_cycles import (
    AuditAddForm,
    CycleFilterForm,
    CycleForm,
    PolicyForm,
    ProposalDecideForm,
)
from qualift.certification.models import CertificationCycle, SuspensionProposal
from qualift.certification.rulesets import RULE_SETS
from qualift.certification.scoping import certifying_cb_ids
from qualift.certification.services import cycles as services
from qualift.certification.services.policy import current_policy, policy_save
from qualift.certification.services.proposals import proposal_decide
from qualift.core.views_helpers import add_service_errors, paginate, querystring_without_page
from qualift.enterprises.choices import EngagementKind
from qualift.enterprises.models import Engagement
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import can, can_anywhere
from qualift.tenancy.scope import scope_of


def is_cert_staff(user, cb_id: int) -> bool:
    """Whether the user does certification work for this CB (admin or auditor)."""
    return scope_of(user).is_superuser or cb_id in certifying_cb_ids(user)


def _require_staff(user) -> None:
    if not (scope_of(user).is_superuser or certifying_cb_ids(user)):
        raise PermissionDenied


def _engagements_for(user):
    cb_ids = [cb for cb in scope_of(user).cb_ids if can(user, "cycle.change", [cb])]
    if scope_of(user).is_superuser:
        cb_ids = list(
            Organization.objects.filter(kind=OrgKind.CERTIFICATION_BODY).values_list(
                "pk", flat=True
            )
        )
    return (
        Engagement.objects.active()
        .filter(kind=EngagementKind.CERTIFICATION, cb_id__in=cb_ids)
        .select_related("enterprise", "cb")
        .order_by("enterprise__name")
    )


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request.user)
    form = CycleFilterForm(request.GET or None)
    cycles = CertificationCycle.objects.visible_to(request.user).select_related("enterprise", "cb")
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("status"):
        cycles = cycles.filter(status=filters["status"])
    if filters.get("rule_set"):
        cycles = cycles.filter(rule_set=filters["rule_set"])
    if filters.get("q"):
        q = filters["q"]
        cycles = cycles.filter(
            Q(number__icontains=q) | Q(enterprise__name__icontains=q) | Q(scope_text__icontains=q)
        )
    context = {
        "form": form,
        "page": paginate(request, cycles.order_by("-applied_on", "-pk")),
        "querystring": querystring_without_page(request),
        "can_create": can_anywhere(request.user, "cycle.change"),
    }
    return render(request, "certification/cycle_list.html", context)


@login_required
def cycle_create(request: HttpRequest) -> HttpResponse:
    if not can_anywhere(request.user, "cycle.change"):
        raise PermissionDenied
    engagements = _engagements_for(request.user)
    initial = {"applied_on": timezone.localdate(), "part_time_fte": 0}
    chosen = request.GET.get("engagement", "")
    if chosen.isdigit():
        engagement = engagements.filter(pk=int(chosen)).first()
        if engagement is not None:
            initial.update(
                engagement=engagement.pk,
                employees=engagement.enterprise.employees,
                iaf_codes=list(engagement.enterprise.iaf_codes.values_list("pk", flat=True)),
            )
    form = CycleForm(request.POST or None, engagements=engagements, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        engagement, codes, sites = data.pop("engagement"), data.pop("iaf_codes"), data.pop("sites")
        try:
            cycle = services.cycle_create(
                actor=request.user, engagement=engagement, data=data, iaf_codes=codes, sites=sites
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cycle %(number)s opened.") % {"number": cycle.number})
            return redirect("certification:cycle-detail", pk=cycle.pk)
    return render(request, "certification/cycle_form.html", {"form": form, "cycle": None})


def _programme_rows(cycle: CertificationCycle, today):
    rows = []
    for audit in cycle.audits.all():
        overdue = bool(audit.due_by and audit.due_by < today and audit.status in AUDIT_OPEN)
        rows.append({"audit": audit, "overdue": overdue})
    return rows


def _timeline(rows) -> dict:
    items = [r for r in rows if r["audit"].due_by]
    return {
        "labels": [str(r["audit"]).split(" · ", 1)[-1] for r in items],
        "from": [(r["audit"].due_from or r["audit"].due_by).isoformat() for r in items],
        "by": [r["audit"].due_by.isoformat() for r in items],
        "held": [r["audit"].end_on.isoformat() if r["audit"].end_on else None for r in items],
        "overdue": [r["overdue"] for r in items],
        "names": {"window": _("Due window"), "held": _("Held")},
    }


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_for_user(
        CertificationCycle, request.user, pk, select=("enterprise", "cb", "engagement", "previous")
    )
    today = timezone.localdate()
    cycle = (
        CertificationCycle.objects.filter(pk=cycle.pk)
        .select_related("enterprise", "cb", "previous")
        .prefetch_related("iaf_codes", "sites", "audits__team__user")
        .get()
    )
    rows = _programme_rows(cycle, today)
    staff = is_cert_staff(request.user, cycle.cb_id)
    context = {
        "cycle": cycle,
        "rows": rows,
        "timeline": _timeline(rows),
        "rules": RULE_SETS[cycle.rule_set],
        "decisions": list(cycle.decisions.select_related("decided_by", "audit")),
        "certificates": list(cycle.certificates.all()),
        "next_cycle": CertificationCycle.objects.filter(previous=cycle).first(),
        "cert_staff": staff,
        "can_change": can(request.user, "cycle.change", [cycle.cb_id]),
        "today": today,
    }
    return render(request, "certification/cycle_detail.html", context)


@login_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_for_user(CertificationCycle, request.user, pk, write_action="cycle.change")
    initial = {
        "applied_on": cycle.applied_on,
        "scope_text": cycle.scope_text,
        "iaf_codes": list(cycle.iaf_codes.values_list("pk", flat=True)),
        "sites": list(cycle.sites.values_list("pk", flat=True)),
        "employees": cycle.employees,
        "part_time_fte": cycle.part_time_fte,
        "note": cycle.note,
    }
    form = CycleForm(request.POST or None, enterprise=cycle.enterprise, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        codes, sites = data.pop("iaf_codes"), data.pop("sites")
        try:
            services.cycle_update(
                actor=request.user, cycle=cycle, data=data, iaf_codes=codes, sites=sites
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cycle saved."))
            return redirect("certification:cycle-detail", pk=cycle.pk)
    return render(request, "certification/cycle_form.html", {"form": form, "cycle": cycle})


@login_required
def audit_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_for_user(CertificationCycle, request.user, pk, write_action="cycle.change")
    form = AuditAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kind = data.pop("kind")
        try:
            audit = services.audit_add(actor=request.user, cycle=cycle, kind=kind, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(audit)s added to the programme.") % {"audit": audit})
            return redirect("certification:cycle-detail", pk=cycle.pk)
    return render(request, "certification/cycle_audit_add.html", {"form": form, "cycle": cycle})


@login_required
def policy(request: HttpRequest, pk: int) -> HttpResponse:
    cb = get_object_or_404(Organization, pk=pk, kind=OrgKind.CERTIFICATION_BODY)
    if not is_cert_staff(request.user, cb.pk):
        raise Http404
    can_change = can(request.user, "cert_policy.change", [cb.pk])
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    current = current_policy(cb)
    initial = {
        "rule_set": current.rule_set,
        "response_days": current.response_days,
        "stage1_share": current.stage1_share,
        "certificate_prefix": current.certificate_prefix,
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy_save(actor=request.user, cb=cb, data=dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Certification policy saved."))
            return redirect("certification:policy", pk=cb.pk)
    context = {
        "cb": cb,
        "form": form,
        "policy": current,
        "can_change": can_change,
        "rule_sets": [(RuleSetCode(code).label, rules) for code, rules in RULE_SETS.items()],
    }
    return render(request, "certification/policy.html", context)


@login_required
@require_POST
def proposal_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        SuspensionProposal.objects.visible_to(request.user).select_related("enterprise"), pk=pk
    )
    check_write(request.user, "certificate.change", proposal)
    form = ProposalDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or dismiss the proposal."))
        return redirect("certification:dashboard")
    accept = form.cleaned_data["decision"] == "accept"
    try:
        proposal_decide(
            actor=request.user, proposal=proposal, accept=accept, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Proposal accepted and carried out.") if accept else _("Proposal dismissed.")
        )
    return redirect("certification:dashboard")
