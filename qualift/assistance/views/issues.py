"""Issue pages: record and score an issue, the ranking of an entry's issues with its breakdown
and sensitivity, choosing the assistance points, and a CB's weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.assistance.access import check_write, get_entry_for_user
from qualift.assistance.choices import SUB_CRITERIA, Area, Factor
from qualift.assistance.forms_issues import IssueForm, WeightsForm, evidence_key
from qualift.assistance.models import Diagnosis
from qualift.assistance.scoping import assisting_cb_ids
from qualift.assistance.selectors_issues import get_issue_for_user, rank_entry
from qualift.assistance.services.issues import (
    EDITABLE,
    choose_points,
    issue_update,
)
from qualift.assistance.services.issues import (
    issue_create as issue_create_service,
)
from qualift.assistance.services.issues import (
    issue_delete as issue_delete_service,
)
from qualift.assistance.services.weights import weights_for, weights_save
from qualift.core.views_helpers import add_service_errors
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

ACTION = "assistance_issue.change"


def _evidence_items(enterprise) -> list[dict]:
    """The system's evidence for the enterprise (the diagnosis feature's), flattened."""
    try:
        from qualift.assistance.evidence import system_evidence
    except ImportError:
        return []
    items = []
    for area, found in system_evidence(enterprise, timezone.localdate()).items():
        for item in found:
            items.append(
                {
                    "kind": item.kind,
                    "id": item.id,
                    "label": str(item.label),
                    "url": item.url or "",
                    "area_label": Area(area).label,
                }
            )
    return items


def _issue_form_page(request, form, *, diagnosis, issue=None):
    context = {
        "form": form,
        "diagnosis": diagnosis,
        "entry": diagnosis.ledger_entry,
        "issue": issue,
    }
    return render(request, "assistance/issue_form.html", context)


@login_required
def issue_create(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = get_object_or_404(
        Diagnosis.objects.visible_to(request.user).select_related(
            "ledger_entry__enterprise", "ledger_entry__program", "ledger_entry__cb"
        ),
        pk=pk,
    )
    check_write(request.user, ACTION, diagnosis)
    form = IssueForm(
        request.POST or None,
        evidence_items=_evidence_items(diagnosis.ledger_entry.enterprise),
        initial={"area": request.GET.get("area") or None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue_create_service(actor=request.user, diagnosis=diagnosis, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Issue recorded."))
            return redirect("assistance:ranking", pk=diagnosis.ledger_entry_id)
    return _issue_form_page(request, form, diagnosis=diagnosis)


@login_required
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request.user, pk, ACTION)
    diagnosis = issue.diagnosis
    initial = {name: getattr(issue, name) for name in EDITABLE if name != "evidence_links"}
    items = _evidence_items(issue.enterprise)
    linked = {evidence_key(link) for link in issue.evidence_links}
    initial["system_evidence"] = [evidence_key(i) for i in items if evidence_key(i) in linked]
    form = IssueForm(request.POST or None, evidence_items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            issue_update(
                actor=request.user, issue=issue, data=form.service_data(issue.evidence_links)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Issue saved."))
            return redirect("assistance:ranking", pk=diagnosis.ledger_entry_id)
    return _issue_form_page(request, form, diagnosis=diagnosis, issue=issue)


@login_required
@require_POST
def issue_delete(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request.user, pk, ACTION)
    entry_pk = issue.diagnosis.ledger_entry_id
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick “delete this issue” to confirm."))
        return redirect("assistance:issue-edit", pk=issue.pk)
    try:
        issue_delete_service(actor=request.user, issue=issue)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Issue deleted."))
    return redirect("assistance:ranking", pk=entry_pk)


def _ranking_context(request, entry, *, chosen=None, reasons=None, errors=None) -> dict:
    ranked, shifts, issues = rank_entry(entry)
    factor_labels = {f.value: f.label for f in Factor}
    rows = []
    for r in ranked:
        issue = issues[r.key]
        scores = issue.scores()
        rows.append(
            {
                "r": r,
                "issue": issue,
                "parts": [(factor_labels[f], part) for f, part in r.factors.items()],
                "subs": [
                    (
                        factor_labels[factor],
                        [(label, scores[factor][name]) for name, label in subs],
                    )
                    for factor, subs in SUB_CRITERIA.items()
                ],
                "checked": (r.key in chosen) if chosen is not None else issue.is_point,
                "reason": (reasons or {}).get(r.key, issue.skip_reason),
            }
        )
    sensitivity = []
    for shift in shifts:
        moves = [
            {"title": issues[m.key].title, "old": m.old_rank, "new": m.new_rank}
            for m in shift.moves
        ]
        sensitivity.append(
            {"factor": factor_labels[shift.factor], "change": shift.change, "moves": moves}
        )
    scored = [row for row in rows if row["r"].rank is not None]
    chart = {
        "issues": [f"#{row['r'].rank} {row['issue'].title}" for row in reversed(scored)],
        "series": [
            {
                "name": str(factor_labels[f]),
                "data": [float(row["r"].factors[f].contribution) for row in reversed(scored)],
            }
            for f in Factor.values
            if scored and f in scored[0]["r"].factors
        ],
    }
    weights = weights_for(entry.cb_id)
    return {
        "entry": entry,
        "rows": rows,
        "scored_count": len(scored),
        "chart_height": 80 + 40 * len(scored),
        "sensitivity": sensitivity,
        "chart": chart,
        "weights": [(factor_labels[f], w) for f, w in weights.items()],
        "diagnoses": list(Diagnosis.objects.filter(ledger_entry=entry).order_by("-held_on")),
        "can_change": can(request.user, ACTION, [entry.cb_id, entry.enterprise.organization_id]),
        "can_see_weights": entry.cb_id in assisting_cb_ids(request.user)
        or scope_of(request.user).is_superuser,
        "errors": errors or {},
    }


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk, papers=True)
    return render(request, "assistance/ranking.html", _ranking_context(request, entry))


@login_required
@require_POST
def ranking_choose(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk, ACTION, papers=True)
    _ranked, _shifts, issues = rank_entry(entry)
    chosen_ids = []
    for value in request.POST.getlist("chosen"):
        if value.isdigit() and int(value) in issues:
            chosen_ids.append(int(value))
    reasons = {pk: request.POST.get(f"skip_reason_{pk}", "").strip() for pk in issues}
    try:
        choose_points(
            actor=request.user,
            entry=entry,
            chosen=[issues[pk] for pk in chosen_ids],
            skip_reasons=reasons,
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        context = _ranking_context(
            request, entry, chosen=set(chosen_ids), reasons=reasons, errors=errors
        )
        return render(request, "assistance/ranking.html", context)
    messages.success(request, _("Assistance points chosen."))
    return redirect("assistance:ranking", pk=entry.pk)


@login_required
def weights(request: HttpRequest, pk: int) -> HttpResponse:
    """The CB's prioritisation weights: its administrator edits them, its experts read them."""
    cbs = Organization.objects.filter(kind=OrgKind.CERTIFICATION_BODY)
    if not scope_of(request.user).is_superuser:
        cbs = cbs.filter(pk__in=assisting_cb_ids(request.user))
    cb = get_object_or_404(cbs, pk=pk)
    can_edit = can(request.user, "weights.change", [cb.pk])
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    current = weights_for(cb)
    form = WeightsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            weights_save(actor=request.user, cb=cb, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Weights saved; every ranking of this CB uses them now."))
            return redirect("assistance:weights", pk=cb.pk)
    total = sum(current.values())
    shares = [
        (Factor(f).label, w, round(100 * w / total, 1) if total else 0) for f, w in current.items()
    ]
    return render(
        request,
        "assistance/weights.html",
        {"cb": cb, "form": form, "can_edit": can_edit, "shares": shares},
    )
