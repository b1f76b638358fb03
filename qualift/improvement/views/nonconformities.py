"""Nonconformity pages: register, report, detail with 5 whys and fishbone, flow, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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
from qualift.improvement.choices import NC_FLOW, NC_OPEN, CauseCategory, NcStatus
from qualift.improvement.forms import (
    CauseForm,
    NcFilterForm,
    NonconformityForm,
    ReasonForm,
    VerdictForm,
    WhyForm,
)
from qualift.improvement.models import FishboneCause, WhyStep
from qualift.improvement.services import nonconformities as services
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of


def _filtered(request: HttpRequest, enterprise):
    form = NcFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    status = f.get("status") or ""
    qs = selectors.nc_list(
        request.user,
        enterprise,
        q=f.get("q") or "",
        source=f.get("source") or "",
        severity=f.get("severity") or "",
        status="" if status == "open" else status,
        open_only=status == "open",
    )
    return form, qs


@login_required
def nc_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form, qs = _filtered(request, enterprise)
    context = {
        "enterprise": enterprise,
        "tab": "nc",
        "form": form,
        "page": paginate(request, qs),
        "qs": querystring_without_page(request),
        "can_create": can(request.user, "nc.create", [enterprise.organization_id]),
        "can_export": can(
            request.user, "qms.export", [enterprise.organization_id, *scope_of(request.user).cb_ids]
        ),
    }
    return render_page(request, "improvement/nonconformities/list.html", context)


@login_required
def nc_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, "nc.create")
    form = NonconformityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            nc = services.nc_create(
                actor=request.user,
                enterprise=enterprise,
                data=data,
                source=data.pop("source"),
                clause=data.pop("clause"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Nonconformity %(number)s reported.") % {"number": nc.number}
            )
            return redirect("improvement:nc-detail", pk=nc.pk)
    return render(
        request,
        "improvement/nonconformities/form.html",
        {"form": form, "enterprise": enterprise, "tab": "nc", "creating": True},
    )


@login_required
def nc_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk, "nc.change")
    form = NonconformityForm(request.POST or None, instance=nc)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.nc_update(actor=request.user, nc=nc, data=data, clause=data.pop("clause"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("improvement:nc-detail", pk=nc.pk)
    return render(
        request,
        "improvement/nonconformities/form.html",
        {"form": form, "enterprise": nc.enterprise, "tab": "nc", "nc": nc},
    )


def _detail_context(request: HttpRequest, nc) -> dict:
    org = nc.enterprise.organization_id
    causes = list(nc.causes.all())
    fishbone = [
        (value, label, [c for c in causes if c.category == value])
        for value, label in CauseCategory.choices
    ]
    return {
        "nc": nc,
        "enterprise": nc.enterprise,
        "tab": "nc",
        "whys": nc.whys.all(),
        "fishbone": fishbone,
        "flow": [(s, NcStatus(s).label) for s in NC_FLOW],
        "actions": nc.actions.select_related("owner"),
        "complaints": nc.complaints.all(),
        # The certification findings behind this NC, as far as the viewer may see them.
        "certification_findings": nc.certification_findings.visible_to(request.user).order_by(
            "number"
        ),
        "recurrences": selectors.recurrences_for_nc(nc),
        "can_change": nc.status in NC_OPEN and can(request.user, "nc.change", [org]),
        "can_verify": can(request.user, "nc.verify", [org]),
        "can_act": can(request.user, "action.change", [org]),
        "why_form": WhyForm(),
        "cause_form": CauseForm(),
        "reason_form": ReasonForm(),
        "verdict_form": VerdictForm(),
        "next_status": services.FORWARD.get(nc.status),
        "next_label": NcStatus(services.FORWARD[nc.status]).label
        if nc.status in services.FORWARD
        else "",
    }


@login_required
def nc_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk)
    return render(request, "improvement/nonconformities/detail.html", _detail_context(request, nc))


def _after_post(request: HttpRequest, nc, error: str | None, partial: str | None = None):
    """htmx gets the analysis fragment back; a plain form post is redirected."""
    if request.htmx and partial:
        nc = selectors.get_nc_for_user(request.user, nc.pk)
        context = _detail_context(request, nc)
        context["error"] = error
        response = render(request, f"improvement/nonconformities/detail.html#{partial}", context)
        if error:
            response.status_code = 422
        return response
    if error:
        messages.error(request, error)
    return redirect("improvement:nc-detail", pk=nc.pk)


def _run(request: HttpRequest, nc, call, partial: str | None = None, ok: str = ""):
    try:
        call()
    except ValidationError as exc:
        return _after_post(request, nc, " ".join(exc.messages), partial)
    if ok and not request.htmx:
        messages.success(request, ok)
    return _after_post(request, nc, None, partial)


@login_required
@require_POST
def nc_transition(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk, "nc.change")
    to_status = request.POST.get("to_status", "")
    return _run(
        request,
        nc,
        lambda: services.nc_transition(
            actor=request.user, nc=nc, to_status=to_status, reason=request.POST.get("reason", "")
        ),
        ok=_("Status changed."),
    )


@login_required
@require_POST
def nc_verify(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk, "nc.verify")
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _after_post(request, nc, _("Choose a verdict and say what it is based on."))
    return _run(
        request,
        nc,
        lambda: services.nc_verify(
            actor=request.user,
            nc=nc,
            effective=form.cleaned_data["effective"],
            note=form.cleaned_data["note"],
        ),
        ok=_("Verdict recorded."),
    )


@login_required
@require_POST
def nc_close(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk, "nc.verify")
    return _run(
        request,
        nc,
        lambda: services.nc_close(actor=request.user, nc=nc),
        ok=_("Nonconformity closed."),
    )


@login_required
@require_POST
def nc_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk, "nc.change")
    return _run(
        request,
        nc,
        lambda: services.nc_cancel(
            actor=request.user, nc=nc, reason=request.POST.get("reason", "")
        ),
        ok=_("Nonconformity cancelled."),
    )


@login_required
@require_POST
def why_add(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk, "nc.change")
    form = WhyForm(request.POST)
    if not form.is_valid():
        return _after_post(request, nc, _("Write both the question and the answer."), "whys")
    return _run(
        request,
        nc,
        lambda: services.why_add(actor=request.user, nc=nc, **form.cleaned_data),
        "whys",
    )


@login_required
@require_POST
def cause_add(request: HttpRequest, pk: int) -> HttpResponse:
    nc = selectors.get_nc_for_user(request.user, pk, "nc.change")
    form = CauseForm(request.POST)
    if not form.is_valid():
        return _after_post(request, nc, _("Choose a category and describe the cause."), "fishbone")
    return _run(
        request,
        nc,
        lambda: services.cause_add(actor=request.user, nc=nc, **form.cleaned_data),
        "fishbone",
    )


def _analysis_item(request: HttpRequest, pk: int, kind: str, item_pk: int):
    if kind not in ("why", "cause"):
        raise Http404
    nc = selectors.get_nc_for_user(request.user, pk, "nc.change")
    model = WhyStep if kind == "why" else FishboneCause
    item = get_object_or_404(model.objects.filter(nonconformity=nc), pk=item_pk)
    return nc, item, "whys" if kind == "why" else "fishbone"


@login_required
@require_POST
def root_mark(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    nc, item, partial = _analysis_item(request, pk, kind, item_pk)
    is_root = request.POST.get("is_root") == "1"
    return _run(
        request,
        nc,
        lambda: services.root_mark(actor=request.user, item=item, is_root=is_root),
        partial,
    )


@login_required
@require_POST
def analysis_delete(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    nc, item, partial = _analysis_item(request, pk, kind, item_pk)
    return _run(
        request, nc, lambda: services.analysis_item_delete(actor=request.user, item=item), partial
    )


@login_required
def nc_export(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, None)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "pdf"):
        return HttpResponse(_("Unknown format."), status=400, content_type="text/plain")
    _form, qs = _filtered(request, enterprise)
    from qualift.reports import nc_register

    if fmt == "pdf":
        body = nc_register.nc_register_pdf(enterprise, qs, request.LANGUAGE_CODE)
        ctype = "application/pdf"
    else:
        body = nc_register.nc_register_xlsx(
            qs, enterprise=enterprise, language=request.LANGUAGE_CODE
        )
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="nc-register.{fmt}"'
    return response
