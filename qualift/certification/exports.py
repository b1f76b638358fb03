"""The certificate register: the filtered queryset the register page and the API list, and its
CSV / XLSX export (number, holder, USCC, scope, IAF codes, sites, issued, expires, effective
status, reason, since, CB).

Scope: `Certificate.objects.visible_to(user)` — a CB's staff get their CB's certificates, a
client enterprise its own. Status filters use the effective status on `today` (a valid or
suspended certificate past its expiry date counts as expired before the sweep stores it). Every
text cell goes through `safe_text` so typed text is never read as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualift.certification.choices import CertificateStatus
from qualift.certification.models import Certificate
from qualift.enterprises.exporting import safe_text

S = CertificateStatus
LIVE = (S.VALID, S.SUSPENDED)
MAX_EXPIRING_DAYS = 3650

COLUMNS = [
    ("number", gettext_lazy("Certificate number")),
    ("holder", gettext_lazy("Holder")),
    ("uscc", gettext_lazy("USCC")),
    ("scope", gettext_lazy("Scope")),
    ("iaf_codes", gettext_lazy("IAF codes")),
    ("sites", gettext_lazy("Sites")),
    ("issued", gettext_lazy("Issued")),
    ("expires", gettext_lazy("Expires")),
    ("status", gettext_lazy("Status")),
    ("reason", gettext_lazy("Reason")),
    ("since", gettext_lazy("Status since")),
    ("cb", gettext_lazy("Certification body")),
]


def effective_status_q(status: str, today: dt.date) -> Q:
    """Certificates whose effective status on `today` is `status`."""
    if status == S.EXPIRED:
        return Q(status=S.EXPIRED) | Q(status__in=LIVE, expires_on__lt=today)
    if status in LIVE:
        return Q(status=status, expires_on__gte=today)
    return Q(status=status)


def clean_filters(raw) -> dict:
    """Filters from a query string: status, iaf_code, expiring_within (days), q, enterprise."""
    filters: dict[str, Any] = {}
    status = (raw.get("status") or "").strip()
    if status in S.values:
        filters["status"] = status
    code = (raw.get("iaf_code") or "").strip()
    if code.isascii() and code.isdigit() and len(code) <= 2:
        filters["iaf_code"] = code.zfill(2)
    days = (raw.get("expiring_within") or "").strip()
    if days.isascii() and days.isdigit() and len(days) < 6:
        filters["expiring_within"] = min(int(days), MAX_EXPIRING_DAYS)
    q = (raw.get("q") or "").strip()[:100]
    if q:
        filters["q"] = q
    enterprise = (raw.get("enterprise") or "").strip()
    if enterprise.isascii() and enterprise.isdigit() and len(enterprise) < 19:
        filters["enterprise"] = int(enterprise)
    return filters


def register_queryset(user, filters: dict, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    rows = Certificate.objects.visible_to(user)
    if filters.get("status"):
        rows = rows.filter(effective_status_q(filters["status"], today))
    if filters.get("iaf_code"):
        rows = rows.filter(iaf_codes__code=filters["iaf_code"])
    if filters.get("expiring_within") is not None:
        until = today + dt.timedelta(days=filters["expiring_within"])
        rows = rows.filter(status__in=LIVE, expires_on__gte=today, expires_on__lte=until)
    if filters.get("q"):
        q = filters["q"]
        rows = rows.filter(
            Q(number__icontains=q)
            | Q(holder__icontains=q)
            | Q(scope_text__icontains=q)
            | Q(enterprise__uscc__icontains=q)
        )
    if filters.get("enterprise"):
        rows = rows.filter(enterprise_id=filters["enterprise"])
    return (
        rows.select_related("enterprise", "cb")
        .prefetch_related("iaf_codes", "sites")
        .order_by("expires_on", "number")
        .distinct()
    )


def register_row(certificate: Certificate, today: dt.date) -> dict:
    status = certificate.effective_status(today)
    return {
        "number": certificate.number,
        "holder": certificate.holder,
        "uscc": certificate.enterprise.uscc,
        "scope": certificate.scope_text,
        "iaf_codes": ", ".join(sorted(c.code for c in certificate.iaf_codes.all())),
        "sites": "; ".join(sorted(s.name for s in certificate.sites.all())),
        "issued": certificate.issued_on,
        "expires": certificate.expires_on,
        "status": str(S(status).label),
        "reason": certificate.get_status_reason_display(),
        "since": certificate.expires_on + dt.timedelta(days=1)
        if status == S.EXPIRED and certificate.status != S.EXPIRED
        else certificate.status_since,
        "cb": certificate.cb.name,
    }


def register_rows(user, filters: dict, today: dt.date | None = None) -> list[dict]:
    """The register as dicts keyed like COLUMNS, in the user's scope."""
    today = today or timezone.localdate()
    return [register_row(c, today) for c in register_queryset(user, filters, today)]


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    return value


def register_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(header) for _key, header in COLUMNS])
    for row in rows:
        writer.writerow([_text(row[key]) for key, _header in COLUMNS])
    # With a BOM so spreadsheet programs read Chinese names as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def register_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Certificates")[:31]
    headers = [str(header) for _key, header in COLUMNS]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_text(row[key]) for key, _header in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
