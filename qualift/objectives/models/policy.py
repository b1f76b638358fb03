"""The quality policy with approvals, versions and communication records (ISO 9001 5.2, 7.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet
from qualift.objectives.choices import CommunicationMethod, PolicyStatus
from qualift.objectives.models.org import Employee

USER = settings.AUTH_USER_MODEL


class QualityPolicy(TimeStamped):
    """One version of the enterprise's quality policy. Approving a version puts it in force and
    supersedes the one before; approved versions never change."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("policy"))
    change_summary = models.TextField(_("what changed"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    approved_by_name = models.CharField(_("approved by"), max_length=100, blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_meaning = models.CharField(_("meaning of the approval"), max_length=200, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "version"], name="policy_version_unique")
        ]
        verbose_name = _("quality policy")
        verbose_name_plural = _("quality policies")

    def __str__(self) -> str:
        return f"v{self.version}"


class PolicyCommunication(TimeStamped):
    """How and to whom a policy version was communicated (ISO 9001 5.2.2, 7.3)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(
        QualityPolicy, on_delete=models.CASCADE, related_name="communications"
    )
    method = models.CharField(_("how"), max_length=20, choices=CommunicationMethod.choices)
    communicated_on = models.DateField(_("when"))
    audience = models.CharField(_("to whom"), max_length=300, blank=True)
    employees = models.ManyToManyField(
        Employee, blank=True, related_name="policy_communications", verbose_name=_("employees")
    )
    note = models.TextField(_("note"), blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-communicated_on", "-id"]
        verbose_name = _("policy communication")
        verbose_name_plural = _("policy communications")

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.communicated_on}"
