"""Suggestion pages: the list with monthly counts, submitting, one suggestion with its stage
forms (evaluate, decide, implement, reward), the incentive scheme, the reward ledger with its
leaderboard, and the public link with its QR code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.qr import qr_svg
from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives import selectors_suggestions as selectors
from qualift.objectives.choices import SUGGESTION_NEXT, SuggestionStatus
from qualift.objectives.forms_suggestions import (
    AdjustForm,
    DecideForm,
    EvaluateForm,
    ImplementForm,
    RewardForm,
    SchemeForm,
    SuggestionForm,
)
from qualift.objectives.models import Employee, IncentiveScheme, SuggestionBox
from qualift.objectives.services import suggestions as services
from qualift.tenancy.permissions import can

S = SuggestionStatus
STAGE_FORMS = {
    "evaluate": (EvaluateForm, services.suggestion_evaluate, _("Evaluation recorded.")),
    "decide": (DecideForm, services.suggestion_decide, _("Decision recorded.")),
    "implement": (ImplementForm, services.suggestion_implement, _("Implementation recorded.")),
    "reward": (RewardForm, services.suggestion_reward, _("Reward recorded.")),
}
STAGE_TARGET = {
    "evaluate": (S.EVALUATED,),
    "decide": (S.ACCEPTED, S.DECLINED),
    "implement": (S.IMPLEMENTED,),
    "reward": (S.REWARDED,),
}
STATUS_COLOURS = {
    S.SUBMITTED: "#206bc4",
    S.EVALUATED: "#4299e1",
    S.ACCEPTED: "#2fb344",
    S.DECLINED: "#d63939",
    S.IMPLEMENTED: "#f59f00",
    S.REWARDED: "#ae3ec9",
}


@login_required
def suggestion_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    status = request.GET.get("status", "")
    month = request.GET.get("month", "")
    q = request.GET.get("q", "")
    page = paginate(
        request,
        selectors.suggestions_for(request.user, enterprise, status=status, month=month, q=q),
    )
    counts = selectors.monthly_counts(enterprise, timezone.localdate())
    chart = {
        "months": counts["months"],
        "series": [
            {"name": str(S(s).label), "data": counts["series"][s], "color": STATUS_COLOURS[s]}
            for s in S.values
        ],
    }
    org = [enterprise.organization_id]
    context = {
        "enterprise": enterprise,
        "page": page,
        "statuses": S.choices,
        "filters": {"status": status, "month": month, "q": q},
        "querystring": querystring_without_page(request),
        "chart": chart,
        "total": sum(sum(v) for v in counts["series"].values()),
        "can_create": can(request.user, "suggestion.create", org),
        "can_evaluate": can(request.user, "suggestion.evaluate", org),
        "can_scheme": can(request.user, "incentive.change", org),
    }
    return render_page(request, "objectives/suggestion_list.html", context)


@login_required
def suggestion_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(
        request.user, enterprise_pk, write_action="suggestion.create"
    )
    initial = {}
    mine = Employee.objects.filter(enterprise=enterprise, user=request.user, is_active=True).first()
    if mine:
        initial["employee"] = mine.pk
    form = SuggestionForm(request.POST or None, enterprise=enterprise, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_submit(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Suggestion %(n)s recorded. Thank you!") % {"n": suggestion.number}
            )
            return redirect("objectives:suggestion-detail", pk=suggestion.pk)
    return render(
        request, "objectives/suggestion_form.html", {"form": form, "enterprise": enterprise}
    )


def _stage_forms(suggestion) -> dict:
    today = timezone.localdate()
    allowed = SUGGESTION_NEXT[suggestion.status]
    forms = {}
    for stage, targets in STAGE_TARGET.items():
        if any(t in allowed for t in targets):
            form_class = STAGE_FORMS[stage][0]
            initial = {"day": today}
            if stage == "decide" and S.ACCEPTED not in allowed:
                initial["accept"] = "0"
            forms[stage] = form_class(initial=initial)
    return forms


@login_required
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.get_suggestion_for_user(request.user, pk)
    can_evaluate = can(request.user, "suggestion.evaluate", [suggestion.enterprise.organization_id])
    context = {
        "enterprise": suggestion.enterprise,
        "suggestion": suggestion,
        "rewards": suggestion.rewards.select_related("employee").order_by("awarded_on", "id"),
        "stage_forms": _stage_forms(suggestion) if can_evaluate else {},
        "can_evaluate": can_evaluate,
    }
    return render(request, "objectives/suggestion_detail.html", context)


def _stage(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    suggestion = selectors.get_suggestion_for_user(request.user, pk, action="suggestion.evaluate")
    form_class, service, done = STAGE_FORMS[stage]
    allowed = SUGGESTION_NEXT[suggestion.status]
    open_stage = any(t in allowed for t in STAGE_TARGET[stage])
    form = form_class(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, suggestion=suggestion, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("objectives:suggestion-detail", pk=suggestion.pk)
    context = {
        "enterprise": suggestion.enterprise,
        "suggestion": suggestion,
        "form": form,
        "stage": stage,
        "open_stage": open_stage,
    }
    return render(request, "objectives/suggestion_stage.html", context)


@login_required
def suggestion_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage(request, pk, "evaluate")


@login_required
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage(request, pk, "decide")


@login_required
def suggestion_implement(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage(request, pk, "implement")


@login_required
def suggestion_reward(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage(request, pk, "reward")


@login_required
def incentive_scheme(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(
        request.user, enterprise_pk, write_action="incentive.change"
    )
    # Shown with the default values until it is first saved (a GET writes nothing).
    scheme = IncentiveScheme.objects.filter(enterprise=enterprise).first() or IncentiveScheme()
    initial = {f: getattr(scheme, f) for f in services.SCHEME_FIELDS}
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_save(actor=request.user, enterprise=enterprise, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Incentive scheme saved."))
            return redirect("objectives:reward-ledger", enterprise_pk=enterprise.pk)
    return render(
        request,
        "objectives/incentive_scheme.html",
        {"form": form, "enterprise": enterprise, "scheme": scheme},
    )


def _employee_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("employee", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@login_required
def reward_ledger(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """Leaderboard (this year and all time) and the ledger lines; POST adds a correction line."""
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    org = [enterprise.organization_id]
    can_adjust = can(request.user, "incentive.change", org)
    form = AdjustForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST":
        if not can_adjust:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.reward_adjust(
                    actor=request.user, enterprise=enterprise, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Correction added to the ledger."))
                return redirect("objectives:reward-ledger", enterprise_pk=enterprise.pk)
    today = timezone.localdate()
    employee_id = _employee_filter(request)
    context = {
        "enterprise": enterprise,
        "scheme": IncentiveScheme.objects.filter(enterprise=enterprise).first()
        or IncentiveScheme(),
        "year": today.year,
        "board_year": selectors.leaderboard(enterprise, today.year),
        "board_all": selectors.leaderboard(enterprise),
        "page": paginate(request, selectors.ledger_for(request.user, enterprise, employee_id)),
        "employees": Employee.objects.filter(enterprise=enterprise).order_by("name"),
        "employee_id": employee_id,
        "querystring": querystring_without_page(request),
        "form": form,
        "can_adjust": can_adjust,
    }
    return render_page(request, "objectives/reward_ledger.html", context)


@login_required
def suggestion_link(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """The public link and its QR code (print-friendly); POST action=open|renew|close."""
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    can_manage = can(request.user, "suggestion.evaluate", [enterprise.organization_id])
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        operations = {
            "open": (services.box_open, _("The suggestion box is open.")),
            "renew": (services.box_renew_token, _("New link made; the old one no longer works.")),
            "close": (services.box_close, _("The suggestion box is closed.")),
        }
        if action in operations:
            operation, done = operations[action]
            try:
                operation(actor=request.user, enterprise=enterprise)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, done)
        return redirect("objectives:suggestion-link", enterprise_pk=enterprise.pk)
    box = SuggestionBox.objects.filter(enterprise=enterprise).first()
    url = svg = ""
    if box is not None and box.is_open:
        url = request.build_absolute_uri(reverse("public:suggestion", args=[box.token]))
        svg = qr_svg(url, scale=6)
    context = {
        "enterprise": enterprise,
        "box": box,
        "url": url,
        "qr": svg,
        "can_manage": can_manage,
    }
    return render(request, "objectives/suggestion_link.html", context)
