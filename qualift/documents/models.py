"""Document control (lite, ISO 9001 7.5): controlled documents and their approved versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.documents.choices import DocumentKind, VersionStatus
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet


class ControlledDocument(TimeStamped):
    """A document under control (manual, procedure, instruction, form, record), with its review
    cycle."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    owner_name = models.CharField(_("owner"), max_length=100, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=12
    )
    review_due = models.DateField(_("next review"), null=True, blank=True, db_index=True)
    last_review_reminder_on = models.DateField(_("last review reminder"), null=True, blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="document_code_unique")
        ]
        indexes = [models.Index(fields=["enterprise", "review_due"])]
        verbose_name = _("controlled document")
        verbose_name_plural = _("controlled documents")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class DocumentVersion(TimeStamped):
    """One version of a controlled document: its text or file, author and approval."""

    document = models.ForeignKey(
        ControlledDocument, on_delete=models.CASCADE, related_name="versions"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        db_index=True,
    )
    author = models.CharField(_("author"), max_length=100)
    change_summary = models.TextField(_("what changed"), blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    approved_by_name = models.CharField(_("approved by"), max_length=100, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_meaning = models.CharField(_("meaning of the approval"), max_length=200, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    obsolete_on = models.DateField(_("obsolete from"), null=True, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="document_version_unique")
        ]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.document.code} v{self.version}"
