"""Document control pages: the register, a document with its version history, drafting,
approving, periodic review and withdrawal."""

from __future__ import annotations

import re
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from qualift.core.models import AuditEvent
from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.documents import selectors, services
from qualift.documents.choices import VersionStatus
from qualift.documents.forms import (
    MEANINGS,
    ApproveForm,
    DocumentCreateForm,
    DocumentFilterForm,
    DocumentForm,
    ReviewedForm,
    VersionForm,
    WithdrawForm,
)
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.tenancy.permissions import can


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def next_label(label: str) -> str:
    """A suggestion for the next version label: the last number counted up (1.0 → 1.1, A/0 →
    A/1, 3 → 4); empty when the label has no number."""
    match = re.search(r"(\d+)(\D*)$", label or "")
    if not match:
        return ""
    number = str(int(match.group(1)) + 1)
    return f"{label[: match.start(1)]}{number}{match.group(2)}"


@login_required
def document_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = DocumentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    documents = selectors.documents_for(
        request.user,
        enterprise,
        kind=filters.get("kind") or "",
        q=filters.get("q") or "",
        status=filters.get("status") or "",
    )
    today = timezone.localdate()
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(request, documents),
        "qs": querystring_without_page(request),
        "today": today,
        "soon": selectors.due_horizon(today),
        "can_change": can(request.user, "document.change", [enterprise.organization_id]),
    }
    return render_page(request, "documents/list.html", context)


@login_required
def document_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(
        request.user, enterprise_pk, write_action="document.change"
    )
    initial = {"version": "1.0", "author": _name(request.user), "review_interval_months": 12}
    form = DocumentCreateForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.user,
                enterprise=enterprise,
                data=form.document_data(),
                first_version=form.version_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Document created as a draft; approve it to put it in use.")
            )
            return redirect("documents:document-detail", pk=document.pk)
    return render(request, "documents/create.html", {"form": form, "enterprise": enterprise})


def _withdrawal(document) -> AuditEvent | None:
    if not document.is_withdrawn:
        return None
    return (
        AuditEvent.objects.filter(
            verb="document.withdraw",
            target_type=document._meta.label_lower,
            target_id=str(document.pk),
        )
        .order_by("-seq")
        .first()
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk)
    versions = list(selectors.versions_of(document))
    current = next((v for v in versions if v.status == VersionStatus.EFFECTIVE), None)
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    org = [document.enterprise.organization_id]
    today = timezone.localdate()
    context = {
        "document": document,
        "enterprise": document.enterprise,
        "versions": versions,
        "current": current,
        "draft": draft,
        "withdrawal": _withdrawal(document),
        "today": today,
        "soon": selectors.due_horizon(today),
        "can_change": can(request.user, "document.change", org) and not document.is_withdrawn,
        "can_approve": can(request.user, "document.approve", org) and not document.is_withdrawn,
    }
    return render(request, "documents/detail.html", context)


def _closed(request: HttpRequest, document) -> HttpResponse | None:
    """Withdrawn documents do not change: say so and go back to the document."""
    if document.is_withdrawn:
        messages.error(request, _("This document is withdrawn and can no longer change."))
        return redirect("documents:document-detail", pk=document.pk)
    return None


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk, action="document.change")
    if response := _closed(request, document):
        return response
    initial = {k: getattr(document, k) for k in services.DOCUMENT_FIELDS}
    form = DocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=document, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document saved."))
            return redirect("documents:document-detail", pk=document.pk)
    context = {"form": form, "document": document, "enterprise": document.enterprise}
    return render(request, "documents/form.html", context)


@login_required
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk, action="document.change")
    if response := _closed(request, document):
        return response
    draft = selectors.open_draft(document)
    if draft is not None:
        messages.info(
            request, _("Version %(v)s is already a draft: edit it.") % {"v": draft.version}
        )
        return redirect("documents:version-edit", pk=draft.pk)
    current = selectors.current_version(document)
    initial = {"author": _name(request.user)}
    if current is not None:
        initial |= {"version": next_label(current.version), "text": current.text}
    return _version_form(
        request,
        document,
        initial,
        lambda data: services.version_draft(actor=request.user, document=document, data=data),
        _("New version drafted; approve it to put it in use."),
        current=current,
    )


def _version_form(request: HttpRequest, document, initial: dict, save, ok: str, **extra):
    """The version form, shared by a new draft and an edited one: `save(data)` calls the
    service; errors it raises are shown on the form."""
    form = VersionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.version_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ok)
            return redirect("documents:document-detail", pk=document.pk)
    context = {"form": form, "document": document, "enterprise": document.enterprise, **extra}
    return render(request, "documents/version_form.html", context)


@login_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for_user(request.user, pk, action="document.change")
    document = version.document
    if response := _closed(request, document):
        return response
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("Only a draft can be edited; start a new version instead."))
        return redirect("documents:document-detail", pk=document.pk)
    initial = {k: getattr(version, k) for k in services.VERSION_FIELDS}
    return _version_form(
        request,
        document,
        initial,
        lambda data: services.version_update(actor=request.user, version=version, data=data),
        _("Draft saved."),
        version=version,
    )


@login_required
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for_user(request.user, pk, action="document.approve")
    document = version.document
    if response := _closed(request, document):
        return response
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("Only a draft can be approved."))
        return redirect("documents:document-detail", pk=document.pk)
    initial = {
        "approved_by_name": _name(request.user),
        "approval_meaning": MEANINGS[0],
        "effective_on": timezone.localdate(),
    }
    form = ApproveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_approve(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(v)s approved and effective.") % {"v": version.version}
            )
            return redirect("documents:document-detail", pk=document.pk)
    context = {
        "form": form,
        "document": document,
        "enterprise": document.enterprise,
        "version": version,
        "current": selectors.current_version(document),
        "meanings": MEANINGS,
    }
    return render(request, "documents/approve.html", context)


@login_required
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The version's file, or its text as a Markdown file, for the people who may read it."""
    version = selectors.get_version_for_user(request.user, pk)
    code = re.sub(r"[^\w.-]+", "-", version.document.code).strip("-") or "document"
    if version.file:
        try:
            handle = version.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        suffix = PurePath(version.file.name).suffix.lower()
        filename = f"{code}-v{version.version}{suffix}"
        return FileResponse(handle, as_attachment=True, filename=filename)
    response = HttpResponse(version.text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{code}-v{version.version}.md"
    )
    return response


@login_required
def document_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk, action="document.change")
    if response := _closed(request, document):
        return response
    form = ReviewedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_reviewed(
                actor=request.user, document=document, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Review recorded; next review due %(d)s.")
                % {"d": document.review_due.isoformat()},
            )
            return redirect("documents:document-detail", pk=document.pk)
    context = {
        "form": form,
        "document": document,
        "enterprise": document.enterprise,
        "current": selectors.current_version(document),
    }
    return render(request, "documents/reviewed.html", context)


@login_required
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk, action="document.approve")
    if response := _closed(request, document):
        return response
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_withdraw(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document withdrawn; its versions stay on record."))
            return redirect("documents:document-detail", pk=document.pk)
    context = {"form": form, "document": document, "enterprise": document.enterprise}
    return render(request, "documents/withdraw.html", context)
