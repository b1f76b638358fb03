"""The plan of an enterprise's year of quality records: which NCs and complaints, when, how far
each has got. Pure and deterministic for (enterprise, seed, date); no Django imports."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from qualift.core.demo.data import GIVEN, SEED, SURNAMES, EnterpriseSpec
from qualift.core.demo.quality.catalogue import (
    COMPLAINTS,
    PRODUCTS,
    RESPONSES,
    SERVICE_SECTORS,
    ComplaintTemplate,
    sector_of,
)
from qualift.core.demo.quality.nc_templates import FACTORY, SECTORS, SERVICE, NcTemplate

# Verdicts are planned a month after completion (settings.QUALIFT_EFFECTIVENESS_DAYS' default).
EFFECTIVENESS_DAYS = 30
ORDER = ("draft", "analysing", "action_plan", "implementing", "verifying", "closed")


@dataclass
class ActionPlan:
    kind: str
    title: str
    owner: str
    planned_on: dt.date
    due_on: dt.date
    completed_on: dt.date | None = None
    verified_on: dt.date | None = None  # the effectiveness verdict
    effective: bool = True


@dataclass
class NcPlan:
    template: NcTemplate
    product: str  # "中文|English" or ""
    detected_on: dt.date
    detected_by: str
    severity: str
    quantity: int | None
    stage: str  # the NC status the plan ends in
    analysed_on: dt.date
    actions: list[ActionPlan] = field(default_factory=list)
    rework: ActionPlan | None = None  # after a "not effective" verdict
    failed_on: dt.date | None = None  # the "not effective" verdict
    verified_on: dt.date | None = None
    closed_on: dt.date | None = None


@dataclass
class ComplaintPlan:
    template: ComplaintTemplate
    product: str
    received_on: dt.date
    responded_on: dt.date | None
    closed: bool
    response: str
    nc: NcPlan | None = None


@dataclass
class EnterprisePlan:
    ncs: list[NcPlan]
    complaints: list[ComplaintPlan]

    def timeline(self) -> list[NcPlan | ComplaintPlan]:
        """Standalone NCs and complaints in date order (raised NCs follow their complaint)."""
        items: list[NcPlan | ComplaintPlan] = [nc for nc in self.ncs if not _raised(nc, self)]
        items += self.complaints
        return sorted(items, key=_when)


def _raised(nc: NcPlan, plan: EnterprisePlan) -> bool:
    return any(c.nc is nc for c in plan.complaints)


def _when(item: NcPlan | ComplaintPlan) -> dt.date:
    return item.received_on if isinstance(item, ComplaintPlan) else item.detected_on


def _person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def nc_count(employees: int, rng: random.Random) -> int:
    """In a year: 5 for a micro workshop of 3 people, rising to 25 at 150 employees."""
    return max(5, min(25, 5 + round(20 * (employees - 3) / 147) + rng.randint(-1, 1)))


def _stage(age: int, rng: random.Random) -> str:
    """The status an NC detected `age` days ago has reached: most old ones closed."""
    if age > 120:
        bands = (("closed", 86), ("cancelled", 4), ("verifying", 5), ("implementing", 5))
    elif age > 70:
        bands = (("closed", 62), ("verifying", 20), ("cancelled", 2), ("implementing", 16))
    elif age > 35:
        bands = (("closed", 10), ("verifying", 25), ("implementing", 55), ("action_plan", 10))
    elif age > 12:
        bands = (("implementing", 50), ("action_plan", 30), ("analysing", 20))
    else:
        bands = (("draft", 40), ("analysing", 40), ("action_plan", 20))
    stages, weights = zip(*bands, strict=True)
    return rng.choices(stages, weights)[0]


def _plan_nc(
    template: NcTemplate,
    product: str,
    detected: dt.date,
    today: dt.date,
    rng: random.Random,
    owners: list[str],
    steward: str,
    severity: str | None = None,
    stage: str | None = None,
) -> NcPlan:
    age = (today - detected).days
    stage = stage or _stage(age, rng)
    low, high = template.qty
    plan = NcPlan(
        template=template,
        product=product if template.unit else "",
        detected_on=detected,
        detected_by=_person(rng),
        severity=severity or rng.choices(("minor", "major", "critical"), (70, 27, 3))[0],
        quantity=rng.randint(low, high) if template.unit else None,
        stage=stage,
        analysed_on=min(today, detected + dt.timedelta(days=rng.randint(0, 3))),
    )
    if stage in ("draft", "analysing", "cancelled"):
        return plan
    planned = min(today, plan.analysed_on + dt.timedelta(days=rng.randint(1, 3)))
    correction = ActionPlan(
        "correction",
        template.fix,
        rng.choice(owners),
        planned,
        planned + dt.timedelta(days=rng.randint(2, 7)),
    )
    corrective = ActionPlan(
        "corrective",
        template.action,
        steward if rng.random() < 0.4 else rng.choice(owners),
        planned,
        planned + dt.timedelta(days=rng.randint(14, 40)),
    )
    plan.actions = [correction, corrective]
    if stage == "action_plan":
        return plan
    correction.completed_on = _done(correction, today, rng)
    if stage == "implementing":  # the corrective action is still open (and may be overdue)
        return plan
    corrective.completed_on = _done(corrective, today, rng)
    if correction.completed_on is None or corrective.completed_on is None:
        plan.stage = "implementing"
        return plan
    verdict = corrective.completed_on + dt.timedelta(days=EFFECTIVENESS_DAYS)
    if stage == "closed" and verdict <= today:
        if rng.random() < 0.08 and verdict + dt.timedelta(days=75) <= today:
            # The first verdict found it recurred: one more corrective action, then effective.
            plan.failed_on = verdict
            rework_due = verdict + dt.timedelta(days=rng.randint(10, 20))
            corrective.verified_on, corrective.effective = verdict, False
            plan.rework = ActionPlan(
                "corrective",
                "扩大排查范围并增加防错措施|Widen the check and add error-proofing",
                steward,
                verdict,
                rework_due,
                completed_on=rework_due - dt.timedelta(days=2),
            )
            verdict = plan.rework.completed_on + dt.timedelta(days=EFFECTIVENESS_DAYS)
            plan.rework.verified_on = verdict
        else:
            corrective.verified_on = verdict
        plan.verified_on = min(today, verdict + dt.timedelta(days=rng.randint(0, 3)))
        plan.closed_on = plan.verified_on
        correction.verified_on = min(
            plan.closed_on, correction.completed_on + dt.timedelta(days=EFFECTIVENESS_DAYS)
        )
        return plan
    # Verifying: the verdicts that have fallen due are mostly in; a few are still awaited.
    plan.stage = "verifying"
    for action in plan.actions:
        due = action.completed_on + dt.timedelta(days=EFFECTIVENESS_DAYS)
        if due <= today and rng.random() < 0.7:
            action.verified_on = due
    return plan


def _done(action: ActionPlan, today: dt.date, rng: random.Random) -> dt.date | None:
    """Most actions finish a little before their due date; one in six runs late."""
    offset = rng.randint(1, 12) if rng.random() < 0.17 else -rng.randint(0, 5)
    done = max(action.planned_on, action.due_on + dt.timedelta(days=offset))
    return done if done <= today else None


def plan_enterprise(spec: EnterpriseSpec, *, seed: int = SEED, today: dt.date) -> EnterprisePlan:
    """The enterprise's year of NCs and complaints; deterministic for (spec, seed, today)."""
    rng = random.Random(f"{seed}:{spec.row.key}:quality")
    sector = sector_of(spec.row.division)
    generic = SERVICE if sector in SERVICE_SECTORS else FACTORY
    pool = list(SECTORS[sector]) * 2 + list(generic)
    owners = [_person(rng) for _ in range(4)]
    steward = spec.steward_name
    products = PRODUCTS[sector]

    n_complaints = min(6, rng.randint(0, 2) + spec.employees // 25)
    if spec.employees < 10 and rng.random() < 0.5:
        n_complaints = 0
    complaints: list[ComplaintPlan] = []
    by_key = {t.key: t for t in SECTORS[sector]}
    for _ in range(n_complaints):
        template = rng.choice(COMPLAINTS[sector])
        received = today - dt.timedelta(days=rng.randint(3, 360))
        response_days = rng.randint(1, 7)
        responded = received + dt.timedelta(days=response_days)
        if responded > today or ((today - received).days < 10 and rng.random() < 0.6):
            responded = None
        closed = responded is not None and (today - received).days > 25 and rng.random() < 0.9
        complaint = ComplaintPlan(
            template=template,
            product=rng.choice(products),
            received_on=received,
            responded_on=responded,
            closed=closed,
            response=rng.choice(RESPONSES),
        )
        raise_it = template.severity == "high" or (
            template.severity == "medium" and rng.random() < 0.5
        )
        if template.nc and raise_it:
            severity = "major" if template.severity == "high" else "minor"
            complaint.nc = _plan_nc(
                by_key[template.nc],
                complaint.product,
                received,
                today,
                rng,
                owners,
                steward,
                severity,
            )
        complaints.append(complaint)

    raised = [c.nc for c in complaints if c.nc is not None]
    n_ncs = max(len(raised), nc_count(spec.employees, rng)) - len(raised)
    days = sorted(rng.sample(range(1, 365), n_ncs), reverse=True)
    rng.shuffle(pool)
    ncs = [
        _plan_nc(
            pool[i % len(pool)],
            rng.choice(products),
            today - dt.timedelta(days=d),
            today,
            rng,
            owners,
            steward,
        )
        for i, d in enumerate(days)
    ]
    # Every steward's dashboard has something to chase: an NC whose corrective action is late.
    if not any(nc.stage == "implementing" and _late(nc, today) for nc in ncs + raised):
        older = [i for i, nc in enumerate(ncs) if 50 <= (today - nc.detected_on).days <= 150]
        if older:
            old = ncs[older[-1]]
            ncs[older[-1]] = _plan_nc(
                old.template,
                old.product or rng.choice(products),
                old.detected_on,
                today,
                rng,
                owners,
                steward,
                stage="implementing",
            )
    return EnterprisePlan(ncs=ncs + raised, complaints=complaints)


def _late(nc: NcPlan, today: dt.date) -> bool:
    return any(a.completed_on is None and a.due_on < today for a in nc.actions)
