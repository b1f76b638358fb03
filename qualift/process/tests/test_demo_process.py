"""The demo's key process control (issue 4 §8): every demo manufacturer gets key processes with
parameters and months of readings that include a real shift and a trend, so alarms, capability
and the dashboard look like a real shop; seeding twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Max, Min
from django.utils import timezone

from qualift.core.audit import verify_chain
from qualift.core.demo import enterprise_specs, seed_demo
from qualift.core.demo.data import ENTERPRISES
from qualift.core.demo.process.catalogue import SECTORS, TEMPLATE_BY_DIVISION, template_for
from qualift.core.demo.process.seed import is_manufacturer
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Enterprise
from qualift.improvement.models import Nonconformity
from qualift.process.choices import AlarmMode, AlarmStatus, Health
from qualift.process.models import (
    Alarm,
    ControlPoint,
    Equipment,
    Gauge,
    LimitSet,
    Measurement,
    MeasurementBatch,
    Parameter,
    Process,
)

MODELS = (
    Process,
    ControlPoint,
    Parameter,
    Gauge,
    Equipment,
    Measurement,
    MeasurementBatch,
    LimitSet,
    Alarm,
    Nonconformity,
    AuditEvent,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def _without_quality_year(monkeypatch):
    # The quality year is covered by qualift/core/tests/test_demo.py; skipping it here keeps
    # this test to the process demo (most of the remaining time).
    monkeypatch.setattr("qualift.core.demo.seed.seed_quality", lambda *args, **kwargs: None)


def test_catalogue_covers_every_demo_manufacturer_with_consistent_templates():
    divisions = {row.division for row in ENTERPRISES}
    makers = [row for row in ENTERPRISES if row.division in TEMPLATE_BY_DIVISION]
    assert len(makers) >= 20  # the demo's factories; service firms have no template
    assert template_for("65") is None and template_for("70") is None  # software, property
    assert divisions & set(TEMPLATE_BY_DIVISION) == {r.division for r in makers}
    one_sided = 0
    for name, sector in SECTORS.items():
        gauges = {g.code for g in sector.gauges}
        machines = {e.code for e in sector.equipment}
        keys = [p for p in sector.processes if p.key]
        assert len(keys) >= 2 and any(not p.key for p in sector.processes), name
        params = [t for p in keys for c in p.points for t in c.params]
        assert {t.chart for t in params} >= {"p"} and any(t.chart != "p" for t in params), name
        for process in sector.processes:
            assert set(process.equipment) <= machines, (name, process.code)
            for text in (process.name, process.inputs, process.outputs, process.people):
                assert "|" in text, (name, text)  # both languages
        for t in params:
            assert t.gauge in gauges, (name, t.name)
            assert "|" in t.name and "|" in t.reaction, (name, t.name)
            if t.chart == "p":
                assert t.n > 0 and 0 < t.p0 < 0.2 and t.lsl is None and t.usl is None
                continue
            assert t.lsl is not None or t.usl is not None, (name, t.name)
            if (t.lsl is None) != (t.usl is None):
                one_sided += 1
                assert t.mean is not None
            middle = t.mean if t.mean is not None else t.target
            assert t.lsl is None or middle > t.lsl
            assert t.usl is None or middle < t.usl
            if t.chart == "xbar-r":
                assert t.n == 5
    assert one_sided >= 3


@pytest.mark.django_db
def test_demo_gives_every_manufacturer_key_process_control_once(_without_quality_year):
    now = timezone.now()
    first = seed_demo()
    after_first = _counts()
    second = seed_demo()
    assert _counts() == after_first  # the second run makes nothing
    assert first.created["processes"] and first.created["readings"]
    assert not second.changed

    specs = enterprise_specs()
    makers = {s.uscc for s in specs if is_manufacturer(s)}
    services = {s.uscc for s in specs if not is_manufacturer(s)}
    assert len(makers) >= 20 and services
    by_uscc = {e.uscc: e for e in Enterprise.objects.all()}
    maker_ids = {by_uscc[u].pk for u in makers}
    assert not Process.objects.filter(enterprise__uscc__in=services).exists()

    key_processes = dict(
        Process.objects.filter(is_key=True)
        .values_list("enterprise")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert set(key_processes) == maker_ids
    assert all(2 <= n <= 4 for n in key_processes.values()), key_processes
    supporting = set(Process.objects.filter(is_key=False).values_list("enterprise", flat=True))
    assert supporting == maker_ids
    assert not Process.objects.filter(is_key=True, factor_machine="").exists()  # 6M noted
    with_readings = set(
        Measurement.objects.order_by().values_list("enterprise", flat=True).distinct()
    )
    assert with_readings == maker_ids

    # Parameters: X̄-R with subgroups of 5, I-MR, a p chart each; a one-sided specification.
    parameters = Parameter.objects.all()
    assert {p.chart_type for p in parameters} == {"xbar-r", "imr", "p"}
    assert all(p.subgroup_size == 5 for p in parameters.filter(chart_type="xbar-r"))
    assert parameters.filter(lsl__isnull=True, usl__isnull=False).exists()
    assert parameters.filter(lsl__isnull=False, usl__isnull=True).exists()
    for parameter in parameters:
        assert parameter.measurements.exists(), parameter
        assert LimitSet.objects.filter(parameter=parameter).count() == 1  # phase I frozen
    assert (
        set(parameters.filter(alarm_mode=AlarmMode.AUTOMATIC).values_list("enterprise", flat=True))
        == maker_ids
    )

    # Months of readings, none in the future, within the volume budget.
    span = Measurement.objects.aggregate(first=Min("taken_at"), last=Max("taken_at"))
    assert span["first"] <= now - dt.timedelta(days=110)
    assert span["last"] <= timezone.now()
    assert 30_000 <= Measurement.objects.count() <= 200_000

    # Alarms and nonconformities like a real shop: the shift's alarms were dealt with, the
    # trend's are open, the automatic parameters raised NCs by themselves.
    alarms = Alarm.objects.all()
    assert alarms.filter(status=AlarmStatus.OPEN).exists()
    assert alarms.filter(close_reason__contains="Cause found and removed").exists()
    raised = alarms.filter(status=AlarmStatus.NC_RAISED, nonconformity__isnull=False)
    assert raised.exists()
    assert all(a.parameter.alarm_mode == AlarmMode.AUTOMATIC for a in raised)
    assert (
        Nonconformity.objects.filter(
            pk__in=raised.values("nonconformity"), source="inspection"
        ).count()
        == raised.count()
    )
    assert not alarms.filter(created_at__gt=now).exists()  # dated when the readings were taken
    for alarm in alarms.order_by("?")[:30]:
        assert abs(alarm.created_at - alarm.taken_at) <= dt.timedelta(days=1)
    # Each firm drew up its map before its first reading.
    first_reading = dict(
        Measurement.objects.values_list("enterprise").annotate(at=Min("taken_at")).order_by()
    )
    for process in Process.objects.all():
        assert process.created_at < first_reading[process.enterprise_id], process

    # The dashboard: green, amber and red parameters; Cpk from poor to very good.
    health = set(parameters.values_list("health", flat=True))
    assert {Health.GREEN, Health.AMBER, Health.RED} <= health
    cpks = [c for c in parameters.values_list("health_cpk", flat=True) if c is not None]
    assert min(cpks) < 1.0 and max(cpks) > 1.6

    # Registers: an overdue gauge (its recent readings flagged) and overdue maintenance.
    assert any(g.calibration_overdue() for g in Gauge.objects.all())
    assert Measurement.objects.filter(gauge_overdue=True).exists()
    assert any(e.maintenance_overdue() for e in Equipment.objects.all())

    # Everything went through the services: one audit event per batch, chain intact.
    assert AuditEvent.objects.filter(verb="readings.record").count() == (
        MeasurementBatch.objects.count()
    )
    assert verify_chain().ok
