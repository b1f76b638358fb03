"""Certificate pages: the register (filters, CSV / XLSX), one certificate with its history, the
status change, restoration, and the printable certificate (PDF with the public QR code)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from qualift.certification import exports
from qualift.certification.access import acting_orgs, get_for_user
from qualift.certification.choices import CertificateStatus
from qualift.certification.forms_certificates import CertificateStatusForm, RestoreForm
from qualift.certification.models import Certificate
from qualift.certification.scoping import certifying_cb_ids
from qualift.certification.services import certificates as services
from qualift.core.qr import qr_svg
from qualift.core.views_helpers import (
    add_service_errors,
    paginate,
    querystring_without_page,
    render_page,
)
from qualift.reports.pdf import render_pdf
from qualift.tenancy.permissions import can, can_anywhere
from qualift.tenancy.scope import scope_of

CHANGE = "certificate.change"
EXPORT = "certification.export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_LANGUAGES = ("en", "zh-hans")
SELECT = ("enterprise", "cb", "cycle")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _public_url(request: HttpRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(reverse("verify:certificate", args=[certificate.number]))


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not (scope.is_superuser or certifying_cb_ids(request.user) or scope.enterprise_org_ids):
        raise PermissionDenied
    filters = exports.clean_filters(request.GET)
    fmt = request.GET.get("format", "")
    today = timezone.localdate()
    if fmt in ("csv", "xlsx"):
        if not can_anywhere(request.user, EXPORT):
            raise PermissionDenied
        rows = exports.register_rows(request.user, filters, today)
        name = f"certificates-{today.isoformat()}.{fmt}"
        if fmt == "csv":
            return _download(exports.register_csv(rows), "text/csv; charset=utf-8", name)
        return _download(exports.register_xlsx(rows), XLSX, name)
    page = paginate(request, exports.register_queryset(request.user, filters, today))
    for certificate in page:
        certificate.effective = certificate.effective_status(today)
        certificate.effective_label = CertificateStatus(certificate.effective).label
    context = {
        "page": page,
        "filters": filters,
        "statuses": CertificateStatus.choices,
        "querystring": querystring_without_page(request),
        "can_export": can_anywhere(request.user, EXPORT),
        "today": today,
    }
    return render_page(request, "certification/certificate_list.html", context)


@login_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_for_user(Certificate, request.user, pk, select=SELECT)
    today = timezone.localdate()
    can_change = can(request.user, CHANGE, acting_orgs(certificate))
    effective = certificate.effective_status(today)
    context = {
        "certificate": certificate,
        "effective": effective,
        "effective_label": CertificateStatus(effective).label,
        "events": list(certificate.events.select_related("by").order_by("-on", "-pk")),
        "iaf_codes": list(certificate.iaf_codes.order_by("code")),
        "sites": list(certificate.sites.order_by("name")),
        "can_change": can_change and bool(services.TRANSITIONS.get(effective)),
        "restore_problems": services.restore_problems(certificate, today)
        if can_change and effective == CertificateStatus.EXPIRED
        else None,
        "restore_form": RestoreForm(),
        "public_url": _public_url(request, certificate),
    }
    return render(request, "certification/certificate_detail.html", context)


@login_required
def certificate_status(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_for_user(Certificate, request.user, pk, write_action=CHANGE, select=SELECT)
    today = timezone.localdate()
    current = certificate.effective_status(today)
    form = CertificateStatusForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_set_status(
                actor=request.user, certificate=certificate, on=today, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Certificate status changed."))
            return redirect("certification:certificate-detail", pk=certificate.pk)
    context = {
        "certificate": certificate,
        "effective": current,
        "effective_label": CertificateStatus(current).label,
        "form": form,
    }
    return render(request, "certification/certificate_status.html", context)


@login_required
def certificate_restore(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_for_user(Certificate, request.user, pk, write_action=CHANGE, select=SELECT)
    if request.method != "POST":
        return redirect("certification:certificate-detail", pk=certificate.pk)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was completed (a note is required)."))
    else:
        try:
            services.certificate_restore(
                actor=request.user, certificate=certificate, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Certificate restored."))
    return redirect("certification:certificate-detail", pk=certificate.pk)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_for_user(Certificate, request.user, pk, select=SELECT)
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    if language not in PDF_LANGUAGES:
        language = "en"
    today = timezone.localdate()
    url = _public_url(request, certificate)
    context = {
        "certificate": certificate,
        "effective_label": CertificateStatus(certificate.effective_status(today)).label,
        "iaf_codes": list(certificate.iaf_codes.order_by("code")),
        "sites": list(certificate.sites.order_by("name")),
        "public_url": url,
        "qr": qr_svg(url),
        "today": today,
    }
    body = render_pdf("reports/certificate.html", context, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(f"certificate-{certificate.number}-{language}") or "certificate"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
