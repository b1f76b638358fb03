"""An enterprise's improvement records: nonconformities with their root cause analysis,
corrective actions, customer complaints and internal audits (ISO 9001 9.2, 10.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet
from qualift.improvement.choices import (
    ActionKind,
    ActionStatus,
    CauseCategory,
    ComplaintSeverity,
    ComplaintStatus,
    InternalAuditStatus,
    NcSeverity,
    NcSource,
    NcStatus,
)
from qualift.standards.choices import ChecklistResult
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate, Clause

USER = settings.AUTH_USER_MODEL


class Nonconformity(TimeStamped):
    """A nonfulfilment of a requirement, from detection through cause, actions and closure."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"))
    source = models.CharField(_("source"), max_length=30, choices=NcSource.choices)
    product = models.CharField(_("product"), max_length=200, blank=True)
    process_name = models.CharField(_("process"), max_length=200, blank=True, db_index=True)
    clause = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("ISO 9001 clause")
    )
    detected_on = models.DateField(_("detected on"), db_index=True)
    detected_by = models.CharField(_("detected by"), max_length=100, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=NcSeverity.choices, default=NcSeverity.MINOR
    )
    quantity_affected = models.DecimalField(
        _("quantity affected"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    quantity_unit = models.CharField(_("unit"), max_length=20, blank=True)
    containment = models.TextField(_("containment"), blank=True)
    correction = models.TextField(_("correction"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NcStatus.choices, default=NcStatus.DRAFT, db_index=True
    )
    root_cause_category = models.CharField(
        _("root cause category"),
        max_length=20,
        choices=CauseCategory.choices,
        blank=True,
        db_index=True,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    effective = models.BooleanField(_("effective"), null=True, blank=True)
    effectiveness_note = models.TextField(_("effectiveness verdict"), blank=True)
    verified_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    raised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "number"], name="nc_number_unique")
        ]
        indexes = [
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["enterprise", "detected_on"]),
        ]
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class WhyStep(models.Model):
    """One step of a 5-why chain: the question asked and the answer found."""

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="whys")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("step"))
    question = models.CharField(_("why?"), max_length=300)
    answer = models.CharField(_("because"), max_length=300)
    is_root = models.BooleanField(_("root cause"), default=False)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["nonconformity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["nonconformity", "position"], name="why_position")
        ]
        verbose_name = _("why step")
        verbose_name_plural = _("why steps")

    def __str__(self) -> str:
        return f"{self.position}. {self.answer}"


class FishboneCause(models.Model):
    """A possible cause on the fishbone (Ishikawa) diagram, in one of the six categories."""

    nonconformity = models.ForeignKey(
        Nonconformity, on_delete=models.CASCADE, related_name="causes"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=CauseCategory.choices)
    description = models.CharField(_("cause"), max_length=300)
    is_root = models.BooleanField(_("root cause"), default=False)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["nonconformity", "category", "id"]
        verbose_name = _("fishbone cause")
        verbose_name_plural = _("fishbone causes")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"


class CorrectiveAction(TimeStamped):
    """An action taken on a nonconformity (or standalone improvement), with owner and due date."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    nonconformity = models.ForeignKey(
        Nonconformity, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner (user)"),
    )
    owner_name = models.CharField(_("owner"), max_length=100)
    owner_email = models.EmailField(_("owner e-mail"), blank=True)
    manager = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verifies effectiveness"),
    )
    due_on = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        db_index=True,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="evidence/%Y/%m/", blank=True)
    effectiveness_due = models.DateField(_("check effectiveness on"), null=True, blank=True)
    effective = models.BooleanField(_("effective"), null=True, blank=True)
    effectiveness_note = models.TextField(_("effectiveness verdict"), blank=True)
    verified_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    last_reminder_on = models.DateField(_("last reminder"), null=True, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["enterprise", "status", "due_on"])]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.title


class Complaint(TimeStamped):
    """A customer complaint, the response given, and the nonconformity it raised."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("number"), max_length=20)
    customer = models.CharField(_("customer"), max_length=200)
    product = models.CharField(_("product"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"), db_index=True)
    description = models.TextField(_("complaint"))
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=ComplaintSeverity.choices,
        default=ComplaintSeverity.MEDIUM,
    )
    response = models.TextField(_("response to the customer"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.OPEN,
        db_index=True,
    )
    nonconformity = models.ForeignKey(
        Nonconformity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("nonconformity raised"),
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "number"], name="complaint_number_unique")
        ]
        indexes = [models.Index(fields=["enterprise", "received_on"])]
        verbose_name = _("customer complaint")
        verbose_name_plural = _("customer complaints")

    def __str__(self) -> str:
        return f"{self.number} {self.customer}"


class InternalAudit(TimeStamped):
    """An audit the enterprise runs on its own system with a checklist template (ISO 9001 9.2)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, verbose_name=_("checklist")
    )
    planned_on = models.DateField(_("planned for"))
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    auditors = models.CharField(_("auditors"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InternalAuditStatus.choices,
        default=InternalAuditStatus.PLANNED,
        db_index=True,
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")

    def __str__(self) -> str:
        return self.title


class InternalAuditAnswer(models.Model):
    """The answer to one checklist question in an internal audit, with evidence."""

    audit = models.ForeignKey(InternalAudit, on_delete=models.CASCADE, related_name="answers")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(ChecklistQuestion, on_delete=models.PROTECT)
    result = models.CharField(
        _("result"), max_length=20, choices=ChecklistResult.choices, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)
    nonconformity = models.ForeignKey(
        Nonconformity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_answer_per_question")
        ]
        verbose_name = _("internal audit answer")
        verbose_name_plural = _("internal audit answers")

    def __str__(self) -> str:
        return f"{self.question} → {self.result or '—'}"
