"""The tenant keys every certification record carries (ARCHITECTURE §5.1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped


class CertRecord(TimeStamped):
    """Abstract: a certification record of one enterprise (the client) by one CB."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    cb = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("certification body"),
    )

    class Meta:
        abstract = True
