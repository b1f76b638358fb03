"""Improvement suggestions from any employee (also through an anonymous per-enterprise link),
the enterprise's incentive scheme and the reward ledger per employee."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet
from qualift.objectives.choices import SuggestionStatus
from qualift.objectives.models.org import Employee

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 12, "decimal_places": 2}


class SuggestionBox(TimeStamped):
    """The enterprise's public suggestion link (/s/<token>/, also as a QR code). It can only
    submit; it reads nothing. A new token revokes the old link."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="suggestion_box"
    )
    token = models.CharField(_("link token"), max_length=40, unique=True)
    is_open = models.BooleanField(_("open"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion box")
        verbose_name_plural = _("suggestion boxes")

    def __str__(self) -> str:
        return str(self.enterprise)


class IncentiveScheme(TimeStamped):
    """Points and money per stage of a suggestion, and how people are recognised."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="incentive_scheme"
    )
    points_submitted = models.PositiveIntegerField(_("points for a suggestion"), default=1)
    points_accepted = models.PositiveIntegerField(_("points when accepted"), default=5)
    points_implemented = models.PositiveIntegerField(_("points when implemented"), default=10)
    money_accepted = models.DecimalField(_("money when accepted"), default=0, **MONEY)
    money_implemented = models.DecimalField(_("money when implemented"), default=0, **MONEY)
    currency = models.CharField(_("currency"), max_length=8, default="CNY")
    recognition = models.TextField(
        _("recognition"),
        blank=True,
        help_text=_("E.g. the month's best suggestion is announced at the quality meeting."),
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incentive scheme")
        verbose_name_plural = _("incentive schemes")

    def __str__(self) -> str:
        return str(self.enterprise)


class Suggestion(TimeStamped):
    """One improvement suggestion and where it stands:
    submitted → evaluated → accepted / declined → implemented → rewarded."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("suggestion"))
    employee = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("suggested by"),
    )
    submitter_name = models.CharField(_("name given"), max_length=100, blank=True)
    via_link = models.BooleanField(_("sent through the public link"), default=False)
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUBMITTED,
        db_index=True,
    )
    benefit = models.PositiveSmallIntegerField(_("benefit (1–5)"), null=True, blank=True)
    cost = models.PositiveSmallIntegerField(_("cost (1–5, 5 = cheapest)"), null=True, blank=True)
    feasibility = models.PositiveSmallIntegerField(_("feasibility (1–5)"), null=True, blank=True)
    evaluation_note = models.TextField(_("evaluation"), blank=True)
    evaluated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    implementation_note = models.TextField(_("what was done"), blank=True)
    rewarded_on = models.DateField(_("rewarded on"), null=True, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "number"], name="suggestion_number_unique"
            )
        ]
        indexes = [models.Index(fields=["enterprise", "status"])]
        verbose_name = _("improvement suggestion")
        verbose_name_plural = _("improvement suggestions")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def score(self) -> int | None:
        """Benefit × cost × feasibility (1–125), the evaluation's ranking figure."""
        if None in (self.benefit, self.cost, self.feasibility):
            return None
        return self.benefit * self.cost * self.feasibility


class RewardEntry(TimeStamped):
    """One line of an employee's reward ledger: points and money for a suggestion's stage, or a
    recognition. Entries are never edited; a correction is a new entry with negative amounts."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="rewards", verbose_name=_("employee")
    )
    suggestion = models.ForeignKey(
        Suggestion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rewards",
        verbose_name=_("suggestion"),
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=SuggestionStatus.choices, blank=True
    )
    awarded_on = models.DateField(_("awarded on"), db_index=True)
    points = models.IntegerField(_("points"), default=0)
    amount = models.DecimalField(_("money"), default=0, **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-awarded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "stage"],
                condition=models.Q(suggestion__isnull=False),
                name="reward_once_per_stage",
            )
        ]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self) -> str:
        return f"{self.employee} {self.points}"
