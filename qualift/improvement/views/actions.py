"""Action pages: the action list, plan, progress, complete with evidence, verify, cancel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.improvement import selectors
from qualift.improvement.choices import ACTION_OPEN
from qualift.improvement.forms import (
    ActionCompleteForm,
    ActionFilterForm,
    ActionForm,
    ActionProgressForm,
    ReasonForm,
    VerdictForm,
)
from qualift.improvement.models import Nonconformity
from qualift.improvement.services import actions as services
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of


def _filtered(request: HttpRequest, enterprise):
    form = ActionFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    status = f.get("status") or ""
    qs = selectors.action_list(
        request.user,
        enterprise,
        q=f.get("q") or "",
        status="" if status == "overdue" else status,
        kind=f.get("kind") or "",
        overdue=status == "overdue",
    )
    return form, qs


@login_required
def action_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form, qs = _filtered(request, enterprise)
    context = {
        "enterprise": enterprise,
        "tab": "actions",
        "form": form,
        "page": paginate(request, qs),
        "qs": querystring_without_page(request),
        "today": timezone.localdate(),
        "can_create": can(request.user, "action.change", [enterprise.organization_id]),
        "can_export": can(
            request.user, "qms.export", [enterprise.organization_id, *scope_of(request.user).cb_ids]
        ),
    }
    return render_page(request, "improvement/actions/list.html", context)


@login_required
def action_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, "action.change")
    nc = None
    nc_pk = request.GET.get("nc") or request.POST.get("nc")
    if nc_pk and str(nc_pk).isdigit():
        nc = (
            Nonconformity.objects.visible_to(request.user)
            .filter(enterprise=enterprise, pk=int(nc_pk))
            .first()
        )
    form = ActionForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data, nonconformity=nc
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Action planned."))
            if nc is not None:
                return redirect("improvement:nc-detail", pk=nc.pk)
            return redirect("improvement:action-detail", pk=action.pk)
    return render(
        request,
        "improvement/actions/form.html",
        {"form": form, "enterprise": enterprise, "tab": "actions", "nc": nc},
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.get_action_for_user(request.user, pk)
    if not can(request.user, "action.change", [action.enterprise.organization_id]):
        raise PermissionDenied
    form = ActionForm(request.POST or None, instance=action, enterprise=action.enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=request.user, action=action, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("improvement:action-detail", pk=action.pk)
    return render(
        request,
        "improvement/actions/form.html",
        {
            "form": form,
            "enterprise": action.enterprise,
            "tab": "actions",
            "action": action,
            "nc": action.nonconformity,
        },
    )


def _permissions(request: HttpRequest, action) -> dict:
    org = action.enterprise.organization_id
    manage = can(request.user, "action.change", [org])
    owner = action.owner_id == request.user.pk
    return {
        "can_manage": manage and action.status in ACTION_OPEN,
        "can_progress": (manage or owner) and action.status in ACTION_OPEN,
        "can_verify": action.status == "done"
        and (action.manager_id == request.user.pk or can(request.user, "action.verify", [org])),
    }


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.get_action_for_user(request.user, pk)
    context = {
        "action": action,
        "enterprise": action.enterprise,
        "tab": "actions",
        "today": timezone.localdate(),
        "recurrences": selectors.recurrences_for_action(action),
        "progress_form": ActionProgressForm(
            initial={"status": action.status, "evidence": action.evidence}
        ),
        "complete_form": ActionCompleteForm(prefix="complete"),
        "verdict_form": VerdictForm(),
        "reason_form": ReasonForm(),
        **_permissions(request, action),
    }
    return render(request, "improvement/actions/detail.html", context)


def _post(request: HttpRequest, action, call, ok: str) -> HttpResponse:
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, ok)
    return redirect("improvement:action-detail", pk=action.pk)


def _writable(request: HttpRequest, pk: int, key: str):
    action = selectors.get_action_for_user(request.user, pk)
    if not _permissions(request, action)[key]:
        raise PermissionDenied
    return action


@login_required
@require_POST
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    action = _writable(request, pk, "can_progress")
    form = ActionProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("improvement:action-detail", pk=action.pk)
    return _post(
        request,
        action,
        lambda: services.action_update(actor=request.user, action=action, data=form.cleaned_data),
        _("Progress saved."),
    )


@login_required
@require_POST
def action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _writable(request, pk, "can_progress")
    form = ActionCompleteForm(request.POST, request.FILES, prefix="complete")
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
        return redirect("improvement:action-detail", pk=action.pk)
    return _post(
        request,
        action,
        lambda: services.action_complete(actor=request.user, action=action, **form.cleaned_data),
        _("Action completed."),
    )


@login_required
@require_POST
def action_verify(request: HttpRequest, pk: int) -> HttpResponse:
    action = _writable(request, pk, "can_verify")
    form = VerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a verdict and say what it is based on."))
        return redirect("improvement:action-detail", pk=action.pk)
    return _post(
        request,
        action,
        lambda: services.action_verify(actor=request.user, action=action, **form.cleaned_data),
        _("Verdict recorded."),
    )


@login_required
@require_POST
def action_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    action = _writable(request, pk, "can_manage")
    return _post(
        request,
        action,
        lambda: services.action_cancel(
            actor=request.user, action=action, reason=request.POST.get("reason", "")
        ),
        _("Action cancelled."),
    )


@login_required
def action_export(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "pdf"):
        return HttpResponse(_("Unknown format."), status=400, content_type="text/plain")
    _form, qs = _filtered(request, enterprise)
    from qualift.reports import action_list

    if fmt == "pdf":
        body = action_list.action_list_pdf(enterprise, qs, request.LANGUAGE_CODE)
        ctype = "application/pdf"
    else:
        body = action_list.action_list_xlsx(
            qs, enterprise=enterprise, language=request.LANGUAGE_CODE
        )
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="actions.{fmt}"'
    return response
