"""Customer complaints: register, answer the customer, close, and raise the nonconformity.

A complaint is registered open (numbered CMP-YYYY-NNN per enterprise and year of receipt), gets
a response to the customer (status responded), and is closed once the customer has been answered.
Raising a nonconformity from it is idempotent: the complaint keeps the link to the one it raised.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot, stored_snapshot
from qualift.enterprises.models import Enterprise
from qualift.improvement.choices import ComplaintSeverity, ComplaintStatus, NcSeverity, NcSource
from qualift.improvement.models import Complaint, Nonconformity
from qualift.improvement.services.nonconformities import nc_create, next_number
from qualift.tenancy.permissions import require

COMPLAINT_FIELDS = ("customer", "product", "received_on", "description", "severity")
# How a complaint's severity carries over to the nonconformity it raises; the steward can
# raise it to critical on the nonconformity itself.
NC_SEVERITY = {
    ComplaintSeverity.LOW: NcSeverity.MINOR,
    ComplaintSeverity.MEDIUM: NcSeverity.MINOR,
    ComplaintSeverity.HIGH: NcSeverity.MAJOR,
}


def _require_change(actor, complaint: Complaint) -> None:
    require(actor, "complaint.change", [complaint.enterprise.organization_id])


def _check_received(received_on: dt.date | None) -> None:
    if received_on and received_on > timezone.localdate():
        raise ValidationError({"received_on": _("A complaint cannot be received in the future.")})


def _stored_status(complaint: Complaint) -> str:
    """The status as stored (the instance may carry a form's unsaved values)."""
    return Complaint.objects.filter(pk=complaint.pk).values_list("status", flat=True).first() or ""


@transaction.atomic
def complaint_register(*, actor, enterprise: Enterprise, data: dict[str, Any]) -> Complaint:
    """Register a complaint (status open), numbered CMP-YYYY-NNN for the enterprise."""
    require(actor, "complaint.change", [enterprise.organization_id])
    received = data.get("received_on") or timezone.localdate()
    _check_received(received)
    complaint = Complaint(
        enterprise=enterprise,
        number=next_number(Complaint, enterprise, "CMP", received.year),
        **{k: data[k] for k in COMPLAINT_FIELDS if k in data and data[k] is not None},
    )
    complaint.received_on = received
    complaint.full_clean()
    complaint.save()
    _audit(actor, "complaint.create", complaint, after=snapshot(complaint))
    return complaint


@transaction.atomic
def complaint_update(*, actor, complaint: Complaint, data: dict[str, Any]) -> Complaint:
    """Correct what was registered (customer, product, date, description, severity)."""
    _require_change(actor, complaint)
    if _stored_status(complaint) == ComplaintStatus.CLOSED:
        raise ValidationError(_("This complaint is closed and can no longer change."))
    before = stored_snapshot(complaint)
    for key in COMPLAINT_FIELDS:
        if key in data:
            setattr(complaint, key, data[key])
    _check_received(complaint.received_on)
    if complaint.responded_on and complaint.received_on > complaint.responded_on:
        raise ValidationError({"received_on": _("The complaint was answered before this date.")})
    complaint.full_clean()
    complaint.save()
    after = snapshot(complaint)
    changed = {k for k in after if before.get(k) != after.get(k) and k != "updated_at"}
    _audit(
        actor,
        "complaint.update",
        complaint,
        {k: before.get(k) for k in changed},
        {k: after[k] for k in changed},
    )
    return complaint


@transaction.atomic
def complaint_respond(
    *, actor, complaint: Complaint, response: str, responded_on: dt.date | None = None
) -> Complaint:
    """Record the answer given to the customer; a later answer replaces it until closed."""
    _require_change(actor, complaint)
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=complaint.pk)
    )
    if complaint.status == ComplaintStatus.CLOSED:
        raise ValidationError(_("This complaint is closed and can no longer change."))
    if not (response or "").strip():
        raise ValidationError({"response": _("Write what the customer was told.")})
    responded_on = responded_on or timezone.localdate()
    if responded_on > timezone.localdate():
        raise ValidationError({"responded_on": _("The response date cannot be in the future.")})
    if responded_on < complaint.received_on:
        raise ValidationError(
            {"responded_on": _("The response cannot be before the complaint was received.")}
        )
    fields = ["status", "response", "responded_on"]
    before = snapshot(complaint, fields)
    complaint.response, complaint.responded_on = response.strip(), responded_on
    complaint.status = ComplaintStatus.RESPONDED
    complaint.full_clean()
    complaint.save()
    _audit(actor, "complaint.respond", complaint, before, snapshot(complaint, fields))
    return complaint


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint, note: str = "") -> Complaint:
    """Close a complaint the customer has been answered on."""
    _require_change(actor, complaint)
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=complaint.pk)
    )
    if complaint.status != ComplaintStatus.RESPONDED:
        raise ValidationError(
            {"status": _("Record the response to the customer before closing the complaint.")}
        )
    complaint.status = ComplaintStatus.CLOSED
    complaint.save(update_fields=["status", "updated_at"])
    _audit(
        actor,
        "complaint.close",
        complaint,
        {"status": ComplaintStatus.RESPONDED},
        {"status": complaint.status},
        note,
    )
    return complaint


def _nc_title(complaint: Complaint) -> str:
    summary = (complaint.description.strip().splitlines() or [""])[0].strip()
    title = _("Complaint %(number)s: %(summary)s") % {
        "number": complaint.number,
        "summary": summary,
    }
    limit = Nonconformity._meta.get_field("title").max_length
    return title if len(title) <= limit else title[: limit - 1] + "…"


@transaction.atomic
def complaint_raise_nc(*, actor, complaint: Complaint) -> Nonconformity:
    """Raise the nonconformity this complaint reveals (source: customer complaint), or return
    the one it already raised. Needs complaint.change and nc.create."""
    _require_change(actor, complaint)
    require(actor, "nc.create", [complaint.enterprise.organization_id])
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=complaint.pk)
    )
    if complaint.nonconformity_id:
        return complaint.nonconformity
    limit = Nonconformity._meta.get_field("detected_by").max_length
    nc = nc_create(
        actor=actor,
        enterprise=complaint.enterprise,
        source=NcSource.CUSTOMER_COMPLAINT,
        data={
            "title": _nc_title(complaint),
            "description": complaint.description,
            "product": complaint.product,
            "detected_on": complaint.received_on,
            "detected_by": complaint.customer[:limit],
            "severity": NC_SEVERITY.get(complaint.severity, NcSeverity.MINOR),
        },
    )
    complaint.nonconformity = nc
    complaint.save(update_fields=["nonconformity", "updated_at"])
    _audit(actor, "complaint.raise_nc", complaint, after={"nonconformity": nc.number})
    return nc
