"""A certification body's prioritisation weights (defaults in choices.DEFAULT_WEIGHTS)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import DEFAULT_WEIGHTS, Factor
from qualift.core.models import TimeStamped

_WEIGHT = {
    "max_digits": 4,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
}


class PriorityWeights(TimeStamped):
    """How much each of the four factors counts when a CB ranks assistance issues."""

    cb = models.OneToOneField(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="priority_weights"
    )
    prominence = models.DecimalField(
        _("prominence"), default=Decimal(str(DEFAULT_WEIGHTS[Factor.PROMINENCE])), **_WEIGHT
    )
    enterprise = models.DecimalField(
        _("enterprise's ability"),
        default=Decimal(str(DEFAULT_WEIGHTS[Factor.ENTERPRISE])),
        **_WEIGHT,
    )
    cb_ability = models.DecimalField(
        _("CB's ability"), default=Decimal(str(DEFAULT_WEIGHTS[Factor.CB])), **_WEIGHT
    )
    evaluability = models.DecimalField(
        _("evaluability"), default=Decimal(str(DEFAULT_WEIGHTS[Factor.EVALUABILITY])), **_WEIGHT
    )

    class Meta:
        verbose_name = _("prioritisation weights")
        verbose_name_plural = _("prioritisation weights")

    def __str__(self) -> str:
        return str(self.cb)

    def as_dict(self) -> dict[str, float]:
        return {
            Factor.PROMINENCE: float(self.prominence),
            Factor.ENTERPRISE: float(self.enterprise),
            Factor.CB: float(self.cb_ability),
            Factor.EVALUABILITY: float(self.evaluability),
        }
