"""A CB's certification policy: the rule set and the parameters it may set itself."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import RuleSetCode, Stage1Share
from qualift.certification.scoping import CbOnlyQuerySet
from qualift.core.models import TimeStamped


class CertificationPolicy(TimeStamped):
    """One per CB; missing means the defaults (ISO/IEC 17021-1, 90 days, one third)."""

    cb = models.OneToOneField(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        related_name="certification_policy",
        verbose_name=_("certification body"),
    )
    rule_set = models.CharField(
        _("rule set"), max_length=20, choices=RuleSetCode.choices, default=RuleSetCode.ISO17021
    )
    response_days = models.PositiveSmallIntegerField(
        _("days for the client to respond to a nonconformity"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    stage1_share = models.CharField(
        _("stage 1 share of the initial audit time"),
        max_length=5,
        choices=Stage1Share.choices,
        default=Stage1Share.ONE_THIRD,
    )
    certificate_prefix = models.CharField(
        _("certificate number prefix"), max_length=20, blank=True, default="QMS"
    )

    objects = CbOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification policy")
        verbose_name_plural = _("certification policies")

    def __str__(self) -> str:
        return f"{self.cb} · {self.get_rule_set_display()}"
