"""A certification cycle (three years) and its audit programme."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import CycleStatus, RuleSetCode
from qualift.certification.models.base import CertRecord
from qualift.certification.scoping import CertQuerySet


class CertificationCycle(CertRecord):
    """One client's certification cycle: from application (or recertification) to expiry.

    The rule set is copied from the CB's policy when the cycle opens, so a later policy change
    does not move an agreed programme. Dates: `decision_on` (certification decision),
    `issued_on` / `expires_on` (the certificate's); the programme's due windows derive from them.
    """

    engagement = models.ForeignKey(
        "enterprises.Engagement",
        on_delete=models.PROTECT,
        related_name="certification_cycles",
        verbose_name=_("engagement"),
    )
    number = models.CharField(_("cycle"), max_length=30)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_cycle",
        verbose_name=_("previous cycle"),
    )
    rule_set = models.CharField(_("rule set"), max_length=20, choices=RuleSetCode.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CycleStatus.choices,
        default=CycleStatus.APPLIED,
        db_index=True,
    )
    applied_on = models.DateField(_("application date"))
    scope_text = models.TextField(_("scope of certification"))
    iaf_codes = models.ManyToManyField(
        "enterprises.IafCode", blank=True, verbose_name=_("IAF scope codes")
    )
    sites = models.ManyToManyField("enterprises.Site", blank=True, verbose_name=_("sites"))
    # Inputs of the audit-time calculation (IAF MD 5), kept for the programme's audits.
    employees = models.PositiveIntegerField(_("full-time staff in scope"), default=1)
    part_time_fte = models.DecimalField(
        _("part-time staff (full-time equivalents)"), max_digits=8, decimal_places=2, default=0
    )
    decision_on = models.DateField(_("certification decision"), null=True, blank=True)
    issued_on = models.DateField(_("certificate issued"), null=True, blank=True)
    expires_on = models.DateField(_("certificate expires"), null=True, blank=True, db_index=True)
    note = models.TextField(_("note"), blank=True)

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-pk"]
        indexes = [models.Index(fields=["cb", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["cb", "number"], name="cycle_number_unique_per_cb")
        ]
        verbose_name = _("certification cycle")
        verbose_name_plural = _("certification cycles")

    def __str__(self) -> str:
        return f"{self.number} · {self.enterprise}"
