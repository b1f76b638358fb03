"""Management reviews (ISO 9001 9.3) with their automatic input pack and their outputs, and
leadership commitments tracked as dated items (ISO 9001 5.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet
from qualift.objectives.choices import CommitmentStatus, ReviewOutputKind, ReviewStatus
from qualift.objectives.models.org import Employee

USER = settings.AUTH_USER_MODEL


class ManagementReview(TimeStamped):
    """One management review. `pack` holds the inputs gathered from the system when the pack
    was last generated (ISO 9001 9.3.2), so the record shows what top management saw."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    period_start = models.DateField(_("review period from"))
    period_end = models.DateField(_("review period to"))
    chaired_by = models.CharField(_("chaired by"), max_length=100, blank=True)
    participants = models.ManyToManyField(
        Employee, blank=True, related_name="management_reviews", verbose_name=_("participants")
    )
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED
    )
    pack = models.JSONField(_("review pack"), default=dict, blank=True)
    pack_generated_at = models.DateTimeField(_("pack generated at"), null=True, blank=True)
    input_notes = models.JSONField(_("notes on the inputs"), default=dict, blank=True)
    conclusion = models.TextField(
        _("conclusion on suitability, adequacy and effectiveness"), blank=True
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous review"),
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-held_on", "-id"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class ReviewOutput(TimeStamped):
    """A decision or an action from a review. Actions become corrective/improvement actions in
    the enterprise's action list (`action`), so they are followed up like any other."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=12, choices=ReviewOutputKind.choices)
    text = models.TextField(_("decision or action"))
    owner_name = models.CharField(_("owner"), max_length=100, blank=True)
    owner = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner (employee)"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    action = models.OneToOneField(
        "improvement.CorrectiveAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_output",
        verbose_name=_("action"),
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("review output")
        verbose_name_plural = _("review outputs")

    def __str__(self) -> str:
        return self.text[:60]


class LeadershipCommitment(TimeStamped):
    """A dated promise by top management (e.g. "the general manager joins the monthly quality
    meeting on 5 March") and whether it was kept."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("leader"),
    )
    leader_name = models.CharField(_("leader"), max_length=100)
    commitment = models.CharField(_("commitment"), max_length=300)
    due_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    evidence = models.TextField(_("evidence"), blank=True)
    review = models.ForeignKey(
        ManagementReview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("from management review"),
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "due_on", "id"]
        verbose_name = _("leadership commitment")
        verbose_name_plural = _("leadership commitments")

    def __str__(self) -> str:
        return self.commitment
