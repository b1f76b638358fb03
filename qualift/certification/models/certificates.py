"""Certification decisions, the certificate register with its history, suspension proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import (
    CertificateStatus,
    DecisionOutcome,
    ProposalKind,
    ProposalStatus,
    StatusReason,
)
from qualift.certification.models.base import CertRecord
from qualift.certification.scoping import CbOnlyQuerySet, CertQuerySet


class Decision(CertRecord):
    """A certification decision, taken by an authorised CB member who was not on the team."""

    cycle = models.ForeignKey(
        "certification.CertificationCycle", on_delete=models.CASCADE, related_name="decisions"
    )
    audit = models.ForeignKey(
        "certification.Audit",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("audit decided on"),
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"))

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")

    def __str__(self) -> str:
        return f"{self.cycle.number} · {self.get_outcome_display()} · {self.decided_on}"


class Certificate(CertRecord):
    """A certificate in the register. `status` is the stored status; a valid or suspended
    certificate past its expiry date is expired (the daily sweep stores that, and readers use
    `effective_status(today)` so the public page is never wrong in between)."""

    cycle = models.ForeignKey(
        "certification.CertificationCycle", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    holder = models.CharField(_("holder"), max_length=200)
    scope_text = models.TextField(_("scope of certification"))
    iaf_codes = models.ManyToManyField(
        "enterprises.IafCode", blank=True, verbose_name=_("IAF scope codes")
    )
    sites = models.ManyToManyField("enterprises.Site", blank=True, verbose_name=_("sites"))
    standard = models.CharField(_("standard"), max_length=60, default="ISO 9001:2015")
    first_issued_on = models.DateField(_("first issued"))
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("expires"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
        db_index=True,
    )
    status_reason = models.CharField(
        _("reason"), max_length=30, choices=StatusReason.choices, default=StatusReason.GRANTED
    )
    status_note = models.TextField(_("note"), blank=True)
    status_since = models.DateField(_("status since"))

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["cb", "status", "expires_on"])]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number

    def effective_status(self, today) -> str:
        if (
            self.status in (CertificateStatus.VALID, CertificateStatus.SUSPENDED)
            and self.expires_on < today
        ):
            return CertificateStatus.EXPIRED
        return self.status


class CertificateEvent(CertRecord):
    """One change in a certificate's life: issue, suspension, restoration, expiry (append-only)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=20, choices=CertificateStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=CertificateStatus.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=StatusReason.choices)
    note = models.TextField(_("note"), blank=True)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["certificate", "on", "pk"]
        verbose_name = _("certificate history entry")
        verbose_name_plural = _("certificate history")

    def __str__(self) -> str:
        return f"{self.certificate} · {self.from_status}→{self.to_status} · {self.on}"


class SuspensionProposal(CertRecord):
    """Raised by the daily sweep for the CB admin: an overdue surveillance (suspend), a
    suspension past its limit (withdraw), a major NC unverified too long after stage 2 (repeat
    stage 2). The admin accepts (the change is made) or dismisses it with a note."""

    kind = models.CharField(_("proposal"), max_length=20, choices=ProposalKind.choices)
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    audit = models.ForeignKey(
        "certification.Audit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    reason = models.TextField(_("why"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.OPEN,
        db_index=True,
    )
    raised_on = models.DateField(_("raised on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = CbOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.enterprise}"
