"""Measurable quality objectives cascaded from the enterprise to departments, positions and
employees, and their measurements over time (ISO 9001 6.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet
from qualift.objectives.choices import (
    Attainment,
    DataSource,
    Direction,
    Frequency,
    ObjectiveLevel,
    Rollup,
)
from qualift.objectives.models.org import Department, Employee, Position

USER = settings.AUTH_USER_MODEL
VALUE = {"max_digits": 16, "decimal_places": 4}


class Objective(TimeStamped):
    """A numeric KPI with a target, owned by one employee, at one level of the cascade.

    `parent` links it to the objective it contributes to; a parent whose source is `rollup`
    takes its value per period from its children (sum, mean, weighted mean or worst child).
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("contributes to"),
    )
    level = models.CharField(_("level"), max_length=12, choices=ObjectiveLevel.choices)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
        verbose_name=_("department"),
    )
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
        verbose_name=_("position"),
    )
    employee = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
        verbose_name=_("employee"),
    )
    name = models.CharField(_("objective"), max_length=200)
    description = models.TextField(_("how it is measured"), blank=True)
    unit = models.CharField(_("unit"), max_length=30)
    direction = models.CharField(_("direction of good"), max_length=4, choices=Direction.choices)
    target = models.DecimalField(_("target"), null=True, blank=True, **VALUE)
    target_low = models.DecimalField(_("band from"), null=True, blank=True, **VALUE)
    target_high = models.DecimalField(_("band to"), null=True, blank=True, **VALUE)
    at_risk_margin = models.DecimalField(
        _("at-risk margin"),
        null=True,
        blank=True,
        help_text=_(
            "How far short of the target still counts as at risk rather than missed, in the "
            "objective's unit. Blank: a tenth of the distance from baseline to target."
        ),
        **VALUE,
    )
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **VALUE)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    frequency = models.CharField(
        _("measured"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(
        _("data source"), max_length=24, choices=DataSource.choices, default=DataSource.MANUAL
    )
    rollup = models.CharField(
        _("roll-up method"), max_length=16, choices=Rollup.choices, blank=True
    )
    weight = models.DecimalField(
        _("weight in the parent's roll-up"), default=1, max_digits=8, decimal_places=3
    )
    source_parameter = models.ForeignKey(
        "process.Parameter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("process parameter"),
    )
    owner = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_objectives",
        verbose_name=_("owner"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Denormalised from the latest measurement, for the tree's traffic lights and filters.
    latest_value = models.DecimalField(_("latest value"), null=True, blank=True, **VALUE)
    latest_period_end = models.DateField(_("latest period"), null=True, blank=True)
    attainment = models.CharField(
        _("attainment"), max_length=10, choices=Attainment.choices, default=Attainment.NO_DATA
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "level", "name", "id"]
        indexes = [models.Index(fields=["enterprise", "is_active", "level"])]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.name

    @property
    def holder(self):
        """The department, position or employee the objective belongs to (None: enterprise)."""
        return {
            ObjectiveLevel.DEPARTMENT: self.department,
            ObjectiveLevel.POSITION: self.position,
            ObjectiveLevel.EMPLOYEE: self.employee,
        }.get(self.level)


class ObjectiveMeasurement(TimeStamped):
    """The objective's value for one period (weekly, monthly, quarterly or yearly), with the
    attainment it was judged to have when recorded."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), **VALUE)
    attainment = models.CharField(_("attainment"), max_length=10, choices=Attainment.choices)
    origin = models.CharField(_("recorded as"), max_length=24, choices=DataSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_end"], name="objective_measurement_period_unique"
            )
        ]
        verbose_name = _("objective measurement")
        verbose_name_plural = _("objective measurements")

    def __str__(self) -> str:
        return f"{self.objective} {self.period_end}: {self.value}"
