"""The public certificate lookup at /verify/ (no sign-in, GET only).

It tells anyone holding a certificate number whether the certificate is in force: the holder,
the scope, the status today (effective: a certificate past its expiry reads expired) and the
validity dates, and the certification body's name. Nothing else — no USCC, no findings, no
audit or CB internals.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from qualift.certification.choices import CertificateStatus
from qualift.certification.forms_certificates import LookupForm
from qualift.certification.models import Certificate


def _find(number: str) -> Certificate | None:
    number = (number or "").strip()
    if not number or len(number) > 40:
        return None
    return (
        Certificate.objects.select_related("cb")
        .only(
            "number",
            "holder",
            "scope_text",
            "status",
            "issued_on",
            "expires_on",
            "first_issued_on",
            "cb__name",
        )
        .filter(number__iexact=number)
        .first()
    )


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    not_found = False
    if "number" in request.GET and form.is_valid():
        certificate = _find(form.cleaned_data["number"])
        if certificate is not None:
            return redirect("verify:certificate", number=certificate.number)
        not_found = True
    return render(
        request, "certification/public_lookup.html", {"form": form, "not_found": not_found}
    )


@never_cache
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    found = _find(number)
    if found is None:
        raise Http404
    today = timezone.localdate()
    status = found.effective_status(today)
    context = {
        "number": found.number,
        "holder": found.holder,
        "scope_text": found.scope_text,
        "status": status,
        "status_label": CertificateStatus(status).label,
        "issued_on": found.issued_on,
        "expires_on": found.expires_on,
        "cb_name": found.cb.name,
        "today": today,
    }
    return render(request, "certification/public_certificate.html", context)
