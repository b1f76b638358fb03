"""The tenant keys every assistance record carries (ARCHITECTURE §5.1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped


class AssistanceRecord(TimeStamped):
    """Abstract: an assistance record of one enterprise, by one CB, in one program."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    cb = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("certification body"),
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="+", verbose_name=_("program")
    )

    class Meta:
        abstract = True
