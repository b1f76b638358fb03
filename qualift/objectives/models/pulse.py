"""A short, anonymous, repeatable quality-awareness pulse survey. Each round has its own public
link; answers carry no person, account or address."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet
from qualift.objectives.choices import PulseStatus


class PulseRound(TimeStamped):
    """One round of the survey: its questions (scored 1–5), dates and public link."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    questions = models.JSONField(_("questions"), default=list)
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=8, choices=PulseStatus.choices, default=PulseStatus.OPEN
    )
    token = models.CharField(_("link token"), max_length=40, unique=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-opened_on", "-id"]
        verbose_name = _("pulse survey round")
        verbose_name_plural = _("pulse survey rounds")

    def __str__(self) -> str:
        return self.title


class PulseResponse(models.Model):
    """One anonymous answer sheet: a score 1–5 per question, in the round's question order."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses")
    scores = models.JSONField(_("scores"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_on = models.DateField(_("submitted on"))

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("pulse survey response")
        verbose_name_plural = _("pulse survey responses")

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"
