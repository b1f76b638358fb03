"""Seeding key process control for every demo manufacturer, through the services.

For each manufacturer (service firms are skipped) `_Shop` picks from its sector's template
(`catalogue`) two to four key processes and one or two supporting ones, builds the gauge and
equipment registers and the process map, then writes four to six months of readings per
parameter, one `record_readings` call per phase:

- phase I (the first 25–30 points, stable) → `freeze_limits`; alarms on the trial limits closed;
- stable production, with normal noise around the target; the firm's σ is drawn so that Cpk
  lies between about 0.8 and 2 (false alarms are checked and closed, except fresh ones);
- a real mean SHIFT of 1.5–2 σ for a dozen or more points half-way through (cause found and
  the alarms closed), a TREND at the end (tool wear, drift: its alarms are still open, and
  where capability is poor the last readings leave the specification: red), and a one-day
  SPIKE of defectives on the p chart;
- the p chart's parameter is switched to raise nonconformities automatically once its limits
  are frozen, so its alarms raise NCs by themselves.

Some firms have a gauge whose calibration is overdue (a spare taken into use for the last days,
so those readings carry the overdue flag) and a machine whose maintenance is overdue.

Afterwards the records' own timestamps are moved back to the times they stand for (readings are
written with their real `taken_at`); the audit trail keeps the real seeding time, as in the
quality demo. A manufacturer that already has any process is left alone, so a second
`qualift demo` changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.utils import timezone

from qualift.core.demo.data import GIVEN, SEED, SURNAMES, EnterpriseSpec
from qualift.core.demo.process.catalogue import (
    CALIBRATION_CERT,
    CAUSE_REMOVED,
    FALSE_ALARM,
    PHASE1_REASON,
    SPIKE_CLOSED,
    TRIAL_ALARM,
    EquipmentT,
    GaugeT,
    ParamT,
    ProcessT,
    SectorT,
    template_for,
)
from qualift.improvement.models import Nonconformity
from qualift.process.choices import AlarmMode, AlarmStatus, MeasurementSource, ParameterKind
from qualift.process.health import refresh_health
from qualift.process.models import (
    Alarm,
    ControlPoint,
    Equipment,
    Gauge,
    LimitSet,
    MeasurementBatch,
    Parameter,
    Process,
)
from qualift.process.services.alarms import alarm_close
from qualift.process.services.limits import freeze_limits
from qualift.process.services.process_map import (
    control_point_save,
    equipment_save,
    gauge_save,
    parameter_save,
    process_save,
)
from qualift.process.services.readings import ReadingInput, record_readings

if TYPE_CHECKING:
    from qualift.core.demo.seed import DemoResult
    from qualift.enterprises.models import Enterprise
    from qualift.tenancy.models import User

Progress = Callable[[str, int, int], None]

# Times of day of the plotted points, by points a working day (Sunday is a rest day).
SLOTS = {
    1: ((10, 0),),
    2: ((9, 0), (15, 0)),
    3: ((8, 30), (14, 30), (20, 30)),
    4: ((8, 0), (10, 30), (14, 0), (16, 30)),
}
FRESH_DAYS = 7  # alarms younger than this are still waiting for the steward
# Capability drawn per parameter: mostly capable, a few poor (Cpk < 1) and a few excellent.
CPK_CHOICES = (0.85, 1.0, 1.15, 1.25, 1.35, 1.45, 1.6, 1.7, 1.85, 2.0)


def _bi(text: str) -> tuple[str, str]:
    """Split "中文|English" into ("中文", "English")."""
    zh, _sep, en = text.partition("|")
    return zh, en


def _join(text: str) -> str:
    zh, en = _bi(text)
    return f"{zh} / {en}" if en and en != zh else zh


def is_manufacturer(spec: EnterpriseSpec) -> bool:
    return template_for(spec.row.division) is not None


def seed_process(
    result: DemoResult,
    *,
    specs: list[EnterpriseSpec],
    enterprises: dict[str, Enterprise],
    users: dict[str, User],
    seed: int = SEED,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Give every demo manufacturer without a process map its key process control."""
    now = now or timezone.now()
    makers = [s for s in specs if is_manufacturer(s)]
    targets = [enterprises[s.row.key].pk for s in makers]
    mapped = set(
        Process.objects.filter(enterprise_id__in=targets).values_list("enterprise_id", flat=True)
    )
    for done, spec in enumerate(makers, start=1):
        enterprise = enterprises[spec.row.key]
        if enterprise.pk not in mapped:
            actor = users.get(f"{spec.row.key}_steward")
            _Shop(result, enterprise, spec, actor, seed, now).seed()
        if progress:
            progress("process control", done, len(makers))


# ---------------------------------------------------------------- the plan of one parameter


@dataclass
class _Segment:
    start: int  # slot indices, stop exclusive
    stop: int
    kind: str  # phase1 | stable | shift | after | trend | spike
    spare: bool = False  # taken with the spare (overdue) gauge


@dataclass
class _Story:
    template: ParamT
    kind: str  # stable | shift | trend | shift+trend | spike
    automatic: bool = False
    spare_from: dt.datetime | None = None  # readings from then on use the overdue spare gauge


def _slots(per_day: int, start: dt.date, now: dt.datetime, rng: random.Random):
    """Aware datetimes of the plotted points from `start` until an hour before `now`."""
    tz = timezone.get_current_timezone()
    latest = now - dt.timedelta(hours=1)
    out = []
    day = start
    while day <= latest.date():
        if day.weekday() != 6:
            for hour, minute in SLOTS[per_day]:
                jitter = rng.randint(-20, 20)
                moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)
                moment += dt.timedelta(minutes=jitter)
                if moment <= latest:
                    out.append(moment)
        day += dt.timedelta(days=1)
    return out


class _Shop:
    """One manufacturer: registers, map, readings (see the module docstring)."""

    def __init__(self, result, enterprise, spec: EnterpriseSpec, actor, seed: int, now):
        self.result, self.enterprise, self.spec, self.actor = result, enterprise, spec, actor
        self.now = now
        self.today = timezone.localdate(now)
        self.rng = random.Random(f"{seed}:process:{spec.row.key}")
        self.np = np.random.default_rng(self.rng.getrandbits(64))
        self.sector: SectorT = template_for(spec.row.division)
        self.start = self.today - dt.timedelta(days=self.rng.randint(120, 180))
        self.gauges: dict[str, Gauge] = {}
        self.spares: dict[str, Gauge] = {}
        self.equipment: dict[str, Equipment] = {}
        self.created: list[tuple[type, int]] = []  # map records, dated before the first reading

    # -- the plan -----------------------------------------------------------------------------

    def _choose(self) -> list[ProcessT]:
        rng = self.rng
        keys = [p for p in self.sector.processes if p.key]
        support = [p for p in self.sector.processes if not p.key]
        with_p = [p for p in keys if any(t.chart == "p" for c in p.points for t in c.params)]
        others = [p for p in keys if p not in with_p]
        count = rng.randint(2, min(4, len(keys)))
        chosen = with_p[:1] + rng.sample(others, min(len(others), count - len(with_p[:1])))
        chosen += rng.sample(support, rng.randint(1, min(2, len(support))))
        return sorted(chosen, key=lambda p: p.code)

    def _stories(self, processes: list[ProcessT]) -> list[_Story]:
        params = [t for p in processes if p.key for c in p.points for t in c.params]
        variables = [t for t in params if t.chart != "p"]
        stories = {t.name: _Story(t, "spike" if t.chart == "p" else "stable") for t in params}
        xbar = [t for t in variables if t.chart == "xbar-r"]
        shifted = (xbar or variables)[0]
        rest = [t for t in variables if t is not shifted]
        if rest:
            stories[shifted.name].kind = "shift"
            stories[self.rng.choice(rest).name].kind = "trend"
        else:
            stories[shifted.name].kind = "shift+trend"
        for story in stories.values():
            if story.template.chart == "p":
                story.automatic = True
        # In some firms the usual gauge of one parameter went for repair and a spare whose
        # calibration is overdue was used for the last days.
        if self.rng.random() < 0.45:
            candidate = self.rng.choice(variables)
            stories[candidate.name].spare_from = self.now - dt.timedelta(
                days=self.rng.randint(4, 12)
            )
        return list(stories.values())

    # -- registers and map --------------------------------------------------------------------

    def seed(self) -> None:
        processes = self._choose()
        stories = {s.template.name: s for s in self._stories(processes)}
        used_gauges = {s.template.gauge for s in stories.values()}
        for g in self.sector.gauges:
            if g.code in used_gauges:
                self.gauges[g.code] = self._gauge(g)
        for story in stories.values():
            if story.spare_from is not None and story.template.gauge not in self.spares:
                base = next(g for g in self.sector.gauges if g.code == story.template.gauge)
                self.spares[base.code] = self._gauge(base, spare=True)
        overdue_machine = self.rng.random() < 0.4  # one machine's maintenance is overdue
        for process in processes:
            made = self._process(process)
            for code in process.equipment:
                template = next(e for e in self.sector.equipment if e.code == code)
                late = overdue_machine and not self.equipment
                self.equipment[code] = self._equipment(template, made, late)
            for c_index, point in enumerate(process.points, start=1):
                cp = control_point_save(
                    actor=self.actor,
                    process=made,
                    data={
                        "name": _join(point.name),
                        "location": _join(point.location),
                        "description": _join(point.description),
                        "sequence": c_index * 10,
                    },
                )
                self._made(ControlPoint, cp.pk, "key control points")
                for p_index, template in enumerate(point.params, start=1):
                    parameter = self._parameter(cp, template, stories[template.name], p_index)
                    self._readings(parameter, stories[template.name])
        self._date_map()

    def _made(self, model, pk: int, label: str) -> None:
        self.created.append((model, pk))
        self.result.created[label] += 1

    def _gauge(self, g: GaugeT, spare: bool = False) -> Gauge:
        rng = self.rng
        interval = g.interval_months
        if spare:
            # due some weeks ago: overdue
            last = self.today - dt.timedelta(days=interval * 30 + rng.randint(15, 45))
        else:
            last = self.today - dt.timedelta(days=rng.randint(20, interval * 30 - 40))
        zh, en = _bi(g.name)
        name = f"{zh}（备用）|{en} (spare)" if spare else g.name
        gauge = gauge_save(
            actor=self.actor,
            enterprise=self.enterprise,
            data={
                "code": f"{g.code}B" if spare else g.code,
                "name": _join(name),
                "kind": _join(g.kind),
                "measuring_range": g.measuring_range,
                "resolution": g.resolution,
                "location": _join("质检室|Quality lab"),
                "last_calibrated_on": last,
                "calibration_interval_months": interval,
                "certificate_ref": CALIBRATION_CERT
                % {"year": last.year, "n": rng.randint(1, 9999)},
            },
        )
        self._made(Gauge, gauge.pk, "gauges")
        return gauge

    def _equipment(self, e: EquipmentT, process: Process, late: bool) -> Equipment:
        rng = self.rng
        if late:
            last = self.today - dt.timedelta(days=e.interval_days + rng.randint(5, 25))
        else:
            last = self.today - dt.timedelta(days=rng.randint(2, max(3, e.interval_days - 5)))
        equipment = equipment_save(
            actor=self.actor,
            enterprise=self.enterprise,
            data={
                "code": e.code,
                "name": _join(e.name),
                "model_number": e.model_number,
                "location": _join(e.location),
                "process": process,
                "operating_instruction": _join(e.instruction),
                "last_maintained_on": last,
                "maintenance_interval_days": e.interval_days,
            },
        )
        self._made(Equipment, equipment.pk, "equipment")
        return equipment

    def _person(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(SURNAMES) + given

    def _process(self, p: ProcessT) -> Process:
        owner = self.spec.steward_name if p.key else self._person()
        data = {
            "code": p.code,
            "name": _join(p.name),
            "is_key": p.key,
            "sequence": int(p.code[1:]),
            "owner_name": owner,
            "inputs": _join(p.inputs),
            "outputs": _join(p.outputs),
            "factor_people": _join(p.people),
            "factor_machine": _join(p.machine),
            "factor_material": _join(p.material),
            "factor_method": _join(p.method),
            "factor_environment": _join(p.environment),
            "factor_measurement": _join(p.measurement),
        }
        if p.key and self.actor is not None:
            data["owner"] = self.actor
        process = process_save(actor=self.actor, enterprise=self.enterprise, data=data)
        self._made(Process, process.pk, "processes")
        return process

    def _sigma(self, t: ParamT) -> tuple[float, float]:
        """(process mean, within σ of one reading) giving the Cpk drawn for this firm."""
        rng = self.rng
        cpk = rng.choice(CPK_CHOICES)
        floor = 1.5 * 10.0 ** (-t.decimals)  # not finer than the gauge can tell
        if t.lsl is not None and t.usl is not None:
            half = (t.usl - t.lsl) / 2
            centre = t.target if t.target is not None else (t.lsl + t.usl) / 2
            offset = rng.uniform(-0.2, 0.2) * half
            mean = centre + offset
            sigma = (half - abs(offset)) / (3 * cpk)
        else:
            mean = t.mean if t.mean is not None else t.target
            limit = t.lsl if t.lsl is not None else t.usl
            sigma = abs(mean - limit) / (3 * cpk)
            if t.lsl is None:  # roughness, colour difference: never below 0
                sigma = min(sigma, mean / 3.5)
        return mean, max(sigma, floor)

    def _parameter(self, cp: ControlPoint, t: ParamT, story: _Story, index: int) -> Parameter:
        attribute = t.chart == "p"
        data = {
            "name": _join(t.name),
            "kind": ParameterKind.ATTRIBUTE if attribute else ParameterKind.VARIABLE,
            "unit": t.unit,
            "target": t.target,
            "lsl": t.lsl,
            "usl": t.usl,
            "subgroup_size": t.n if t.chart == "xbar-r" else 1,
            "sample_size": t.n if attribute else None,
            "frequency": _join(t.frequency),
            "method": _join(t.method),
            "gauge": self.gauges[t.gauge],
            "reaction_plan": _join(t.reaction),
            "chart_type": t.chart,
            # the automatic parameter raises an NC for a point beyond its limits only
            "rules": "we:1" if story.automatic else t.rules,
            "alarm_mode": AlarmMode.ONE_CLICK,
            "sequence": index * 10,
        }
        parameter = parameter_save(actor=self.actor, control_point=cp, data=data)
        self._made(Parameter, parameter.pk, "control parameters")
        return parameter

    # -- readings -----------------------------------------------------------------------------

    def _segments(self, story: _Story, slots: list[dt.datetime]) -> list[_Segment]:
        rng, total = self.rng, len(slots)
        phase1 = rng.randint(25, 30)
        cuts = [(0, "phase1"), (phase1, "stable")]
        if story.kind in ("shift", "shift+trend"):
            at = int(total * rng.uniform(0.45, 0.65))
            cuts += [(at, "shift"), (at + rng.randint(12, 20), "after")]
        if story.kind in ("trend", "shift+trend"):
            cuts.append((total - rng.randint(15, 25), "trend"))
        if story.kind == "spike":
            at = int(total * rng.uniform(0.5, 0.75))
            cuts += [(at, "spike"), (at + 1, "after")]
        segments = [
            _Segment(a, b, kind)
            for (a, kind), (b, _next) in zip(cuts, [*cuts[1:], (total, "")], strict=True)
            if b > a
        ]
        if story.spare_from is not None:
            split = next((i for i, s in enumerate(slots) if s >= story.spare_from), total)
            out = []
            for seg in segments:
                if seg.start < split < seg.stop:
                    out += [
                        _Segment(seg.start, split, seg.kind),
                        _Segment(split, seg.stop, seg.kind, spare=True),
                    ]
                else:
                    out.append(_Segment(seg.start, seg.stop, seg.kind, spare=seg.start >= split))
            segments = out
        return segments

    def _offsets(self, segments: list[_Segment], total: int, sigma: float, t: ParamT):
        """Mean offset of every slot: a shift of 1.5–2 σ and a trend ramping to 3–4 σ, towards
        the one specification limit, or either of two."""
        offset = np.zeros(total)
        up = -1.0 if t.usl is None or (t.lsl is not None and self.rng.random() < 0.5) else 1.0
        for seg in segments:
            if seg.kind == "shift":
                offset[seg.start : seg.stop] = up * self.rng.uniform(1.5, 2.0) * sigma
            elif seg.kind == "trend":
                ramp = np.linspace(0.0, self.rng.uniform(3.0, 4.0), seg.stop - seg.start + 1)[1:]
                offset[seg.start : seg.stop] = up * ramp * sigma
        return offset

    def _readings(self, parameter: Parameter, story: _Story) -> None:
        t = story.template
        slots = _slots(t.per_day, self.start, self.now, self.rng)
        segments = self._segments(story, slots)
        merged: list[_Segment] = []
        for seg in segments:  # a trend split by the spare gauge is one ramp
            if merged and merged[-1].kind == seg.kind == "trend":
                merged[-1] = _Segment(merged[-1].start, seg.stop, "trend")
            else:
                merged.append(seg)
        total = len(slots)
        if t.chart == "p":
            spike = np.zeros(total)
            for seg in segments:
                if seg.kind == "spike":
                    spike[seg.start : seg.stop] = 1.0
            values = self._counts(t, segments, spike)
        else:
            mean, sigma = self._sigma(t)
            offset = self._offsets(merged, total, sigma, t)
            size = t.n if t.chart == "xbar-r" else 1
            noise = self.np.normal(0.0, sigma, size=(total, size))
            values = np.round(mean + offset[:, None] + noise, t.decimals)
            if t.lsl is None:
                values = np.maximum(values, 0.0)
        spare = self.spares.get(t.gauge)
        operators = [self._person() for _ in range(3)]
        for number, seg in enumerate(segments):
            gauge = spare if seg.spare and spare is not None else self.gauges[t.gauge]
            readings = []
            for i in range(seg.start, seg.stop):
                operator = operators[(i // max(1, t.per_day)) % 3]
                common = {
                    "parameter": parameter,
                    "subgroup": str(i),
                    "operator_name": operator,
                    "gauge": gauge,
                }
                if t.chart == "p":
                    readings.append(
                        ReadingInput(
                            taken_at=slots[i], count=int(values[i]), sample_size=t.n, **common
                        )
                    )
                else:
                    for j, value in enumerate(values[i]):
                        readings.append(
                            ReadingInput(
                                taken_at=slots[i] + dt.timedelta(minutes=j),
                                value=float(value),
                                **common,
                            )
                        )
            batch = record_readings(
                actor=self.actor,
                enterprise=self.enterprise,
                readings=readings,
                source=MeasurementSource.DEMO,
            )
            self.result.created["readings"] += batch.count
            last_at = slots[seg.stop - 1]
            MeasurementBatch.objects.filter(pk=batch.batch.pk).update(
                created_at=min(last_at + dt.timedelta(minutes=15), self.now)
            )
            first, last = batch.subgroups[parameter.pk]
            self._date_alarms(parameter, last_at)
            if seg.kind == "phase1":
                self._freeze(parameter, first, last, last_at, story)
            else:
                self._react(parameter, seg, story, last_at, number == len(segments) - 1)
        refresh_health(parameter)

    def _counts(self, t: ParamT, segments: list[_Segment], spike: np.ndarray) -> np.ndarray:
        """Defectives per sample: binomial around p0, one day's spike well beyond the limit.
        After phase I the ordinary days stay within the limit frozen from it, so the parameter
        that raises nonconformities by itself raises one, for the real spike."""
        counts = self.np.binomial(t.n, t.p0, size=spike.shape[0])
        k = segments[0].stop
        pbar = counts[:k].sum() / (k * t.n)
        cap = int(np.floor(t.n * (pbar + 3 * np.sqrt(pbar * (1 - pbar) / t.n)) - 1e-9))
        for i in range(k, counts.shape[0]):
            if spike[i]:
                counts[i] = max(self.np.binomial(t.n, min(0.5, 4 * t.p0)), cap + 3)
            else:
                while counts[i] > cap:
                    counts[i] = self.np.binomial(t.n, t.p0)
        return counts

    def _freeze(self, parameter: Parameter, first: int, last: int, at, story: _Story) -> None:
        limit_set = freeze_limits(
            actor=self.actor,
            parameter=parameter,
            first_subgroup=first,
            last_subgroup=last,
            reason=_join(PHASE1_REASON % {"n": last - first + 1}),
        )
        frozen_at = min(at + dt.timedelta(hours=1), self.now)
        LimitSet.objects.filter(pk=limit_set.pk).update(frozen_at=frozen_at)
        self._close(parameter, TRIAL_ALARM, frozen_at, fresh_too=True)
        if story.automatic:
            parameter_save(
                actor=self.actor,
                control_point=parameter.control_point,
                parameter=parameter,
                data={"alarm_mode": AlarmMode.AUTOMATIC},
            )
            Parameter.objects.filter(pk=parameter.pk).update(updated_at=frozen_at)

    def _react(self, parameter: Parameter, seg: _Segment, story: _Story, at, final: bool):
        """What the steward did about the alarms of a segment once it was over."""
        if seg.kind == "trend" or (final and seg.kind == "shift"):
            return  # still going on: the alarms wait for the steward
        reply = {
            "shift": CAUSE_REMOVED
            % {
                "plan": _bi(story.template.reaction)[0],
                "plan_en": _bi(story.template.reaction)[1],
            },
            "spike": SPIKE_CLOSED,
        }.get(seg.kind, FALSE_ALARM)
        closed_at = min(at + dt.timedelta(hours=self.rng.randint(2, 30)), self.now)
        self._close(parameter, reply, closed_at, fresh_too=False)

    def _close(self, parameter: Parameter, reason: str, closed_at, *, fresh_too: bool) -> None:
        """Close the parameter's open alarms (not those raised as NCs); fresh ones stay open
        unless `fresh_too`."""
        alarms = Alarm.objects.filter(parameter=parameter, status=AlarmStatus.OPEN)
        if not fresh_too:
            alarms = alarms.filter(taken_at__lt=self.now - dt.timedelta(days=FRESH_DAYS))
        for alarm in alarms.select_related("enterprise"):
            closed = alarm_close(actor=self.actor, alarm=alarm, reason=_join(reason))
            moment = max(closed_at, alarm.taken_at + dt.timedelta(minutes=30))
            Alarm.objects.filter(pk=closed.pk).update(
                closed_at=min(moment, self.now), updated_at=min(moment, self.now)
            )

    def _date_alarms(self, parameter: Parameter, last_at: dt.datetime) -> None:
        """New alarms (and the NCs they raised) get the time their readings were taken; alarms
        extended by this batch were last changed when its last reading was taken."""
        fresh = Alarm.objects.filter(parameter=parameter, created_at__gt=self.now).only(
            "pk", "taken_at", "nonconformity_id"
        )
        extended = Alarm.objects.filter(
            parameter=parameter, created_at__lte=self.now, updated_at__gt=self.now
        )
        extended.update(updated_at=min(last_at + dt.timedelta(minutes=10), self.now))
        for alarm in fresh:
            at = min(alarm.taken_at + dt.timedelta(minutes=10), self.now)
            Alarm.objects.filter(pk=alarm.pk).update(created_at=at, updated_at=at)
            if alarm.nonconformity_id:
                Nonconformity.objects.filter(pk=alarm.nonconformity_id).update(
                    created_at=at, updated_at=at
                )
                self.result.created["nonconformities from alarms"] += 1
            self.result.created["alarms"] += 1

    def _date_map(self) -> None:
        """The map and registers were drawn up a week or two before the first readings."""
        tz = timezone.get_current_timezone()
        day = self.start - dt.timedelta(days=self.rng.randint(5, 15))
        at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=tz)
        by_model: dict[type, list[int]] = {}
        for model, pk in self.created:
            by_model.setdefault(model, []).append(pk)
        for model, pks in by_model.items():
            if model is Parameter:
                model.objects.filter(pk__in=pks, alarm_mode=AlarmMode.ONE_CLICK).update(
                    created_at=at, updated_at=at
                )
                model.objects.filter(pk__in=pks).exclude(alarm_mode=AlarmMode.ONE_CLICK).update(
                    created_at=at
                )
            else:
                model.objects.filter(pk__in=pks).update(created_at=at, updated_at=at)
