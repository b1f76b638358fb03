"""Plan pages: start a plan from the chosen points, the plan with its measures, milestones,
indicators, signatures and revisions; editing the draft's parts; sign, revise, tick a
milestone, report a measure's status; the plan as a PDF ready to sign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.assistance import selectors_plans as selectors
from qualift.assistance.access import acting_orgs, get_entry_for_user
from qualift.assistance.choices import MeasureStatus, PlanStatus
from qualift.assistance.forms_plans import (
    MEANINGS,
    IndicatorForm,
    MeasureForm,
    MeasureStatusForm,
    MilestoneAchieveForm,
    MilestoneForm,
    PlanForm,
    PlanReviseForm,
    PlanSignForm,
)
from qualift.assistance.models import AssistanceIssue, Plan
from qualift.assistance.services import plans as services
from qualift.core.views_helpers import add_service_errors
from qualift.reports.pdf import render_pdf
from qualift.tenancy.permissions import can

PDF_LANGUAGES = ("en", "zh-hans")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _draft_only(request: HttpRequest, plan: Plan) -> HttpResponse | None:
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("The plan has been agreed; revise it first to change it."))
        return redirect("assistance:plan-detail", pk=plan.pk)
    return None


@login_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk, write_action="plan.change", papers=False)
    existing = Plan.objects.filter(ledger_entry=entry).first()
    if existing is not None:
        return redirect("assistance:plan-detail", pk=existing.pk)
    chosen = AssistanceIssue.objects.filter(diagnosis__ledger_entry_id=entry.pk, is_point=True)
    initial = {
        "title": _("Assistance plan for %(name)s") % {"name": entry.enterprise.name},
        "points": list(chosen.values_list("pk", flat=True)),
    }
    form = PlanForm(request.POST or None, entry=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        points = list(data.pop("points"))
        try:
            plan = services.plan_create(actor=request.user, entry=entry, data=data, points=points)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Plan started. Add measures, milestones and indicators."))
            return redirect("assistance:plan-detail", pk=plan.pk)
    context = {"form": form, "entry": entry, "plan": None}
    return render(request, "assistance/plan_form.html", context)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk, action="plan.change")
    if response := _draft_only(request, plan):
        return response
    entry = plan.ledger_entry
    initial = {
        "title": plan.title,
        "approach": plan.approach,
        "points": list(plan.points.values_list("pk", flat=True)),
    }
    form = PlanForm(request.POST or None, entry=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        points = list(data.pop("points"))
        try:
            services.plan_update(actor=request.user, plan=plan, data=data, points=points)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("assistance:plan-detail", pk=plan.pk)
    return render(
        request, "assistance/plan_form.html", {"form": form, "entry": entry, "plan": plan}
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    orgs = acting_orgs(plan)
    progress = selectors.plan_progress(plan, today)
    context = {
        "plan": plan,
        "entry": plan.ledger_entry,
        "today": today,
        "progress": progress,
        "overdue_ids": {m.pk for m in progress["overdue"]},
        "groups": selectors.measures_by_point(plan),
        "milestones": list(plan.milestones.select_related("measure", "achieved_by")),
        "indicators": list(plan.indicators.all()),
        "signatures": selectors.signatures_by_revision(plan),
        "missing_sides": selectors.missing_sides(plan),
        "missing": services.missing_for_signing(plan) if plan.status == PlanStatus.DRAFT else [],
        "revisions": list(plan.revisions.select_related("created_by")),
        "my_side": services.side_for(request.user, plan),
        "can_change": can(request.user, "plan.change", orgs),
        "can_sign": can(request.user, "plan.sign", orgs),
        "can_update": can(request.user, "measure.update", orgs),
        "can_achieve": can(request.user, "milestone.achieve", orgs),
        "measure_statuses": MeasureStatus.choices,
        "is_draft": plan.status == PlanStatus.DRAFT,
        "is_agreed": plan.status == PlanStatus.AGREED,
    }
    return render(request, "assistance/plan_detail.html", context)


def _part_form(request, *, plan, form_class, initial, save, title, template, obj=None):
    """Shared create/edit flow of a draft plan's measures, milestones and indicators."""
    if response := _draft_only(request, plan):
        return response
    kwargs = {} if form_class is IndicatorForm else {"plan": plan}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("assistance:plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "entry": plan.ledger_entry, "title": title, "obj": obj}
    return render(request, template, context)


@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk, action="plan.change")
    today = timezone.localdate()
    return _part_form(
        request,
        plan=plan,
        form_class=MeasureForm,
        initial={"starts_on": today, "cb_owner": request.user.pk},
        save=lambda data: services.measure_save(actor=request.user, plan=plan, data=data),
        title=_("New measure"),
        template="assistance/plan_part_form.html",
    )


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.get_measure_for_user(request.user, pk, action="plan.change")
    plan = measure.plan
    initial = {
        "kind": measure.kind,
        "title": measure.title,
        "description": measure.description,
        "issue": measure.issue_id,
        "cb_owner": measure.cb_owner_id,
        "enterprise_owner": measure.enterprise_owner_id,
        "starts_on": measure.starts_on,
        "due_on": measure.due_on,
        "resources": measure.resources,
    }
    return _part_form(
        request,
        plan=plan,
        form_class=MeasureForm,
        initial=initial,
        save=lambda data: services.measure_save(
            actor=request.user, plan=plan, measure=measure, data=data
        ),
        title=_("Edit measure"),
        template="assistance/plan_part_form.html",
        obj=measure,
    )


@login_required
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.get_measure_for_user(request.user, pk, action="measure.update")
    form = MeasureStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.measure_set_status(
                actor=request.user,
                measure=measure,
                status=form.cleaned_data["status"],
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Measure status saved."))
    return redirect("assistance:plan-detail", pk=measure.plan_id)


@login_required
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk, action="plan.change")
    return _part_form(
        request,
        plan=plan,
        form_class=MilestoneForm,
        initial={"measure": request.GET.get("measure")},
        save=lambda data: services.milestone_save(actor=request.user, plan=plan, data=data),
        title=_("New milestone"),
        template="assistance/plan_part_form.html",
    )


@login_required
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.get_milestone_for_user(request.user, pk, action="plan.change")
    plan = milestone.plan
    initial = {
        "title": milestone.title,
        "measure": milestone.measure_id,
        "due_on": milestone.due_on,
        "acceptance_criteria": milestone.acceptance_criteria,
    }
    return _part_form(
        request,
        plan=plan,
        form_class=MilestoneForm,
        initial=initial,
        save=lambda data: services.milestone_save(
            actor=request.user, plan=plan, milestone=milestone, data=data
        ),
        title=_("Edit milestone"),
        template="assistance/plan_part_form.html",
        obj=milestone,
    )


@login_required
def milestone_achieve(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.get_milestone_for_user(request.user, pk, action="milestone.achieve")
    plan = milestone.plan
    form = MilestoneAchieveForm(
        request.POST or None, request.FILES or None, initial={"day": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_achieve(actor=request.user, milestone=milestone, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone achieved."))
            return redirect("assistance:plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "entry": plan.ledger_entry, "milestone": milestone}
    return render(request, "assistance/milestone_achieve.html", context)


@login_required
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk, action="plan.change")
    return _part_form(
        request,
        plan=plan,
        form_class=IndicatorForm,
        initial={"baseline_on": timezone.localdate()},
        save=lambda data: services.indicator_save(actor=request.user, plan=plan, data=data),
        title=_("New expected indicator"),
        template="assistance/plan_part_form.html",
    )


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.get_indicator_for_user(request.user, pk, action="plan.change")
    plan = indicator.plan
    initial = {
        key: getattr(indicator, key)
        for key in ("name", "unit", "baseline", "baseline_on", "target", "direction", "note")
    }
    return _part_form(
        request,
        plan=plan,
        form_class=IndicatorForm,
        initial=initial,
        save=lambda data: services.indicator_save(
            actor=request.user, plan=plan, indicator=indicator, data=data
        ),
        title=_("Edit expected indicator"),
        template="assistance/plan_part_form.html",
        obj=indicator,
    )


@login_required
def plan_sign(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk, action="plan.sign")
    side = services.side_for(request.user, plan) or "cb"
    meanings = MEANINGS[side]
    form = PlanSignForm(
        request.POST or None, initial={"name": _name(request.user), "meaning": meanings[0]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_sign(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            plan.refresh_from_db()
            if plan.status == PlanStatus.AGREED:
                messages.success(request, _("Signed. Both sides have signed: the plan is agreed."))
            else:
                messages.success(
                    request, _("Signed. The plan is agreed when the other side signs.")
                )
            return redirect("assistance:plan-detail", pk=plan.pk)
    context = {
        "form": form,
        "plan": plan,
        "entry": plan.ledger_entry,
        "side": side,
        "meanings": meanings,
        "missing": services.missing_for_signing(plan),
        "missing_sides": selectors.missing_sides(plan),
    }
    return render(request, "assistance/plan_sign.html", context)


@login_required
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk, action="plan.change")
    form = PlanReviseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_revise(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Revision %(n)s started; both sides sign it again.") % {"n": plan.revision + 1},
            )
            return redirect("assistance:plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "entry": plan.ledger_entry}
    return render(request, "assistance/plan_revise.html", context)


@login_required
@require_POST
def plan_complete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk, action="plan.change")
    try:
        services.plan_complete(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Plan completed."))
    return redirect("assistance:plan-detail", pk=plan.pk)


@login_required
def plan_revision(request: HttpRequest, pk: int) -> HttpResponse:
    revision = selectors.get_revision_for_user(request.user, pk)
    context = {
        "revision": revision,
        "plan": revision.plan,
        "entry": revision.plan.ledger_entry,
        "snap": revision.snapshot,
    }
    return render(request, "assistance/plan_revision.html", context)


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk)
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    if language not in PDF_LANGUAGES:
        language = "en"
    signatures = selectors.signatures_by_revision(plan)[0]
    context = {
        "plan": plan,
        "groups": selectors.measures_by_point(plan),
        "milestones": list(plan.milestones.select_related("measure")),
        "indicators": list(plan.indicators.all()),
        "cb_signature": signatures["cb"],
        "enterprise_signature": signatures["enterprise"],
        "generated": timezone.localtime(),
    }
    body = render_pdf("reports/assistance_plan.html", context, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(f"assistance-plan-{plan.pk}-r{plan.revision}-{language}") or "assistance-plan"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
