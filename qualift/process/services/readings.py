"""Recording readings: one batch, all or nothing, numbered into subgroups, one audit event.

Every way in (the shop-floor form, a file import, the bulk API) ends in `record_readings`:
- every reading is checked first and every problem is reported (`ReadingsInvalid`, one
  `ReadingError(index, field, message)` each); nothing is stored unless all are good;
- subgroup labels (per batch, per parameter, in order of first appearance) become the
  parameter's next subgroup numbers, taken under a row lock on the parameter; unlabelled readings
  get one subgroup each, or consecutive blocks of the subgroup size on X̄ charts;
- each reading stores whether its gauge's calibration was overdue when it was recorded;
- an idempotency key makes a retried batch answer with the stored one instead of storing twice
  (the same key with different readings is refused: `IdempotencyConflict`);
- one audit event per batch, then `alarms.check_new_readings` once per parameter touched.

Readings are written without model instances -- COPY on PostgreSQL, parameterised INSERTs in
chunks elsewhere -- because 10⁶ readings from a file must land in seconds (docs/readings.md has
the figures). The rows are the same on both engines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_record
from qualift.enterprises.models import Enterprise
from qualift.process.choices import ChartType, MeasurementSource, ParameterKind
from qualift.process.models import Gauge, Measurement, MeasurementBatch, Parameter
from qualift.process.services import alarms as alarm_service
from qualift.tenancy.permissions import require

# Readings stamped a little ahead of the server's clock (a tablet's clock runs fast) are accepted.
CLOCK_SKEW = dt.timedelta(minutes=2)
MAX_INT = 2**31 - 1  # PositiveIntegerField on PostgreSQL
MAX_KEY = 100
MAX_OPERATOR = 100
MAX_NOTE = 300
INSERT_CHUNK = 10_000
# The charts whose attribute count is a number of defectives out of the sample (count ≤ size),
# and those that need a sample size at all.
BOUNDED_CHARTS = (ChartType.P, ChartType.NP)
SIZED_CHARTS = (ChartType.P, ChartType.NP, ChartType.U)
COLUMNS = (
    "enterprise_id",
    "parameter_id",
    "taken_at",
    "subgroup",
    "value",
    "count",
    "sample_size",
    "operator_name",
    "gauge_id",
    "gauge_overdue",
    "note",
    "batch_id",
)

# The columns' PostgreSQL types, for a binary COPY.
PG_TYPES = (
    "int8",
    "int8",
    "timestamptz",
    "int4",
    "float8",
    "int4",
    "int4",
    "text",
    "int8",
    "bool",
    "text",
    "int8",
)


@dataclass(slots=True)
class ReadingInput:
    """One reading to record. `subgroup` is a label within this batch (readings sharing a label
    form one subgroup); the stored subgroup number is assigned by the service."""

    parameter: Parameter
    taken_at: dt.datetime
    value: float | None = None
    count: int | None = None
    sample_size: int | None = None
    subgroup: str | int | None = None
    operator_name: str = ""
    gauge: Gauge | None = None
    note: str = ""


@dataclass
class BatchResult:
    """What a recorded (or replayed) batch did. `overdue_gauges` holds the gauges whose
    calibration was overdue; `subgroups` maps parameter id → (first, last) subgroup stored."""

    batch: MeasurementBatch
    created: bool
    count: int
    alarms: list = field(default_factory=list)
    overdue_gauges: list = field(default_factory=list)
    subgroups: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReadingError:
    """A problem with the reading at `index` (0-based, in the order given) in `field`."""

    index: int
    field: str
    message: str


class ReadingsInvalid(ValidationError):
    """Some readings are not valid; `reading_errors` lists every problem. As a ValidationError
    its fields are named "readings[3].value" (the bulk API's style)."""

    def __init__(self, reading_errors: list[ReadingError]):
        self.reading_errors = reading_errors
        messages: dict[str, list[str]] = {}
        for error in reading_errors:
            messages.setdefault(f"readings[{error.index}].{error.field}", []).append(error.message)
        super().__init__(messages)


class IdempotencyConflict(ValidationError):
    """The idempotency key was already used for a batch with different readings."""


class _Plan:
    """Per parameter: what its readings need, and the subgroups handed out so far."""

    __slots__ = (
        "parameter",
        "problem",
        "attribute",
        "grouped",
        "size",
        "needs_size",
        "bounded",
        "default_size",
        "default_gauge",
        "labels",
        "label_counts",
        "label_first",
        "next_offset",
        "block_offset",
        "block_count",
        "block_first",
    )

    def __init__(self, parameter: Parameter, enterprise: Enterprise):
        self.parameter = parameter
        self.problem = ""
        if parameter.enterprise_id != enterprise.pk:
            self.problem = _("This parameter belongs to another enterprise.")
        elif not parameter.is_active:
            self.problem = _("This parameter is no longer active; readings are not taken.")
        self.attribute = parameter.kind == ParameterKind.ATTRIBUTE
        # Variables on any chart but I-MR with a subgroup size above 1 are plotted per subgroup
        # (the same rule `series.load_series` groups by).
        self.grouped = (
            not self.attribute
            and parameter.chart_type != ChartType.IMR
            and (parameter.subgroup_size or 1) > 1
        )
        self.size = (parameter.subgroup_size or 1) if self.grouped else 1
        self.needs_size = parameter.chart_type in SIZED_CHARTS
        self.bounded = parameter.chart_type in BOUNDED_CHARTS
        self.default_size = parameter.sample_size
        self.default_gauge = parameter.gauge if parameter.gauge_id else None
        self.labels: dict[str, int] = {}
        self.label_counts: dict[str, int] = {}
        self.label_first: dict[str, int] = {}
        self.next_offset = 0
        self.block_offset = -1
        self.block_count = 0
        self.block_first = -1


def _number(value) -> float | None:
    """A finite float from an int or float (not a bool, not text), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        return None
    return number if math.isfinite(number) else None


def _whole(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _label(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _validate(enterprise: Enterprise, readings: Sequence[ReadingInput]):
    """Check every reading. Returns (errors, resolved rows, plans by parameter id, overdue
    gauges by id); a resolved row is (parameter id, taken_at, subgroup offset, value, count,
    sample size, operator, gauge id, gauge overdue, note).

    Written for 10⁶ readings: the parameter and gauge of consecutive readings are usually the
    same objects, so their checks are cached by identity and the common path is a few compares.
    """
    errors: list[ReadingError] = []
    add = errors.append
    resolved: list[tuple] = []
    keep = resolved.append
    plans: dict[int, _Plan] = {}
    gauges: dict[int, tuple[bool, bool]] = {}
    overdue: dict[int, Gauge] = {}
    today = timezone.localdate()
    latest = timezone.now() + CLOCK_SKEW
    enterprise_pk = enterprise.pk
    isfinite = math.isfinite
    msg_time = _("Enter the date and time the reading was taken.")
    msg_naive = _("Give the time with its time zone.")
    msg_future = _("A reading cannot be taken in the future.")
    msg_value = _("Enter the measured value (a finite number).")
    msg_not_count = _("This parameter takes a measured value, not a count.")
    msg_count = _("Enter the count: a whole number, 0 or more.")
    msg_size = _("Enter the sample size: a whole number above 0.")
    msg_no_size = _("Enter the sample size (the parameter has no default).")
    msg_not_value = _("This parameter takes a count, not a measured value.")
    msg_operator = _("At most %(n)d characters.") % {"n": MAX_OPERATOR}
    msg_note = _("At most %(n)d characters.") % {"n": MAX_NOTE}
    msg_gauge = _("This gauge belongs to another enterprise.")
    last_parameter = last_gauge = None
    plan: _Plan | None = None
    parameter_pk = 0
    gauge_pk = None
    gauge_ok, gauge_overdue = True, False
    for index, reading in enumerate(readings):
        parameter = reading.parameter
        if parameter is not last_parameter:
            parameter_pk = parameter.pk
            plan = plans.get(parameter_pk)
            if plan is None:
                plan = plans[parameter_pk] = _Plan(parameter, enterprise)
            last_parameter = parameter
        bad = False
        if plan.problem:
            add(ReadingError(index, "parameter", plan.problem))
            bad = True
        taken_at = reading.taken_at
        try:
            if taken_at > latest:
                add(ReadingError(index, "taken_at", msg_future))
                bad = True
        except TypeError:  # naive, or not a datetime at all
            naive = isinstance(taken_at, dt.datetime)
            add(ReadingError(index, "taken_at", msg_naive if naive else msg_time))
            bad = True
        value = count = size = None
        if plan.attribute:
            count = _whole(reading.count)
            if count is None or count < 0 or count > MAX_INT:
                add(ReadingError(index, "count", msg_count))
                bad = True
            size = reading.sample_size if reading.sample_size is not None else plan.default_size
            if size is None:
                if plan.needs_size:
                    add(ReadingError(index, "sample_size", msg_no_size))
                    bad = True
            elif _whole(size) is None or size <= 0 or size > MAX_INT:
                add(ReadingError(index, "sample_size", msg_size))
                bad = True
            elif plan.bounded and count is not None and count > size:
                add(
                    ReadingError(
                        index,
                        "count",
                        _("The count cannot exceed the sample size (%(n)d).") % {"n": size},
                    )
                )
                bad = True
            if reading.value is not None:
                add(ReadingError(index, "value", msg_not_value))
                bad = True
        else:
            value = reading.value
            if value.__class__ is not float or not isfinite(value):
                value = _number(value)
                if value is None:
                    add(ReadingError(index, "value", msg_value))
                    bad = True
            if reading.count is not None or reading.sample_size is not None:
                add(ReadingError(index, "count", msg_not_count))
                bad = True
        operator = reading.operator_name or ""
        if len(operator) > MAX_OPERATOR:
            add(ReadingError(index, "operator_name", msg_operator))
            bad = True
        note = reading.note or ""
        if len(note) > MAX_NOTE:
            add(ReadingError(index, "note", msg_note))
            bad = True
        gauge = reading.gauge
        if gauge is None:
            gauge = plan.default_gauge
        if gauge is not last_gauge:
            last_gauge = gauge
            if gauge is None:
                gauge_pk, gauge_ok, gauge_overdue = None, True, False
            else:
                gauge_pk = gauge.pk
                known = gauges.get(gauge_pk)
                if known is None:
                    known = gauges[gauge_pk] = (
                        gauge.enterprise_id == enterprise_pk,
                        gauge.calibration_overdue(today),
                    )
                    if known[0] and known[1]:
                        overdue[gauge_pk] = gauge
                gauge_ok, gauge_overdue = known
        if not gauge_ok:
            add(ReadingError(index, "gauge", msg_gauge))
            bad = True
        if plan.problem:
            continue
        label = reading.subgroup
        if label is not None:
            label = _label(label)
        if label is not None:
            offset = plan.labels.get(label)
            if offset is None:
                offset = plan.labels[label] = plan.next_offset
                plan.next_offset += 1
                plan.label_counts[label] = 0
                plan.label_first[label] = index
            seen = plan.label_counts[label] = plan.label_counts[label] + 1
            if seen > plan.size:
                add(ReadingError(index, "subgroup", _subgroup_full(label, plan.size)))
                bad = True
        else:
            if plan.block_count == 0 or plan.block_count >= plan.size:
                plan.block_offset = plan.next_offset
                plan.next_offset += 1
                plan.block_count = 0
                plan.block_first = index
            plan.block_count += 1
            offset = plan.block_offset
        if not bad:
            keep(
                (
                    parameter_pk,
                    taken_at,
                    offset,
                    value,
                    count,
                    size,
                    operator,
                    gauge_pk,
                    gauge_overdue,
                    note,
                )
            )
    for plan in plans.values():
        if not plan.grouped:
            continue
        # An X̄ point needs at least two readings; a short last subgroup of two or more is fine.
        for label, seen in plan.label_counts.items():
            if seen < 2:
                add(
                    ReadingError(
                        plan.label_first[label], "subgroup", _subgroup_short(label, plan.size)
                    )
                )
        if plan.block_count == 1:
            add(ReadingError(plan.block_first, "subgroup", _subgroup_short("", plan.size)))
    if errors:
        errors.sort(key=lambda e: e.index)
    return errors, resolved, plans, overdue


def _subgroup_full(label: str, size: int) -> str:
    if size == 1:
        return _(
            "Subgroup %(label)s already has a reading; this chart takes one reading per subgroup."
        ) % {"label": label}
    return _("Subgroup %(label)s has more readings than the subgroup size (%(n)d).") % {
        "label": label,
        "n": size,
    }


def _subgroup_short(label: str, size: int) -> str:
    if label:
        return _(
            "Subgroup %(label)s has only one reading; subgroups of this X̄ chart need %(n)d "
            "readings (at least 2)."
        ) % {"label": label, "n": size}
    return _(
        "The last subgroup has only one reading; subgroups of this X̄ chart need %(n)d readings "
        "(at least 2)."
    ) % {"n": size}


def check_readings(*, enterprise: Enterprise, readings: Sequence[ReadingInput]) -> list:
    """Every problem in `readings` (empty when all can be recorded); nothing is written."""
    return _validate(enterprise, readings)[0]


def _stamp(value) -> str:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return repr(value.timestamp())
    return repr(value)


def fingerprint(readings: Sequence[ReadingInput]) -> str:
    """sha256 of the readings as given, normalised (times as UTC instants, values as floats), so
    the same batch sent again in another JSON layout or time zone has the same fingerprint."""
    digest = hashlib.sha256()
    lines = []
    for r in readings:
        value = r.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = float(value)
        lines.append(
            "\x1f".join(
                (
                    str(r.parameter.pk),
                    _stamp(r.taken_at),
                    repr(_label(r.subgroup)),
                    repr(value),
                    repr(r.count),
                    repr(r.sample_size),
                    repr(r.operator_name or ""),
                    repr(r.gauge.pk if r.gauge is not None else None),
                    repr(r.note or ""),
                )
            )
        )
    digest.update("\x1e".join(lines).encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def _overdue_gauges_of(readings: Sequence[ReadingInput]) -> list[Gauge]:
    today = timezone.localdate()
    found: dict[int, Gauge] = {}
    parameters: set[int] = set()
    for r in readings:
        if r.gauge is not None:
            found.setdefault(r.gauge.pk, r.gauge)
        elif r.parameter.pk not in parameters:
            parameters.add(r.parameter.pk)
            if r.parameter.gauge_id:
                found.setdefault(r.parameter.gauge_id, r.parameter.gauge)
    return sorted((g for g in found.values() if g.calibration_overdue(today)), key=lambda g: g.code)


def _replay(batch: MeasurementBatch, digest: str, readings) -> BatchResult:
    if batch.fingerprint != digest:
        raise IdempotencyConflict(
            _(
                "This idempotency key was already used for different readings (batch %(id)s); "
                "use a new key for a new batch."
            )
            % {"id": batch.pk},
            code="conflict",
        )
    return BatchResult(
        batch=batch,
        created=False,
        count=batch.count,
        alarms=[],
        overdue_gauges=_overdue_gauges_of(readings),
    )


def _insert(rows: Iterable[tuple]) -> None:
    """Write the rows (tuples in COLUMNS order) on the service's connection and transaction.

    PostgreSQL: one COPY … FROM STDIN (psycopg's row-by-row executemany manages ~25,000
    rows/s; COPY ten times that). Other databases: parameterised INSERTs with executemany, in
    chunks (SQLite runs them in C)."""
    quote = connection.ops.quote_name
    table = quote(Measurement._meta.db_table)
    columns = ", ".join(quote(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
            with cursor.cursor.copy(sql) as copy:
                copy.set_types(PG_TYPES)
                write = copy.write_row
                for row in rows:
                    write(row)
            return
        marks = ", ".join(["%s"] * len(COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        rows = iter(rows)
        while chunk := list(islice(rows, INSERT_CHUNK)):
            cursor.executemany(sql, chunk)


def _store(
    *,
    actor,
    enterprise: Enterprise,
    resolved: list[tuple],
    plans: dict[int, _Plan],
    overdue: dict[int, Gauge],
    source: str,
    key: str,
    digest: str,
    filename: str,
) -> BatchResult:
    batch = MeasurementBatch.objects.create(
        enterprise=enterprise,
        key=key,
        fingerprint=digest,
        source=source,
        filename=filename[:255],
        count=len(resolved),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    locked = {
        p.pk: p
        for p in Parameter.objects.select_for_update().filter(pk__in=list(plans)).order_by("pk")
    }
    first: dict[int, int] = {}
    for pk in plans:
        fresh = locked.get(pk)
        if fresh is None or not fresh.is_active:
            raise ValidationError(
                {"parameter": _("This parameter is no longer active; readings are not taken.")}
            )
        first[pk] = fresh.next_subgroup
    enterprise_pk, batch_pk = enterprise.pk, batch.pk
    if connection.vendor == "sqlite":
        # The text Django's SQLite backend stores for an aware datetime: naive UTC,
        # "YYYY-MM-DD HH:MM:SS[.ffffff]".
        utc = dt.UTC
        rows = (
            (
                enterprise_pk,
                p,
                str(t.astimezone(utc).replace(tzinfo=None)),
                first[p] + o,
                v,
                c,
                s,
                op,
                g,
                od,
                note,
                batch_pk,
            )
            for (p, t, o, v, c, s, op, g, od, note) in resolved
        )
    else:
        rows = (
            (enterprise_pk, p, t, first[p] + o, v, c, s, op, g, od, note, batch_pk)
            for (p, t, o, v, c, s, op, g, od, note) in resolved
        )
    _insert(rows)
    subgroups: dict[int, tuple[int, int]] = {}
    for pk, plan in plans.items():
        following = first[pk] + plan.next_offset
        Parameter.objects.filter(pk=pk).update(next_subgroup=following)
        locked[pk].next_subgroup = plan.parameter.next_subgroup = following
        subgroups[pk] = (first[pk], following - 1)
    audit_record(
        actor=actor,
        verb="readings.record",
        target=batch,
        organization=enterprise.organization,
        enterprise_id=enterprise.pk,
        after={"count": len(resolved), "parameters": list(plans), "source": source, "key": key},
    )
    alarms: list = []
    for pk in plans:
        alarms += alarm_service.check_new_readings(
            actor=actor, parameter=locked[pk], first_subgroup=first[pk]
        )
    return BatchResult(
        batch=batch,
        created=True,
        count=len(resolved),
        alarms=alarms,
        overdue_gauges=sorted(overdue.values(), key=lambda g: g.code),
        subgroups=subgroups,
    )


def stored_batch(enterprise: Enterprise, key: str) -> MeasurementBatch | None:
    """The enterprise's batch recorded under the idempotency `key`, if any."""
    return MeasurementBatch.objects.filter(enterprise=enterprise, key=key).first()


def record_readings(
    *,
    actor,
    enterprise: Enterprise,
    readings: Sequence[ReadingInput],
    source: str,
    key: str = "",
    filename: str = "",
) -> BatchResult:
    """Record a batch of readings of one enterprise, all or nothing (see the module docstring).

    Raises PermissionDenied without measurement.create, ReadingsInvalid listing every bad
    reading, IdempotencyConflict when `key` was used for other readings. With a known `key` and
    the same readings, answers the stored batch with `created=False` and stores nothing."""
    require(actor, "measurement.create", [enterprise.organization_id])
    key = (key or "").strip()
    if len(key) > MAX_KEY:
        raise ValidationError({"idempotency_key": _("At most %(n)d characters.") % {"n": MAX_KEY}})
    if source not in MeasurementSource.values:
        raise ValidationError({"source": _("Unknown source of readings.")})
    if not readings:
        raise ValidationError(_("There are no readings to record."))
    digest = fingerprint(readings) if key else ""
    if key:
        stored = stored_batch(enterprise, key)
        if stored is not None:
            return _replay(stored, digest, readings)
    errors, resolved, plans, overdue = _validate(enterprise, readings)
    if errors:
        raise ReadingsInvalid(errors)
    try:
        with transaction.atomic():
            return _store(
                actor=actor,
                enterprise=enterprise,
                resolved=resolved,
                plans=plans,
                overdue=overdue,
                source=source,
                key=key,
                digest=digest,
                filename=filename,
            )
    except IntegrityError:
        # Two requests with the same key raced past the lookup above: the loser answers as a
        # replay of the winner's batch (or the conflict, when its readings differ).
        stored = stored_batch(enterprise, key) if key else None
        if stored is None:
            raise
        return _replay(stored, digest, readings)


def record_subgroup(
    *,
    actor,
    parameter: Parameter,
    values: list[float] | None = None,
    count: int | None = None,
    sample_size: int | None = None,
    taken_at: dt.datetime | None = None,
    operator_name: str = "",
    gauge: Gauge | None = None,
    note: str = "",
) -> BatchResult:
    """Record one subgroup from the entry form: the values of one subgroup (variables), or a
    count out of a sample (attributes). Errors come back per field ("value", "count", …)."""
    taken_at = taken_at or timezone.now()
    common = {
        "parameter": parameter,
        "taken_at": taken_at,
        "subgroup": "1",
        "operator_name": operator_name or "",
        "gauge": gauge,
        "note": note or "",
    }
    if parameter.is_attribute:
        readings = [ReadingInput(count=count, sample_size=sample_size, **common)]
    else:
        present = [v for v in (values or []) if v is not None]
        if not present:
            raise ValidationError({"value": _("Enter the measured value.")})
        readings = [ReadingInput(value=v, **common) for v in present]
    try:
        return record_readings(
            actor=actor,
            enterprise=parameter.enterprise,
            readings=readings,
            source=MeasurementSource.FORM,
        )
    except ReadingsInvalid as exc:
        by_field: dict[str, list[str]] = {}
        for error in exc.reading_errors:
            messages = by_field.setdefault(error.field, [])
            if error.message not in messages:
                messages.append(error.message)
        raise ValidationError(by_field) from exc
