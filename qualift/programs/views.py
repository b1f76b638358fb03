"""Program pages: programs, their ledger (帮扶台账) with status moves, incentive policies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.assistance.access import assistance_entries, program_assistance_visible
from qualift.assistance.models import Plan
from qualift.core.views_helpers import (
    add_service_errors,
    organizations_for,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.models import Enterprise
from qualift.programs import selectors, services
from qualift.programs.choices import allowed_moves
from qualift.programs.forms import (
    LedgerEntryForm,
    LedgerFilterForm,
    LedgerMoveForm,
    PolicyFilterForm,
    PolicyForm,
    ProgramForm,
)
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of


def _offices_for(user, action: str) -> list[Organization]:
    return organizations_for(user, action, scope_of(user).office_ids)


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = selectors.program_list(request.user)
    context = {
        "page": paginate(request, programs),
        "qs": querystring_without_page(request),
        "can_create": bool(_offices_for(request.user, "program.create")),
    }
    return render_page(request, "programs/list.html", context)


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    offices = _offices_for(request.user, "program.create")
    if not offices:
        raise PermissionDenied
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            program = services.program_create(
                actor=request.user,
                owner=offices[0],
                data=data,
                regions=data.pop("regions"),
                participating_cbs=data.pop("participating_cbs"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Program created."))
            return redirect("programs:program-detail", pk=program.pk)
    return render(request, "programs/form.html", {"form": form, "creating": True})


@login_required
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.get_program_for_user(request.user, pk, write=True)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.program_update(
                actor=request.user,
                program=program,
                data=data,
                regions=data.pop("regions"),
                participating_cbs=data.pop("participating_cbs"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return redirect("programs:program-detail", pk=program.pk)
    return render(request, "programs/form.html", {"form": form, "program": program})


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.get_program_for_user(request.user, pk)
    form = LedgerFilterForm(request.GET or None, program=program)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.ledger_for(
        request.user,
        program,
        status=filters.get("status") or "",
        cb=filters.get("cb"),
        q=filters.get("q") or "",
    )
    page = paginate(request, entries)
    user_cbs = scope_of(request.user).cb_ids
    for entry in page:
        entry.moves_allowed = (
            allowed_moves(entry.status)
            if can(request.user, "ledger.move", [program.owner_id, entry.cb_id])
            else ()
        )
    counts = selectors.ledger_status_counts(request.user, program)
    context = {
        "program": program,
        "form": form,
        "page": page,
        "qs": querystring_without_page(request),
        "counts": counts,
        "total": sum(n for _k, _l, n in counts),
        "can_change": can(request.user, "program.change", [program.owner_id]),
        "can_add": can(request.user, "ledger.create", [program.owner_id, *user_cbs]),
        "regions": program.regions.all(),
        "cbs": program.participating_cbs.all(),
        "sees_assistance": program_assistance_visible(request.user, program),
    }
    return render_page(request, "programs/detail.html", context)


@login_required
def ledger_entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.get_program_for_user(request.user, pk)
    scope = scope_of(request.user)
    if can(request.user, "ledger.create", [program.owner_id]):
        cbs = program.participating_cbs.all()
    else:
        allowed = [cb for cb in scope.cb_ids if can(request.user, "ledger.create", [cb])]
        cbs = program.participating_cbs.filter(pk__in=allowed)
        if not cbs.exists():
            raise PermissionDenied
    enterprises = Enterprise.objects.visible_to(request.user).exclude(
        ledger_entries__program=program
    )
    form = LedgerEntryForm(request.POST or None, enterprises=enterprises, cbs=cbs)
    if request.method == "POST" and form.is_valid():
        try:
            services.ledger_entry_create(actor=request.user, program=program, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Enterprise added to the ledger."))
            return redirect("programs:program-detail", pk=program.pk)
    return render(request, "programs/entry_form.html", {"form": form, "program": program})


@login_required
def ledger_entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry_for_user(request.user, pk)
    moves = entry.moves.select_related("moved_by")
    context = {
        "entry": entry,
        "moves": moves,
        "sees_papers": assistance_entries(request.user).filter(pk=entry.pk).exists(),
        "plan": Plan.objects.visible_to(request.user).filter(ledger_entry=entry).first(),
    }
    return render(request, "programs/entry_detail.html", context)


@login_required
@require_POST
def ledger_move(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry_for_user(request.user, pk, write=True)
    form = LedgerMoveForm(request.POST)
    error = None
    if form.is_valid():
        try:
            entry = services.ledger_move(
                actor=request.user,
                entry=entry,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a status to move to.")
    if request.htmx:
        entry.moves_allowed = allowed_moves(entry.status)
        response = render(request, "programs/_entry_row.html", {"entry": entry, "error": error})
        if error:
            response.status_code = 422
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Status changed."))
    return redirect("programs:program-detail", pk=entry.program_id)


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    form = PolicyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    policies = selectors.policy_list(
        request.user,
        kind=filters.get("kind") or "",
        region=filters.get("region"),
        q=filters.get("q") or "",
    )
    offices = set(scope_of(request.user).office_ids)
    page = paginate(request, policies)
    for policy in page:
        policy.editable = policy.owner_id in offices and can(
            request.user, "policy.change", [policy.owner_id]
        )
    context = {
        "form": form,
        "page": page,
        "qs": querystring_without_page(request),
        "can_create": bool(_offices_for(request.user, "policy.create")),
    }
    return render_page(request, "programs/policy_list.html", context)


@login_required
def policy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        offices = _offices_for(request.user, "policy.create")
        if not offices:
            raise PermissionDenied
        policy, owner = None, offices[0]
    else:
        policy = selectors.get_policy_for_user(request.user, pk, write=True)
        owner = policy.owner
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_save(
                actor=request.user, owner=owner, policy=policy, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Policy saved."))
            return redirect("programs:policy-list")
    return render(request, "programs/policy_form.html", {"form": form, "policy": policy})
