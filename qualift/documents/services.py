"""Document control (ISO 9001 7.5): create, draft, approve, review and withdraw documents.

A document has at most one effective version and at most one open draft. Approving a draft makes
it the effective version at once; the version it replaces becomes obsolete from the new version's
effective date (which may be up to a year ahead: the page shows "effective from …"). The next
periodic review falls one review interval after the effective date, or after the last review.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from calendar import monthrange
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_record, snapshot
from qualift.documents.choices import VersionStatus
from qualift.documents.models import ControlledDocument, DocumentVersion
from qualift.enterprises.models import Enterprise
from qualift.tenancy.permissions import require

DOCUMENT_FIELDS = ("code", "title", "kind", "owner_name", "review_interval_months")
VERSION_FIELDS = ("version", "author", "change_summary", "text")
MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "doc", "xls", "png", "jpg", "jpeg", "txt", "md")
MAX_INTERVAL_MONTHS = 120
MAX_DAYS_AHEAD = 366  # how far ahead an approved version may take effect


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or the month's last day: 31 Jan + 1 month → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _version_record(version: DocumentVersion) -> dict[str, Any]:
    """What the audit trail keeps of a version: its fields, the file name and a hash of the text
    (the text itself can be long; the hash proves which text was approved)."""
    fields = [
        f.name for f in DocumentVersion._meta.concrete_fields if f.name not in ("text", "file")
    ]
    data = snapshot(version, fields)
    data["file"] = version.file.name if version.file else ""
    data["text_sha256"] = hashlib.sha256(version.text.encode()).hexdigest() if version.text else ""
    return data


def _audit(
    actor, verb: str, target, document: ControlledDocument, before=None, after=None, reason=""
):
    audit_record(
        actor=actor,
        verb=verb,
        target=target,
        organization=document.enterprise.organization,
        enterprise_id=document.enterprise_id,
        before=before,
        after=after,
        reason=reason,
    )


def _require_in_use(document: ControlledDocument) -> None:
    if document.is_withdrawn:
        raise ValidationError(_("This document is withdrawn and can no longer change."))


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for key, messages in exc.message_dict.items():
        errors.setdefault(key, []).extend(m for m in messages if m not in errors.get(key, []))


def _document_errors(document: ControlledDocument) -> dict[str, list[str]]:
    """Every problem with a document's fields at once: code clash, interval, model rules."""
    errors: dict[str, list[str]] = {}
    try:
        document.full_clean(exclude=["enterprise"], validate_constraints=False)
    except ValidationError as exc:
        _merge(errors, exc)
    if document.code and "code" not in errors:
        clash = ControlledDocument.objects.filter(
            enterprise_id=document.enterprise_id, code__iexact=document.code
        )
        if document.pk:
            clash = clash.exclude(pk=document.pk)
        other = clash.first()
        if other is not None:
            errors["code"] = [
                _("The code %(code)s is already used by “%(title)s”.")
                % {"code": other.code, "title": other.title}
            ]
    months = document.review_interval_months
    if months is not None and not 1 <= months <= MAX_INTERVAL_MONTHS:
        errors["review_interval_months"] = [
            _("Review at least every %(n)s months, at most every month.")
            % {"n": MAX_INTERVAL_MONTHS}
        ]
    return errors


def upload_errors(upload) -> list[str]:
    """What is wrong with a file attached to a version: it must be one of the allowed kinds and
    at most 20 MB."""
    name = getattr(upload, "name", "") or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        kinds = ", ".join(e.upper() for e in ALLOWED_EXTENSIONS)
        return [_("Attach a %(kinds)s file.") % {"kinds": kinds}]
    size = getattr(upload, "size", 0) or 0
    if size > MAX_FILE_BYTES:
        return [_("The file is larger than 20 MB.")]
    if size == 0:
        return [_("The file is empty.")]
    return []


def check_upload(upload) -> None:
    """Raise a ValidationError under `file` when the upload is not acceptable."""
    errors = upload_errors(upload)
    if errors:
        raise ValidationError({"file": errors})


def _apply_version_data(version: DocumentVersion, data: dict[str, Any]) -> dict[str, list[str]]:
    """Copy the version fields from `data`; return the file's problems, if any. `file`: a new
    upload replaces the file, False removes it, None or absent keeps it (a form gives these)."""
    for key in VERSION_FIELDS:
        if key in data and data[key] is not None:
            value = data[key]
            setattr(version, key, value.strip() if isinstance(value, str) else value)
    upload = data.get("file")
    if upload is False:
        version.file = None
    elif upload:
        errors = upload_errors(upload)
        if errors:
            return {"file": errors}
        version.file = upload
    return {}


def _version_errors(version: DocumentVersion) -> dict[str, list[str]]:
    """Every problem with a version's fields: model rules, text or file, a unique label."""
    errors: dict[str, list[str]] = {}
    try:
        version.full_clean(exclude=["document", "enterprise"], validate_constraints=False)
    except ValidationError as exc:
        _merge(errors, exc)
    if not version.text.strip() and not version.file:
        errors.setdefault("text", []).append(_("Write the text here or attach a file."))
    label = (version.version or "").strip()
    if label and version.document_id and "version" not in errors:
        clash = DocumentVersion.objects.filter(
            document_id=version.document_id, version__iexact=label
        )
        if version.pk:
            clash = clash.exclude(pk=version.pk)
        if clash.exists():
            errors["version"] = [_("Version %(v)s of this document already exists.") % {"v": label}]
    return errors


def _raise(*error_dicts: dict[str, list[str]]) -> None:
    merged: dict[str, list[str]] = {}
    for errors in error_dicts:
        for key, messages in errors.items():
            merged.setdefault(key, []).extend(messages)
    if merged:
        raise ValidationError(merged)


def _set_fields(document: ControlledDocument, data: dict[str, Any]) -> None:
    for key in DOCUMENT_FIELDS:
        if key in data and data[key] is not None:
            value = data[key]
            setattr(document, key, value.strip() if isinstance(value, str) else value)


def _build_version(document: ControlledDocument, data: dict[str, Any]) -> DocumentVersion:
    version = DocumentVersion(document=document, enterprise_id=document.enterprise_id)
    file_errors = _apply_version_data(version, data)
    _raise(file_errors, {k: v for k, v in _version_errors(version).items() if k not in file_errors})
    version.save()
    return version


@transaction.atomic
def document_create(
    *, actor, enterprise: Enterprise, data: dict[str, Any], first_version: dict[str, Any]
) -> ControlledDocument:
    """Put a new document under control with its first version as a draft. All problems with
    the document and the version are reported together."""
    require(actor, "document.change", [enterprise.organization_id])
    document = ControlledDocument(enterprise=enterprise)
    _set_fields(document, data)
    version = DocumentVersion(enterprise_id=enterprise.pk)
    file_errors = _apply_version_data(version, first_version)
    version_errors = {k: v for k, v in _version_errors(version).items() if k not in file_errors}
    _raise(_document_errors(document), file_errors, version_errors)
    document.save()
    version.document = document
    version.save()
    after = snapshot(document)
    after["first_version"] = _version_record(version)
    _audit(actor, "document.create", document, document, after=after)
    return document


@transaction.atomic
def document_update(
    *, actor, document: ControlledDocument, data: dict[str, Any]
) -> ControlledDocument:
    """Change a document's code, title, kind, owner or review interval. A new interval moves the
    next review date by the difference (the review cycle keeps its starting point)."""
    require(actor, "document.change", [document.enterprise.organization_id])
    document = ControlledDocument.objects.select_for_update().get(pk=document.pk)
    _require_in_use(document)
    before = snapshot(document)
    old_interval = document.review_interval_months
    _set_fields(document, data)
    _raise(_document_errors(document))
    if document.review_due and document.review_interval_months != old_interval:
        document.review_due = add_months(
            document.review_due, document.review_interval_months - old_interval
        )
    document.save()
    after = snapshot(document)
    changed = {k for k in after if before.get(k) != after.get(k)}
    _audit(
        actor,
        "document.update",
        document,
        document,
        {k: before[k] for k in changed},
        {k: after[k] for k in changed},
    )
    return document


@transaction.atomic
def version_draft(*, actor, document: ControlledDocument, data: dict[str, Any]) -> DocumentVersion:
    """Start a new version as a draft (one open draft per document)."""
    require(actor, "document.change", [document.enterprise.organization_id])
    document = ControlledDocument.objects.select_for_update().get(pk=document.pk)
    _require_in_use(document)
    open_draft = document.versions.filter(status=VersionStatus.DRAFT).first()
    if open_draft is not None:
        raise ValidationError(
            _("Version %(v)s is still a draft: edit or approve it before starting another.")
            % {"v": open_draft.version}
        )
    version = _build_version(document, data)
    _audit(actor, "document.version_draft", version, document, after=_version_record(version))
    return version


@transaction.atomic
def version_update(*, actor, version: DocumentVersion, data: dict[str, Any]) -> DocumentVersion:
    """Edit a draft version (approved versions never change)."""
    document = version.document
    require(actor, "document.change", [document.enterprise.organization_id])
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    _require_in_use(document)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be edited; start a new version instead."))
    before = _version_record(version)
    file_errors = _apply_version_data(version, data)
    _raise(file_errors, {k: v for k, v in _version_errors(version).items() if k not in file_errors})
    version.save()
    after = _version_record(version)
    changed = {k for k in after if before.get(k) != after.get(k)}
    _audit(
        actor,
        "document.version_update",
        version,
        document,
        {k: before[k] for k in changed},
        {k: after[k] for k in changed},
    )
    return version


@transaction.atomic
def version_approve(
    *,
    actor,
    version: DocumentVersion,
    approved_by_name: str,
    approval_meaning: str,
    effective_on: dt.date | None,
    today: dt.date | None = None,
) -> DocumentVersion:
    """Approve a draft: it becomes the effective version from `effective_on` (today or a later
    date up to a year ahead, or an earlier date when registering a document already in use); the
    version it replaces becomes obsolete from that date; the next review is one interval later."""
    document = version.document
    require(actor, "document.approve", [document.enterprise.organization_id])
    today = today or timezone.localdate()
    document = ControlledDocument.objects.select_for_update().get(pk=document.pk)
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    _require_in_use(document)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be approved."))
    errors: dict[str, list[str]] = {}
    approved_by_name = (approved_by_name or "").strip()
    approval_meaning = (approval_meaning or "").strip()
    if not approved_by_name:
        errors["approved_by_name"] = [_("Say who approves it.")]
    if not approval_meaning:
        errors["approval_meaning"] = [_("Say what the approval means (e.g. approved for use).")]
    current = document.versions.filter(status=VersionStatus.EFFECTIVE).first()
    if effective_on is None:
        errors["effective_on"] = [_("Give the date from which it is effective.")]
    elif effective_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors["effective_on"] = [_("The effective date can be at most a year ahead.")]
    elif current and current.effective_on and effective_on < current.effective_on:
        errors["effective_on"] = [
            _("It cannot take effect before the version it replaces (%(v)s, from %(d)s).")
            % {"v": current.version, "d": current.effective_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    before = _version_record(version)
    if current is not None:
        current.status = VersionStatus.OBSOLETE
        current.obsolete_on = effective_on
        current.save(update_fields=["status", "obsolete_on", "updated_at"])
    version.status = VersionStatus.EFFECTIVE
    version.approved_by_name = approved_by_name
    version.approval_meaning = approval_meaning
    version.approved_by = _user(actor)
    version.approved_at = timezone.now()
    version.effective_on = effective_on
    version.full_clean(exclude=["document", "enterprise"], validate_constraints=False)
    version.save()
    document.review_due = add_months(effective_on, document.review_interval_months)
    document.last_review_reminder_on = None
    document.save(update_fields=["review_due", "last_review_reminder_on", "updated_at"])
    after = _version_record(version)
    after["review_due"] = document.review_due.isoformat()
    after["replaces"] = {"id": current.pk, "version": current.version} if current else None
    _audit(actor, "document.approve", version, document, before, after, approval_meaning)
    return version


@transaction.atomic
def document_reviewed(
    *, actor, document: ControlledDocument, note: str = "", today: dt.date | None = None
) -> ControlledDocument:
    """Record a periodic review that found the document still adequate (no change): the next
    review falls one interval after this one."""
    require(actor, "document.change", [document.enterprise.organization_id])
    today = today or timezone.localdate()
    document = ControlledDocument.objects.select_for_update().get(pk=document.pk)
    _require_in_use(document)
    if not document.versions.filter(status=VersionStatus.EFFECTIVE).exists():
        raise ValidationError(_("Nothing to review yet: no version has been approved."))
    before = {"review_due": document.review_due}
    document.review_due = add_months(today, document.review_interval_months)
    document.last_review_reminder_on = None
    document.save(update_fields=["review_due", "last_review_reminder_on", "updated_at"])
    _audit(
        actor,
        "document.reviewed",
        document,
        document,
        before,
        {"review_due": document.review_due, "reviewed_on": today},
        (note or "").strip(),
    )
    return document


@transaction.atomic
def document_withdraw(
    *, actor, document: ControlledDocument, reason: str, today: dt.date | None = None
) -> ControlledDocument:
    """Take a document out of use: its effective version becomes obsolete today; the versions
    stay on record; no more reviews are due."""
    require(actor, "document.approve", [document.enterprise.organization_id])
    today = today or timezone.localdate()
    document = ControlledDocument.objects.select_for_update().get(pk=document.pk)
    _require_in_use(document)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the document is withdrawn.")})
    before = snapshot(document, ["is_withdrawn", "review_due"])
    document.versions.filter(status=VersionStatus.EFFECTIVE).update(
        status=VersionStatus.OBSOLETE, obsolete_on=today, updated_at=timezone.now()
    )
    document.is_withdrawn = True
    document.review_due = None
    document.save(update_fields=["is_withdrawn", "review_due", "updated_at"])
    _audit(
        actor,
        "document.withdraw",
        document,
        document,
        before,
        snapshot(document, ["is_withdrawn", "review_due"]),
        reason,
    )
    return document


@transaction.atomic
def document_review_reminded(
    *, document: ControlledDocument, on: dt.date, recipient: str
) -> ControlledDocument:
    """Note that the review reminder for `document` went out on `on` (the reminder job, no user)."""
    before = {"last_review_reminder_on": document.last_review_reminder_on}
    ControlledDocument.objects.filter(pk=document.pk).update(
        last_review_reminder_on=on, updated_at=timezone.now()
    )
    document.last_review_reminder_on = on
    _audit(
        None,
        "document.review_reminder",
        document,
        document,
        before,
        {"last_review_reminder_on": on, "to": recipient, "review_due": document.review_due},
    )
    return document
