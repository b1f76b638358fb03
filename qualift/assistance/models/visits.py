"""Assistance visits, and the involvement record the certification side's impartiality reads."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import InvolvementSource, Mode
from qualift.assistance.models.base import AssistanceRecord
from qualift.assistance.scoping import InvolvementQuerySet, WorkingPaperQuerySet

User = settings.AUTH_USER_MODEL


class Visit(AssistanceRecord):
    ledger_entry = models.ForeignKey(
        "programs.LedgerEntry", on_delete=models.PROTECT, related_name="visits"
    )
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)], default=0
    )
    experts = models.ManyToManyField(
        User, related_name="assistance_visits", verbose_name=_("experts")
    )
    activities = models.TextField(_("activities"))
    next_steps = models.TextField(_("agreed next steps"), blank=True)

    objects = WorkingPaperQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "held_on"])]
        verbose_name = _("assistance visit")
        verbose_name_plural = _("assistance visits")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.held_on}"


class Involvement(models.Model):
    """A person took part in assisting an enterprise on a day (diagnosis, visit or measure).

    Written by the assistance services only; read through `assistance.involvement`.
    """

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="involvements")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    cb = models.ForeignKey("tenancy.Organization", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("date"))
    source = models.CharField(_("through"), max_length=12, choices=InvolvementSource.choices)
    source_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source", "source_id", "day"], name="one_involvement_per_event"
            )
        ]
        indexes = [models.Index(fields=["person", "enterprise", "day"])]
        verbose_name = _("assistance involvement")
        verbose_name_plural = _("assistance involvements")

    def __str__(self) -> str:
        return f"{self.person} · {self.enterprise} · {self.day}"
