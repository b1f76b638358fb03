"""The "one enterprise, one policy" (一企一策) plan: chosen points, measures, milestones,
expected indicators, sign-off by both sides, and its revision history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import (
    IndicatorDirection,
    MeasureKind,
    MeasureStatus,
    MilestoneStatus,
    PlanStatus,
    SignSide,
)
from qualift.assistance.models.base import AssistanceRecord
from qualift.assistance.models.issues import AssistanceIssue
from qualift.assistance.scoping import PlanQuerySet

User = settings.AUTH_USER_MODEL


class Plan(AssistanceRecord):
    """One plan per enterprise per program (its ledger entry)."""

    ledger_entry = models.OneToOneField(
        "programs.LedgerEntry", on_delete=models.PROTECT, related_name="plan"
    )
    title = models.CharField(_("title"), max_length=200)
    approach = models.TextField(_("approach"), blank=True)
    points = models.ManyToManyField(
        AssistanceIssue, blank=True, related_name="plans", verbose_name=_("assistance points")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        db_index=True,
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    # Kept by the milestone services: achieved / all milestones, in percent.
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise__name"]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["cb", "status"]),
        ]
        verbose_name = _("assistance plan")
        verbose_name_plural = _("assistance plans")

    def __str__(self) -> str:
        return self.title


class PlanSignature(AssistanceRecord):
    """A side's signature on one revision of the plan: who, when, and what the signature means."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="signatures")
    revision = models.PositiveIntegerField(_("revision"))
    side = models.CharField(_("side"), max_length=12, choices=SignSide.choices)
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    meaning = models.CharField(_("meaning"), max_length=300)
    signed_at = models.DateTimeField(_("signed at"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "revision", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "revision", "side"], name="one_signature_per_side_and_revision"
            )
        ]
        verbose_name = _("plan signature")
        verbose_name_plural = _("plan signatures")

    def __str__(self) -> str:
        return f"{self.name} · {self.get_side_display()} · r{self.revision}"


class PlanRevision(AssistanceRecord):
    """A closed revision: the plan as it stood (JSON snapshot) and why it was reopened."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    reason = models.TextField(_("reason for revision"))
    snapshot = models.JSONField(_("plan as it stood"), default=dict)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_record_per_revision")
        ]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")

    def __str__(self) -> str:
        return f"{self.plan} r{self.number}"


class Measure(AssistanceRecord):
    """A measure of the plan, with an owner on each side."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    issue = models.ForeignKey(
        AssistanceIssue,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        verbose_name=_("assistance point"),
    )
    common_issue = models.ForeignKey(
        "assistance.CommonIssue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        verbose_name=_("group measure of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices)
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cb_owner = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("CB owner"),
    )
    enterprise_owner = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("enterprise owner"),
    )
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    resources = models.TextField(_("resources"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MeasureStatus.choices,
        default=MeasureStatus.PLANNED,
        db_index=True,
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "starts_on", "id"]
        indexes = [models.Index(fields=["enterprise", "due_on"])]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title


class Milestone(AssistanceRecord):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        verbose_name=_("measure"),
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"), db_index=True)
    acceptance_criteria = models.TextField(_("acceptance criteria"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PENDING,
        db_index=True,
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="milestones/%Y/%m/", blank=True)
    achieved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "due_on", "id"]
        indexes = [models.Index(fields=["cb", "status", "due_on"])]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return self.status == MilestoneStatus.PENDING and self.due_on < today


class PlanIndicator(AssistanceRecord):
    """An expected result the evaluation will measure: baseline, target and direction of good."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4)
    baseline_on = models.DateField(_("baseline date"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    direction = models.CharField(
        _("direction of good"), max_length=4, choices=IndicatorDirection.choices
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("expected indicator")
        verbose_name_plural = _("expected indicators")

    def __str__(self) -> str:
        return self.name
