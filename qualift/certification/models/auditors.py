"""The auditor register: grades, IAF codes with validity, training records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.certification.scoping import CbOnlyQuerySet
from qualift.core.models import TimeStamped
from qualift.tenancy.choices import AuditorGrade


class AuditorProfile(TimeStamped):
    """A person in a CB's auditor register (one per CB and person)."""

    cb = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("certification body"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="auditor_profiles",
        verbose_name=_("person"),
    )
    grade = models.CharField(_("grade"), max_length=32, choices=AuditorGrade.choices)
    registration_no = models.CharField(_("registration number"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    objects = CbOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(fields=["cb", "user"], name="one_auditor_profile_per_cb")
        ]
        verbose_name = _("auditor")
        verbose_name_plural = _("auditors")

    def __str__(self) -> str:
        return str(self.user)


class AuditorCode(models.Model):
    """An IAF code the auditor is competent for, valid from / until."""

    profile = models.ForeignKey(AuditorProfile, on_delete=models.CASCADE, related_name="codes")
    cb = models.ForeignKey("tenancy.Organization", on_delete=models.PROTECT, related_name="+")
    iaf_code = models.ForeignKey(
        "enterprises.IafCode", on_delete=models.PROTECT, verbose_name=_("IAF code")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = CbOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["iaf_code__code", "-valid_from"]
        verbose_name = _("auditor's IAF code")
        verbose_name_plural = _("auditors' IAF codes")

    def __str__(self) -> str:
        return f"{self.profile} · {self.iaf_code.code}"

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class TrainingRecord(models.Model):
    """A course or qualification an auditor completed."""

    profile = models.ForeignKey(AuditorProfile, on_delete=models.CASCADE, related_name="trainings")
    cb = models.ForeignKey("tenancy.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)

    objects = CbOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return f"{self.profile} · {self.title}"
