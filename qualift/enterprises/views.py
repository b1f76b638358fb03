"""Enterprise pages: list, detail, create, edit, sites, engagements, import, export."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.core.views_helpers import (
    add_service_errors,
    organizations_for,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.enterprises import exporting, importing, selectors, services
from qualift.enterprises.forms import (
    EngagementForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    ImportUploadForm,
    SiteForm,
)
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprise_ids
from qualift.enterprises.services import enterprise_related_orgs
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import can, can_anywhere
from qualift.tenancy.scope import scope_of


def _filtered_enterprises(request: HttpRequest):
    """The list's filter form and the scoped, filtered queryset (list page and export)."""
    form = EnterpriseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.enterprise_list(
        request.user,
        q=filters.get("q") or "",
        region=filters.get("region"),
        industry=filters.get("industry"),
        iaf=filters.get("iaf"),
        size=filters.get("size") or "",
    )
    return form, qs


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered_enterprises(request)
    context = {
        "form": form,
        "page": paginate(request, qs),
        "qs": querystring_without_page(request),
        "can_create": can_anywhere(request.user, "enterprise.create"),
        "can_import": can_anywhere(request.user, "enterprise.import"),
        "can_export": can_anywhere(request.user, "enterprise.export"),
    }
    return render_page(request, "enterprises/list.html", context)


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    related = enterprise_related_orgs(enterprise)
    context = {
        "enterprise": enterprise,
        "iaf_codes": enterprise.iaf_codes.all(),
        "sites": enterprise.sites.select_related("region"),
        "engagements": enterprise.engagements.visible_to(request.user).select_related("cb"),
        "ledger_entries": enterprise.ledger_entries.visible_to(request.user).select_related(
            "program", "cb"
        ),
        "can_change": can(request.user, "enterprise.change", related),
        "can_see_quality": Enterprise.objects.filter(
            pk=enterprise.pk, pk__in=qms_enterprise_ids(request.user)
        ).exists(),
        "engage_as": _cbs_for(request.user, "engagement.create"),
    }
    return render(request, "enterprises/detail.html", context)


def _cbs_for(user, action: str) -> list[Organization]:
    return organizations_for(user, action, scope_of(user).cb_ids)


@login_required
def enterprise_create(request: HttpRequest) -> HttpResponse:
    if not can_anywhere(request.user, "enterprise.create"):
        raise PermissionDenied
    is_cb = bool(_cbs_for(request.user, "enterprise.create"))
    form = EnterpriseForm(request.POST or None, show_engagement=is_cb)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(
                actor=request.user,
                data=form.cleaned_data,
                iaf_codes=list(form.cleaned_data["iaf_codes"]),
                engagement_kind=form.cleaned_data.get("engagement_kind") or "assistance",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Enterprise registered."))
            return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "creating": True})


@login_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.get_enterprise_for_user(request.user, pk, write=True)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(
                actor=request.user,
                enterprise=enterprise,
                data=form.cleaned_data,
                iaf_codes=list(form.cleaned_data["iaf_codes"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise})


@login_required
def site_edit(request: HttpRequest, pk: int, site_pk: int | None = None) -> HttpResponse:
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    site = get_object_or_404(enterprise.sites, pk=site_pk) if site_pk else None
    selectors.get_enterprise_for_user(request.user, pk, write=True)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_save(
                actor=request.user, enterprise=enterprise, site=site, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Site saved."))
            return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/site_form.html",
        {"form": form, "enterprise": enterprise, "site": site},
    )


@login_required
def engagement_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.get_enterprise_for_user(request.user, pk)
    cbs = _cbs_for(request.user, "engagement.create")
    if not cbs:
        raise PermissionDenied
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_create(
                actor=request.user, cb=cbs[0], enterprise=enterprise, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Engagement opened."))
            return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/engagement_form.html",
        {"form": form, "enterprise": enterprise, "cb": cbs[0]},
    )


@login_required
@require_POST
def engagement_end(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.get_engagement_for_user(request.user, pk, write=True)
    from django.utils import timezone

    try:
        services.engagement_end(actor=request.user, engagement=engagement, end=timezone.localdate())
        messages.success(request, _("Engagement ended today."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("enterprises:enterprise-detail", pk=engagement.enterprise_id)


IMPORT_SESSION_KEY = "enterprise_import"


@login_required
def enterprise_import(request: HttpRequest) -> HttpResponse:
    """Upload → every row checked → errors listed (nothing saved) or a preview to confirm."""
    if not can_anywhere(request.user, "enterprise.import"):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "columns": list(importing.COLUMNS)}
    if request.method == "POST" and "confirm" in request.POST:
        stash = request.session.get(IMPORT_SESSION_KEY)
        if not stash or stash.get("token") != request.POST.get("token"):
            messages.error(request, _("The upload has expired; please choose the file again."))
            return redirect("enterprises:enterprise-import")
        try:
            report = importing.parse_upload(bytes.fromhex(stash["content"]), stash["filename"])
            if not report.ok:
                raise importing.ImportFileError(_("The file no longer passes the checks."))
            created = services.enterprise_import(actor=request.user, rows=report.rows)
        except (importing.ImportFileError, ValidationError) as exc:
            messages.error(request, str(exc))
            return redirect("enterprises:enterprise-import")
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, _("%(n)d enterprises imported.") % {"n": len(created)})
        return redirect("enterprises:enterprise-list")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            report = importing.parse_upload(content, upload.name)
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            context["report"] = report
            if report.ok:
                token = uuid.uuid4().hex
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "filename": upload.name,
                    "content": content.hex(),
                }
                context["token"] = token
    return render(request, "enterprises/import.html", context)


@login_required
def enterprise_export(request: HttpRequest) -> HttpResponse:
    if not can_anywhere(request.user, "enterprise.export"):
        raise PermissionDenied
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        return HttpResponse(_("Unknown format."), status=400, content_type="text/plain")
    form, qs = _filtered_enterprises(request)
    rows = exporting.export_queryset(qs)
    if fmt == "xlsx":
        body = exporting.to_xlsx(rows)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, ctype = exporting.to_csv(rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="enterprises.{fmt}"'
    return response


@login_required
def uscc_check(request: HttpRequest) -> HttpResponse:
    """The USCC field's live check (htmx): says what is wrong as the user types."""
    from qualift.enterprises.validators import uscc_error_message

    code = request.GET.get("uscc", "")[:40]
    message = uscc_error_message(code) if code.strip() else None
    return render(
        request, "enterprises/uscc_check.html", {"code": code.strip(), "message": message}
    )
