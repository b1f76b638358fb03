"""Audit findings and the client's responses to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import FindingGrade, FindingStatus, ResponseOutcome
from qualift.certification.models.base import CertRecord
from qualift.certification.scoping import CertQuerySet


class Finding(CertRecord):
    """A finding of an audit. A major or minor NC creates (or links to) the enterprise's own
    nonconformity record, so both sides share one evidence chain."""

    audit = models.ForeignKey(
        "certification.Audit", on_delete=models.CASCADE, related_name="findings"
    )
    number = models.CharField(_("number"), max_length=40)
    grade = models.CharField(_("grade"), max_length=20, choices=FindingGrade.choices)
    clause = models.ForeignKey(
        "standards.Clause", on_delete=models.PROTECT, verbose_name=_("clause")
    )
    question = models.ForeignKey(
        "standards.ChecklistQuestion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    statement = models.TextField(_("statement of nonconformity"))
    evidence = models.TextField(_("objective evidence"))
    requirement = models.TextField(_("requirement"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, db_index=True
    )
    due_on = models.DateField(_("response due"), null=True, blank=True, db_index=True)
    nonconformity = models.ForeignKey(
        "improvement.Nonconformity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certification_findings",
        verbose_name=_("enterprise's nonconformity"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_on = models.DateField(_("raised on"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verification_note = models.TextField(_("verification"), blank=True)

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "number"]
        indexes = [models.Index(fields=["cb", "grade", "status"])]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.number} · {self.get_grade_display()}"


class FindingResponse(CertRecord):
    """The client's correction, root cause and corrective-action plan, and the auditor's review."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="responses")
    correction = models.TextField(_("correction"))
    root_cause = models.TextField(_("root cause"))
    corrective_action = models.TextField(_("corrective-action plan"))
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="certification/responses/%Y/%m/", blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"))
    outcome = models.CharField(
        _("review"),
        max_length=20,
        choices=ResponseOutcome.choices,
        default=ResponseOutcome.PENDING,
    )
    review_comment = models.TextField(_("auditor's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["finding", "submitted_at"]
        verbose_name = _("response to a finding")
        verbose_name_plural = _("responses to findings")

    def __str__(self) -> str:
        return f"{self.finding} · {self.submitted_at:%Y-%m-%d}"
