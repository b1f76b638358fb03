"""Key process control: the process map (processes, key control points, control parameters),
the equipment and gauge registers, measurements, frozen control limits and alarms.

Readings live in `Measurement`, the one table expected to grow to 10⁸ rows: it carries
`enterprise_id` (the distribution key when it is sharded, docs/scaling.md) and one composite index
for "one parameter, in subgroup order / over a time range".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.documents.models import ControlledDocument
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet
from qualift.process.choices import (
    ATTRIBUTE_CHARTS,
    SUBGROUP_CHARTS,
    AlarmMode,
    AlarmStatus,
    ChartType,
    Health,
    MeasurementSource,
    ParameterKind,
    RuleSet,
)

USER = settings.AUTH_USER_MODEL


class Process(TimeStamped):
    """A process of the enterprise (key or supporting), with its inputs, outputs and the six
    influencing factors (人机料法环测) noted in words."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    is_key = models.BooleanField(_("key process"), default=False)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=10)
    owner_name = models.CharField(_("owner"), max_length=100, blank=True)
    owner = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner (user)"),
    )
    description = models.TextField(_("description"), blank=True)
    inputs = models.TextField(_("inputs"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    factor_people = models.TextField(_("people (人)"), blank=True)
    factor_machine = models.TextField(_("machine (机)"), blank=True)
    factor_material = models.TextField(_("material (料)"), blank=True)
    factor_method = models.TextField(_("method (法)"), blank=True)
    factor_environment = models.TextField(_("environment (环)"), blank=True)
    factor_measurement = models.TextField(_("measurement (测)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "sequence", "code"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="process_code_unique")
        ]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ControlPoint(TimeStamped):
    """A key control point within a process: where in the flow something is checked."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="control_points")
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("where"), max_length=200, blank=True)
    description = models.TextField(_("what is controlled and why"), blank=True)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=10)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["process", "sequence", "id"]
        verbose_name = _("key control point")
        verbose_name_plural = _("key control points")

    def __str__(self) -> str:
        return self.name


class Equipment(TimeStamped):
    """A machine or installation in the equipment register, with its operating instruction and
    maintenance dates."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    model_number = models.CharField(_("model"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    process = models.ForeignKey(
        Process,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="equipment",
        verbose_name=_("process"),
    )
    operating_instruction = models.TextField(_("operating instruction"), blank=True)
    instruction_document = models.ForeignKey(
        ControlledDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("instruction document"),
    )
    last_maintained_on = models.DateField(_("last maintained"), null=True, blank=True)
    maintenance_interval_days = models.PositiveIntegerField(
        _("maintenance every (days)"), null=True, blank=True
    )
    next_maintenance_on = models.DateField(
        _("next maintenance"), null=True, blank=True, db_index=True
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "code"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="equipment_code_unique")
        ]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def maintenance_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(
            self.is_active and self.next_maintenance_on and self.next_maintenance_on < today
        )


class Gauge(TimeStamped):
    """A measuring instrument in the gauge register; readings taken with an overdue gauge are
    flagged wherever they are entered."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=100, blank=True)
    measuring_range = models.CharField(_("range"), max_length=100, blank=True)
    resolution = models.FloatField(_("resolution"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    last_calibrated_on = models.DateField(_("last calibrated"), null=True, blank=True)
    calibration_interval_months = models.PositiveSmallIntegerField(
        _("calibrate every (months)"), default=12
    )
    calibration_due = models.DateField(_("calibration due"), null=True, blank=True, db_index=True)
    certificate_ref = models.CharField(_("calibration certificate"), max_length=100, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "code"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="gauge_code_unique")
        ]
        verbose_name = _("gauge")
        verbose_name_plural = _("gauges")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def calibration_overdue(self, today: dt.date | None = None) -> bool:
        """True when the calibration due date has passed (or no calibration is on record)."""
        today = today or timezone.localdate()
        return self.calibration_due is None or self.calibration_due < today


class Parameter(TimeStamped):
    """A key control parameter at a control point: what is measured, against which
    specification, how often, with which gauge, on which chart and rules, and what to do when it
    goes out of control."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    control_point = models.ForeignKey(
        ControlPoint, on_delete=models.CASCADE, related_name="parameters"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ParameterKind.choices, default=ParameterKind.VARIABLE
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    lsl = models.FloatField(_("lower specification limit"), null=True, blank=True)
    usl = models.FloatField(_("upper specification limit"), null=True, blank=True)
    subgroup_size = models.PositiveSmallIntegerField(_("subgroup size"), default=1)
    sample_size = models.PositiveIntegerField(
        _("sample size (attributes)"),
        null=True,
        blank=True,
        help_text=_("Units inspected per sample, for p, np and u charts."),
    )
    frequency = models.CharField(_("sampling frequency"), max_length=100, blank=True)
    method = models.TextField(_("measurement method"), blank=True)
    gauge = models.ForeignKey(
        Gauge,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parameters",
        verbose_name=_("gauge"),
    )
    reaction_plan = models.TextField(_("reaction plan"), blank=True)
    chart_type = models.CharField(
        _("chart"), max_length=10, choices=ChartType.choices, default=ChartType.IMR
    )
    rules = models.CharField(
        _("run rules"),
        max_length=30,
        default=RuleSet.WE,
        help_text=_('"we", "nelson", or a subset such as "we:1,4" or "nelson:1,2,5".'),
    )
    ewma_lambda = models.FloatField(_("EWMA λ"), null=True, blank=True)
    ewma_l = models.FloatField(_("EWMA L"), null=True, blank=True)
    cusum_k = models.FloatField(_("CUSUM k"), null=True, blank=True)
    cusum_h = models.FloatField(_("CUSUM h"), null=True, blank=True)
    alarm_mode = models.CharField(
        _("on an alarm"), max_length=10, choices=AlarmMode.choices, default=AlarmMode.ONE_CLICK
    )
    is_active = models.BooleanField(_("active"), default=True)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=10)
    # The next subgroup number to hand out (taken under SELECT … FOR UPDATE of this row).
    next_subgroup = models.PositiveIntegerField(default=1, editable=False)
    # The dashboard's traffic light, recomputed after every batch of readings and every freeze.
    health = models.CharField(
        _("status"), max_length=10, choices=Health.choices, default=Health.UNKNOWN
    )
    health_note = models.CharField(_("status note"), max_length=300, blank=True)
    health_cpk = models.FloatField(_("Cpk"), null=True, blank=True)
    health_at = models.DateTimeField(_("status computed"), null=True, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["control_point", "sequence", "id"]
        indexes = [models.Index(fields=["enterprise", "health"])]
        verbose_name = _("control parameter")
        verbose_name_plural = _("control parameters")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    @property
    def is_attribute(self) -> bool:
        return self.kind == ParameterKind.ATTRIBUTE

    def chart_options(self) -> dict:
        """The extra keyword arguments `analyze` takes for this parameter's chart."""
        if self.chart_type == ChartType.EWMA:
            return {
                "lambda_": self.ewma_lambda if self.ewma_lambda is not None else 0.2,
                "L": self.ewma_l if self.ewma_l is not None else 3.0,
            }
        if self.chart_type == ChartType.CUSUM:
            return {
                "k": self.cusum_k if self.cusum_k is not None else 0.5,
                "h": self.cusum_h if self.cusum_h is not None else 4.0,
            }
        return {}

    def clean(self) -> None:
        from qualift.process.spc.rules import parse_rules

        errors: dict[str, str] = {}
        attribute_chart = self.chart_type in ATTRIBUTE_CHARTS
        if attribute_chart and self.kind != ParameterKind.ATTRIBUTE:
            errors["chart_type"] = gettext("A p, np, c or u chart needs an attribute parameter.")
        if not attribute_chart and self.kind == ParameterKind.ATTRIBUTE:
            errors["chart_type"] = gettext("An attribute parameter needs a p, np, c or u chart.")
        if self.chart_type in SUBGROUP_CHARTS and (self.subgroup_size or 0) < 2:
            errors["subgroup_size"] = gettext("X̄-R and X̄-S charts need subgroups of 2 or more.")
        if self.chart_type == ChartType.IMR and self.subgroup_size != 1:
            errors["subgroup_size"] = gettext("An I-MR chart plots single readings (size 1).")
        if self.kind == ParameterKind.ATTRIBUTE:
            if self.lsl is not None or self.usl is not None:
                errors["lsl"] = gettext("Specification limits apply to variable parameters only.")
            if self.chart_type == ChartType.NP and not self.sample_size:
                errors["sample_size"] = gettext("An np chart needs a constant sample size.")
        if self.lsl is not None and self.usl is not None and self.lsl >= self.usl:
            errors["usl"] = gettext("The upper specification limit must be above the lower.")
        if self.target is not None:
            if (self.lsl is not None and self.target < self.lsl) or (
                self.usl is not None and self.target > self.usl
            ):
                errors["target"] = gettext("The target must lie within the specification.")
        try:
            parse_rules(self.rules)
        except ValueError as exc:
            errors["rules"] = str(exc)
        if errors:
            raise ValidationError(errors)


class MeasurementBatch(models.Model):
    """One submission of readings (a form entry, a file import, an API call). A bulk API call
    with an idempotency key is stored once: a retry answers with the stored batch."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=100, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=MeasurementSource.choices)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    count = models.PositiveIntegerField(_("readings"), default=0)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "key"],
                condition=~models.Q(key=""),
                name="measurement_batch_key_unique",
            )
        ]
        verbose_name = _("batch of readings")
        verbose_name_plural = _("batches of readings")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M} ({self.count})"


class Measurement(models.Model):
    """One reading. Variables: `value`; attributes: `count` (defects or defectives) out of
    `sample_size`. Readings sharing a `subgroup` number form one plotted point on X̄ charts."""

    id = models.BigAutoField(primary_key=True)
    # No single-column index: the composite index below serves every query, and each extra index
    # slows ingestion. enterprise_id is kept for tenancy and as the future distribution key.
    # Only `parameter` keeps a database constraint: PostgreSQL checks each deferred foreign key
    # row by row at commit, which doubled a 10⁶-reading import. The reading service checks that
    # the gauge and the enterprise are the parameter's; Django still cascades deletes.
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    parameter = models.ForeignKey(
        Parameter, on_delete=models.CASCADE, related_name="measurements", db_index=False
    )
    taken_at = models.DateTimeField(_("taken at"))
    subgroup = models.PositiveIntegerField(_("subgroup"))
    value = models.FloatField(_("value"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    operator_name = models.CharField(_("operator"), max_length=100, blank=True)
    gauge = models.ForeignKey(
        Gauge,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    gauge_overdue = models.BooleanField(_("gauge calibration overdue"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    batch = models.ForeignKey(
        MeasurementBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        # No default ordering: on a table of 10⁸ rows every query says which order it needs
        # (an implicit ORDER BY through parameter → process → enterprise made a DISTINCT crawl).
        ordering: list[str] = []
        indexes = [
            # The chart's query: one parameter in (subgroup, id) order; on PostgreSQL the value
            # rides in the index, so the scan needs no sort (docs/control-charts.md).
            models.Index(
                fields=["parameter", "subgroup", "id"],
                include=["value"],
                name="measurement_param_order",
            ),
            models.Index(fields=["parameter", "taken_at"], name="measurement_param_time"),
        ]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self) -> str:
        shown = self.value if self.value is not None else f"{self.count}/{self.sample_size}"
        return f"{self.parameter_id} #{self.subgroup}: {shown}"


class LimitSet(models.Model):
    """Control limits frozen from phase I data (versioned; who, when, why). Later readings are
    judged against the newest set; the analysis is re-run from `center` and `sigma`."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    parameter = models.ForeignKey(Parameter, on_delete=models.CASCADE, related_name="limit_sets")
    version = models.PositiveIntegerField(_("version"))
    chart_type = models.CharField(_("chart"), max_length=10, choices=ChartType.choices)
    center = models.FloatField(_("centre"))
    sigma = models.FloatField(_("sigma"))
    lcl = models.FloatField(_("LCL"), null=True, blank=True)
    ucl = models.FloatField(_("UCL"), null=True, blank=True)
    secondary_center = models.FloatField(_("centre of the R/S/MR chart"), null=True, blank=True)
    secondary_lcl = models.FloatField(_("LCL of the R/S/MR chart"), null=True, blank=True)
    secondary_ucl = models.FloatField(_("UCL of the R/S/MR chart"), null=True, blank=True)
    first_subgroup = models.PositiveIntegerField(_("phase I from subgroup"))
    last_subgroup = models.PositiveIntegerField(_("phase I to subgroup"))
    n_points = models.PositiveIntegerField(_("phase I points"))
    excluded_subgroups = models.JSONField(_("excluded subgroups"), default=list, blank=True)
    reason = models.TextField(_("why these limits"))
    frozen_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frozen_by_name = models.CharField(_("frozen by"), max_length=150, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["parameter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["parameter", "version"], name="limit_set_version")
        ]
        verbose_name = _("limit set")
        verbose_name_plural = _("limit sets")

    def __str__(self) -> str:
        return gettext("Limits v%(version)s") % {"version": self.version}


class Alarm(TimeStamped):
    """A run-rule violation found in newly entered readings. While the same rule keeps firing
    on following points, the open alarm grows (`last_subgroup`, `point_count`) instead of a new
    alarm opening for each point."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    parameter = models.ForeignKey(Parameter, on_delete=models.CASCADE, related_name="alarms")
    limit_set = models.ForeignKey(
        LimitSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule_family = models.CharField(_("rule set"), max_length=10)
    rule = models.PositiveSmallIntegerField(_("rule"))
    chart = models.CharField(_("chart"), max_length=10, default="", blank=True)
    first_subgroup = models.PositiveIntegerField(_("first subgroup"))
    last_subgroup = models.PositiveIntegerField(_("last subgroup"))
    point_count = models.PositiveIntegerField(_("points"), default=1)
    taken_at = models.DateTimeField(_("reading taken at"))
    value = models.FloatField(_("plotted value"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AlarmStatus.choices,
        default=AlarmStatus.OPEN,
        db_index=True,
    )
    snapshot = models.JSONField(_("chart snapshot"), default=dict, blank=True)
    nonconformity = models.ForeignKey(
        "improvement.Nonconformity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("nonconformity"),
    )
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("why it was closed"), blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["parameter", "status"]),
        ]
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")

    def __str__(self) -> str:
        return gettext("Alarm on %(parameter)s, rule %(rule)s") % {
            "parameter": self.parameter.name,
            "rule": self.rule,
        }
