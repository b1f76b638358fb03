"""Scoped reads for controlled documents: the register, documents due for review, versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualift.documents.choices import VersionStatus
from qualift.documents.models import ControlledDocument, DocumentVersion
from qualift.tenancy.permissions import can

# Register filter values (document level, not version level).
STATUS_CURRENT = "current"  # in use: an approved, effective version
STATUS_DRAFT = "draft"  # not yet approved: no effective version
STATUS_OBSOLETE = "obsolete"  # revised at least once: obsolete versions kept
STATUS_WITHDRAWN = "withdrawn"
STATUS_DUE = "due"  # review overdue or due within the reminder window


def due_horizon(today: dt.date | None = None) -> dt.date:
    """The last review date that counts as "due soon" today."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=settings.QUALIFT_REVIEW_REMINDER_DAYS)


def with_current(qs: QuerySet[ControlledDocument]) -> QuerySet[ControlledDocument]:
    """Annotate each document with its effective version (label, date) and open draft flag."""
    effective = DocumentVersion.objects.filter(
        document=OuterRef("pk"), status=VersionStatus.EFFECTIVE
    )
    return qs.annotate(
        current_label=Subquery(effective.values("version")[:1]),
        current_effective_on=Subquery(effective.values("effective_on")[:1]),
        has_draft=Exists(
            DocumentVersion.objects.filter(document=OuterRef("pk"), status=VersionStatus.DRAFT)
        ),
    )


def documents_for(
    user, enterprise, *, kind: str = "", q: str = "", status: str = ""
) -> QuerySet[ControlledDocument]:
    """The enterprise's document register as the user may see it, filtered."""
    qs = ControlledDocument.objects.visible_to(user).filter(enterprise=enterprise)
    qs = with_current(qs)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q))
    if status == STATUS_CURRENT:
        qs = qs.filter(is_withdrawn=False, current_label__isnull=False)
    elif status == STATUS_DRAFT:
        qs = qs.filter(is_withdrawn=False, current_label__isnull=True)
    elif status == STATUS_OBSOLETE:
        qs = qs.filter(
            Exists(
                DocumentVersion.objects.filter(
                    document=OuterRef("pk"), status=VersionStatus.OBSOLETE
                )
            )
        )
    elif status == STATUS_WITHDRAWN:
        qs = qs.filter(is_withdrawn=True)
    elif status == STATUS_DUE:
        qs = qs.filter(is_withdrawn=False, review_due__lte=due_horizon())
    return qs.order_by("code", "pk")


def documents_due_for_review(
    enterprise_ids: QuerySet | Iterable[int], today: dt.date, within_days: int
) -> QuerySet[ControlledDocument]:
    """Documents in use whose periodic review is overdue or falls within `within_days` of `today`,
    earliest first (the steward's dashboard and the reminder job). Not scoped to a user: pass
    enterprise ids the caller may see (e.g. `qms_enterprise_ids(user)`)."""
    horizon = today + dt.timedelta(days=within_days)
    return (
        ControlledDocument.objects.filter(
            enterprise_id__in=enterprise_ids,
            is_withdrawn=False,
            review_due__isnull=False,
            review_due__lte=horizon,
        )
        .select_related("enterprise")
        .order_by("review_due", "enterprise_id", "code", "pk")
    )


def current_version(document: ControlledDocument) -> DocumentVersion | None:
    """The effective version of a document, or None (not approved yet, or withdrawn)."""
    return document.versions.filter(status=VersionStatus.EFFECTIVE).first()


def open_draft(document: ControlledDocument) -> DocumentVersion | None:
    return document.versions.filter(status=VersionStatus.DRAFT).first()


def versions_of(document: ControlledDocument) -> QuerySet[DocumentVersion]:
    """All versions, newest first, with the approving user."""
    return document.versions.select_related("approved_by").order_by("-created_at", "-pk")


def get_document_for_user(user, pk: int, action: str | None = None) -> ControlledDocument:
    """A document the user may see (else 404); with `action`, one they may also change (else
    403)."""
    document = get_object_or_404(
        ControlledDocument.objects.visible_to(user).select_related("enterprise__organization"),
        pk=pk,
    )
    if action and not can(user, action, [document.enterprise.organization_id]):
        raise PermissionDenied
    return document


def get_version_for_user(user, pk: int, action: str | None = None) -> DocumentVersion:
    version = get_object_or_404(
        DocumentVersion.objects.visible_to(user).select_related(
            "document", "enterprise__organization", "approved_by"
        ),
        pk=pk,
    )
    if action and not can(user, action, [version.enterprise.organization_id]):
        raise PermissionDenied
    return version
