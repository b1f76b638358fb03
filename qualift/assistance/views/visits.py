"""Visit pages: an entry's visits (filter, paginate), recording a visit, one visit, editing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.assistance.access import acting_orgs, check_write, get_entry_for_user
from qualift.assistance.choices import Mode
from qualift.assistance.forms_visits import VisitForm
from qualift.assistance.models import Visit
from qualift.assistance.services import visits as services
from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.tenancy.permissions import can

CHANGE = "visit.change"


def _get_visit(request: HttpRequest, pk: int, write: bool = False) -> Visit:
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "ledger_entry__enterprise", "ledger_entry__program", "ledger_entry__cb"
        ),
        pk=pk,
    )
    if write:
        check_write(request.user, CHANGE, visit)
    return visit


@login_required
def visit_list(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    mode = request.GET.get("mode", "")
    q = request.GET.get("q", "").strip()
    visits = Visit.objects.visible_to(request.user).filter(ledger_entry=entry)
    if mode in Mode.values:
        visits = visits.filter(mode=mode)
    if q:
        visits = visits.filter(Q(activities__icontains=q) | Q(next_steps__icontains=q))
    totals = visits.aggregate(n=Count("id"), hours=Sum("hours"))
    page = paginate(request, visits.prefetch_related("experts").order_by("-held_on", "-id"))
    context = {
        "entry": entry,
        "page": page,
        "totals": totals,
        "modes": Mode.choices,
        "filters": {"mode": mode, "q": q},
        "querystring": querystring_without_page(request),
        "can_create": can(request.user, CHANGE, acting_orgs(entry)),
    }
    return render_page(request, "assistance/visit_list.html", context)


def _form_page(request, form, entry, visit=None) -> HttpResponse:
    return render(
        request, "assistance/visit_form.html", {"form": form, "entry": entry, "visit": visit}
    )


@login_required
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk, write_action=CHANGE)
    initial = {"held_on": timezone.localdate(), "experts": [request.user.pk]}
    form = VisitForm(request.POST or None, cb_id=entry.cb_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        experts = list(data.pop("experts"))
        try:
            visit = services.visit_create(
                actor=request.user, entry=entry, data=data, experts=experts
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("assistance:visit-detail", pk=visit.pk)
    return _form_page(request, form, entry)


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _get_visit(request, pk)
    context = {
        "visit": visit,
        "entry": visit.ledger_entry,
        "experts": list(visit.experts.all()),
        "can_edit": can(request.user, CHANGE, acting_orgs(visit)),
    }
    return render(request, "assistance/visit_detail.html", context)


@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _get_visit(request, pk, write=True)
    initial = {name: getattr(visit, name) for name in services.FIELDS}
    initial["experts"] = list(visit.experts.values_list("pk", flat=True))
    form = VisitForm(request.POST or None, cb_id=visit.cb_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        experts = list(data.pop("experts"))
        try:
            services.visit_update(actor=request.user, visit=visit, data=data, experts=experts)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Visit updated."))
            return redirect("assistance:visit-detail", pk=visit.pk)
    return _form_page(request, form, visit.ledger_entry, visit)
