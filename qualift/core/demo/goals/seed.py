"""Seeding goals, responsibilities, leadership and motivation (issue 5) for the demo enterprises,
through the services, so every record has its audit event.

For every enterprise with at least five people, `_Firm`:

- applies the industry's organisation template (Chinese names) and names a core team: the
  legal representative as general manager, the quality steward, the operations lead, an
  inspector, workers and one or two others; sometimes a new hire not yet given a position;
- drafts, approves and communicates a quality policy (training for the team, notice board);
- sets the objectives cascade of `catalogue.CASCADE` (enterprise, department, position and
  employee level) from twelve months ago, records a year of monthly values for the manual ones
  (improving, at risk, missed, or with last month not recorded), which rolls them up, and
  computes the ones taken from the quality records (complaints, action timeliness);
  sales, warehouse, engineering and customer-care staff get no objective (coverage < 100 %);
- writes an incentive scheme, opens the suggestion box and walks suggestions to every stage
  (the ledger follows), one of them anonymous through the link;
- holds a management review a few weeks ago (pack, conclusion, a decision and two actions that
  land in the action list) with two leadership commitments (one kept, one to come);
- runs two pulse-survey rounds (the first closed, the second still open), answers improving.

Each part is skipped for an enterprise that already has records of that kind, so a second
`qualift demo` changes nothing. Dates come from a seeded random generator per enterprise.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from qualift.core.demo.data import GIVEN, PEOPLE, SEED, SURNAMES, EnterpriseSpec
from qualift.core.demo.goals import catalogue as cat
from qualift.objectives import kpi
from qualift.objectives.choices import CommunicationMethod, Direction, ObjectiveLevel
from qualift.objectives.models import (
    Department,
    Employee,
    LeadershipCommitment,
    ManagementReview,
    Objective,
    Position,
    PulseRound,
    QualityPolicy,
    Suggestion,
)
from qualift.objectives.org_templates import TEMPLATES
from qualift.objectives.services.objectives import (
    measurements_record_series,
    objective_compute,
    objective_create,
    objective_update,
)
from qualift.objectives.services.org import apply_org_template, employee_save
from qualift.objectives.services.policy import (
    policy_approve,
    policy_communicate,
    policy_draft,
)
from qualift.objectives.services.pulse import pulse_answer, pulse_close, pulse_open
from qualift.objectives.services.reviews import (
    commitment_create,
    commitment_mark,
    review_create,
    review_generate_pack,
    review_output_add,
    review_record_outcome,
)
from qualift.objectives.services.suggestions import (
    box_open,
    scheme_save,
    suggestion_decide,
    suggestion_evaluate,
    suggestion_implement,
    suggestion_reward,
    suggestion_submit,
)

if TYPE_CHECKING:
    from qualift.core.demo.seed import DemoResult
    from qualift.enterprises.models import Enterprise
    from qualift.tenancy.models import User

Progress = Callable[[str, int, int], None]

MAX_NAMED = 10  # the core team named in the demo, however big the firm
MONTHS = 12
# Stages the suggestions reach, oldest first; every stage appears in every enterprise.
STAGES = ("rewarded", "implemented", "declined", "accepted", "evaluated", "submitted")
# Stories of the manual objectives (see catalogue.ObjectiveT): one of each missed and at risk.
STORIES = ("improving", "at_risk", "missed", "improving", "stale")


def seed_goals(
    result: DemoResult,
    *,
    specs: list[EnterpriseSpec],
    enterprises: dict[str, Enterprise],
    users: dict[str, User],
    seed: int = SEED,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> None:
    """Give every demo enterprise what it lacks of issue 5's records (a micro firm of four
    gets the same, with people wearing several hats)."""
    today = today or timezone.localdate()
    chosen = list(specs)
    ids = [enterprises[s.row.key].pk for s in chosen]

    def having(model) -> set[int]:
        rows = model.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", flat=True)
        return set(rows.distinct())

    have = {
        "org": having(Department) | having(Employee),
        "policy": having(QualityPolicy),
        "objectives": having(Objective),
        "suggestions": having(Suggestion),
        "review": having(ManagementReview) | having(LeadershipCommitment),
        "pulse": having(PulseRound),
    }
    for done, spec in enumerate(chosen, start=1):
        enterprise = enterprises[spec.row.key]
        parts = [part for part, pks in have.items() if enterprise.pk not in pks]
        if parts:
            _Firm(result, enterprise, spec, users, seed, today).seed(parts)
        if progress:
            progress("goals and suggestions", done, len(chosen))


def _month_start(day: dt.date, back: int) -> dt.date:
    """The first day of the month `back` months before the month of `day`."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


class _Firm:
    """One enterprise's organisation, policy, objectives, suggestions, review and pulse."""

    def __init__(self, result, enterprise, spec: EnterpriseSpec, users, seed: int, today):
        self.result, self.enterprise, self.spec, self.today = result, enterprise, spec, today
        self.rng = random.Random(f"{seed}:goals:{spec.row.key}")
        key = cat.ORG_TEMPLATE_BY_DIVISION.get(spec.row.division, "service")
        self.template = TEMPLATES[key]
        self.staffing = cat.STAFFING[key]
        self.logins = {p.role: p for p in PEOPLE if p.org == f"ent:{spec.row.key}"}
        self.users = users
        # The enterprise's own logins act where the demo has them; elsewhere None, the demo
        # operator (allowed everything, like the CLI).
        self.admin = self._user("enterprise_admin")
        self.steward = self._user("quality_steward") or self.admin

    def seed(self, parts: list[str]) -> None:
        if "org" in parts:
            self.org()
        self.load_org()
        steps = {
            "policy": self.policy,
            "objectives": self.objectives,
            "suggestions": self.suggestions,
            "review": self.review,
            "pulse": self.pulse,
        }
        for part, step in steps.items():
            if part in parts:
                step()

    # -- organisation -------------------------------------------------------------------------

    def _slots(self) -> list[str]:
        """Position keys of the named team, most important first."""
        s = self.staffing
        keys = {p.key for p in self.template.positions}
        first = ["gm", "steward", s.lead, "inspector", s.worker, *s.others, *s.extra_workers]
        slots = [k for k in first if k in keys]
        size = min(self.spec.employees, MAX_NAMED, max(6, 4 + self.spec.employees // 8))
        while len(slots) < size:
            slots.append(s.worker)
        return slots[:size]

    def _names(self, count: int) -> list[str]:
        taken = {self.spec.legal_representative, self.spec.steward_name}
        taken.update(p.display_name for p in self.logins.values())
        names: list[str] = []
        while len(names) < count:
            given = self.rng.choice(GIVEN) + (
                self.rng.choice(GIVEN) if self.rng.random() < 0.7 else ""
            )
            name = self.rng.choice(SURNAMES) + given
            if name not in taken:
                taken.add(name)
                names.append(name)
        return names

    def org(self) -> None:
        counts = apply_org_template(
            actor=self.admin, enterprise=self.enterprise, key=self.template.key, language="zh-hans"
        )
        self.result.created["departments"] += counts["departments"]
        self.result.created["positions"] += counts["positions"]
        positions = {p.title: p for p in Position.objects.filter(enterprise=self.enterprise)}
        by_key = {t.key: positions[t.title.zh] for t in self.template.positions}
        reports_to = {t.key: t.reports_to for t in self.template.positions}
        slots = self._slots()
        names = iter(self._names(len(slots) + 1))
        holder: dict[str, Employee] = {}
        staff = self.logins.get("staff")
        for key in slots:
            user = None
            if key == "gm":
                name = self.spec.legal_representative
                user = self._user("enterprise_admin")
            elif key == "steward":
                name = self.spec.steward_name
                user = self._user("quality_steward")
            elif key == self.staffing.worker and staff is not None:
                name, user, staff = staff.display_name, self._user("staff"), None
            else:
                name = next(names)
            boss = reports_to.get(key)
            employee = employee_save(
                actor=self.admin,
                enterprise=self.enterprise,
                data={
                    "name": name,
                    "position": by_key[key],
                    "manager": holder.get(boss) if boss else None,
                    "start_date": self.today - dt.timedelta(days=self.rng.randint(400, 3600)),
                    "user": user,
                },
            )
            holder.setdefault(key, employee)
            self.result.created["employees"] += 1
        if len(slots) < self.spec.employees and (
            not self.staffing.others or self.rng.random() < 0.35
        ):
            ops = Department.objects.get(
                enterprise=self.enterprise,
                name=next(
                    d.name.zh
                    for d in self.template.departments
                    if d.key == self.staffing.ops_department
                ),
            )
            employee_save(
                actor=self.admin,
                enterprise=self.enterprise,
                data={
                    "name": next(names),
                    "department": ops,
                    "manager": holder.get(self.staffing.lead),
                    "start_date": self.today - dt.timedelta(days=self.rng.randint(5, 20)),
                },
            )
            self.result.created["employees"] += 1

    def _user(self, role: str):
        person = self.logins.get(role)
        return self.users.get(person.username) if person else None

    def load_org(self) -> None:
        """The enterprise's departments, positions and team by template key (from the database,
        so later parts work on a second run too)."""
        titles = {t.title.zh: t.key for t in self.template.positions}
        names = {d.name.zh: d.key for d in self.template.departments}
        self.departments = {
            names[d.name]: d
            for d in Department.objects.filter(enterprise=self.enterprise)
            if d.name in names
        }
        self.positions = {
            titles[p.title]: p
            for p in Position.objects.filter(enterprise=self.enterprise)
            if p.title in titles
        }
        self.team = list(
            Employee.objects.filter(enterprise=self.enterprise, is_active=True)
            .select_related("position")
            .order_by("pk")
        )
        self.holder: dict[str, Employee] = {}
        for employee in self.team:
            key = titles.get(employee.position.title) if employee.position else None
            if key:
                self.holder.setdefault(key, employee)

    # -- quality policy -----------------------------------------------------------------------

    def policy(self) -> None:
        draft = policy_draft(
            actor=self.steward,
            enterprise=self.enterprise,
            text=cat.POLICY,
            change_summary=cat.POLICY_SUMMARY,
        )
        gm = self.holder.get("gm")
        approved = policy_approve(
            actor=self.admin,
            policy=draft,
            approved_by_name=f"{gm.name}（总经理）" if gm else "总经理",
            meaning=cat.POLICY_MEANING,
        )
        trained_on = self.today - dt.timedelta(days=self.rng.randint(320, 350))
        approved_at = timezone.make_aware(
            dt.datetime.combine(trained_on - dt.timedelta(days=3), dt.time(10, 0))
        )
        # Back-date the approval to when it happened (the audit trail keeps the seeding time).
        QualityPolicy.objects.filter(pk=approved.pk).update(
            approved_at=approved_at, created_at=approved_at
        )
        policy_communicate(
            actor=self.steward,
            policy=approved,
            method=CommunicationMethod.TRAINING,
            communicated_on=trained_on,
            audience=cat.POLICY_TRAINING,
            employees=[e for e in self.team if e.start_date and e.start_date <= trained_on],
            today=self.today,
        )
        policy_communicate(
            actor=self.steward,
            policy=approved,
            method=CommunicationMethod.NOTICE_BOARD,
            communicated_on=trained_on + dt.timedelta(days=1),
            audience=cat.POLICY_BOARD_AUDIENCE,
            today=self.today,
        )
        self.result.created["quality policies"] += 1

    # -- objectives ---------------------------------------------------------------------------

    def _words(self) -> dict[str, str]:
        s = self.staffing
        dept = next(d for d in self.template.departments if d.key == s.ops_department)
        worker = next(p for p in self.template.positions if p.key == s.worker)
        return {
            "ops": dept.name.zh,
            "ops_key": dept.key,
            "ops_en": dept.name.en,
            "worker": worker.title.zh,
            "worker_en": worker.title.en,
            "worker_key": worker.key,
            "lead": s.lead,
            "inspector": cat.INSPECTOR.get(self.template.key, "inspector"),
        }

    def _holder(self, spec: str, words: dict[str, str]) -> dict | None:
        level, _sep, key = spec.format(**words).partition(":")
        if level == "enterprise":
            return {"level": ObjectiveLevel.ENTERPRISE}
        if level == "dept":
            dept = self.departments.get(key)
            return {"level": ObjectiveLevel.DEPARTMENT, "department": dept} if dept else None
        if level == "pos":
            pos = self.positions.get(key)
            return {"level": ObjectiveLevel.POSITION, "position": pos} if pos else None
        employee = self.holder.get(key)
        return {"level": ObjectiveLevel.EMPLOYEE, "employee": employee} if employee else None

    def objectives(self) -> None:
        """Create the cascade, record the manual objectives' year, then link them to their
        roll-up parents and compute those once. Linking after recording gives every period the
        same roll-up value as recording into a linked cascade would (objective_compute
        recomputes each completed period from the children), at a fraction of the writes."""
        words = self._words()
        starts_on = _month_start(self.today, MONTHS)
        templates = {t.key: t for t in cat.CASCADE}
        made: dict[str, Objective] = {}
        later: list[tuple[Objective, str]] = []
        for t in cat.CASCADE:
            holder = self._holder(t.holder, words)
            if holder is None or (t.parent and t.parent not in made):
                continue
            defer = (
                t.source == "manual" and templates[t.parent].source == "rollup"
                if t.parent
                else False
            )
            data = {
                **holder,
                "name": cat.join(t.name.format(**words)),
                "description": cat.join(t.description) if t.description else "",
                "unit": t.unit,
                "direction": t.direction,
                "target": t.target,
                "target_low": t.low,
                "target_high": t.high,
                "at_risk_margin": t.margin,
                "baseline": t.baseline,
                "baseline_date": starts_on - dt.timedelta(days=1) if t.baseline else None,
                "frequency": t.frequency,
                "source": t.source,
                "rollup": t.rollup,
                "weight": t.weight,
                "parent": None if defer else made.get(t.parent),
                "owner": self.holder.get(t.owner.format(**words)),
                "starts_on": starts_on,
            }
            made[t.key] = objective_create(
                actor=self.steward, enterprise=self.enterprise, data=data
            )
            if defer:
                later.append((made[t.key], t.parent))
            self.result.created["objectives"] += 1
        manual = [(t, made[t.key]) for t in cat.CASCADE if t.key in made and t.source == "manual"]
        stories = list(STORIES)
        self.rng.shuffle(stories)
        for (template, objective), story in zip(manual, stories, strict=False):
            self._measure(template, objective, story)
        for objective, parent in later:
            objective_update(actor=self.steward, objective=objective, data={"parent": made[parent]})
        # Children before parents: the cascade is listed parents first.
        for t in reversed(cat.CASCADE):
            if t.key in made and t.source != "manual":
                objective_compute(actor=self.steward, objective=made[t.key], today=self.today)

    def _measure(self, t: cat.ObjectiveT, objective: Objective, story: str) -> None:
        rows = [(day, value, "") for day, value in self._series(t, objective, story)]
        measurements_record_series(actor=self.steward, objective=objective, rows=rows)
        self.result.created["objective measurements"] += len(rows)

    def _series(
        self, t: cat.ObjectiveT, objective: Objective, story: str
    ) -> list[tuple[dt.date, Decimal]]:
        """A year of monthly values telling `story` (see catalogue.ObjectiveT), as (last day of
        the month, value)."""
        series = []
        periods = kpi.completed_periods("monthly", objective.starts_on, self.today)
        if story == "stale":
            periods = periods[:-1]
        count = len(periods)
        margin = t.margin or Decimal(1)
        whole = t.unit != "%"
        for i, (_start, end) in enumerate(periods):
            if t.direction == Direction.BAND:
                mid = (t.low + t.high) / 2
                value = mid + Decimal(self.rng.uniform(-0.4, 0.4)) * (t.high - t.low)
                tail = count - i
                if story == "at_risk" and tail == 1:
                    value = t.high + margin / 2
                elif story == "missed" and tail <= 2:
                    value = t.low - 2 * margin
            else:
                sign = Decimal(1 if t.direction == Direction.UP else -1)
                start = t.baseline if t.baseline is not None else t.target - sign * 3 * margin
                share = Decimal(min(1.0, (i + 1) / 6))
                value = start + (t.target - start) * share
                value += sign * Decimal(self.rng.uniform(-0.5, 1.0)) * margin
                tail = count - i
                if story in ("improving", "stale") and tail <= 3:
                    value = t.target + sign * Decimal(self.rng.uniform(0, 0.5)) * margin
                elif story == "at_risk" and tail == 1:
                    value = t.target - sign * margin / 2
                elif story == "missed" and tail <= 2:
                    value = t.target - sign * 2 * margin
            value = max(value, Decimal(0))
            if t.unit == "%":
                value = min(value, Decimal(100))
            series.append((end, value.quantize(Decimal(1) if whole else Decimal("0.1"))))
        return series

    # -- suggestions and incentives -----------------------------------------------------------

    def suggestions(self) -> None:
        scheme_save(
            actor=self.admin,
            enterprise=self.enterprise,
            data={
                "points_submitted": 1,
                "points_accepted": 5,
                "points_implemented": 10,
                "money_accepted": Decimal(50),
                "money_implemented": Decimal(200),
                "recognition": cat.join(cat.RECOGNITION),
            },
        )
        box_open(actor=self.steward, enterprise=self.enterprise)
        staff = [e for e in self.team if e.position_id] or self.team
        extra = 1 if self.spec.employees >= 60 else 0
        stages = list(STAGES) + [self.rng.choice(STAGES[:4]) for _ in range(extra)]
        ideas = self.rng.sample(cat.SUGGESTIONS, len(stages))
        anonymous = self.rng.choice([i for i, s in enumerate(stages) if s != "rewarded"])
        ages = sorted((self.rng.randint(8, 170) for _ in stages), reverse=True)
        for i, (stage, (title, text), age) in enumerate(zip(stages, ideas, ages, strict=True)):
            if stage in ("rewarded", "implemented"):
                age = max(age, 60)
            day = self.today - dt.timedelta(days=age)
            via_link = i == anonymous
            data = {"title": cat.join(title), "description": cat.join(text)}
            if not via_link:
                data["employee"] = self.rng.choice(staff)
            suggestion = suggestion_submit(
                actor=None if via_link else self.steward,
                enterprise=self.enterprise,
                data=data,
                via_link=via_link,
                today=day,
            )
            self.result.created["suggestions"] += 1
            if stage == "submitted":
                continue
            benefit, cost, feasible = (self.rng.randint(2, 5) for _ in range(3))
            if stage == "declined":
                benefit, cost = 2, 1
            suggestion = suggestion_evaluate(
                actor=self.steward,
                suggestion=suggestion,
                benefit=benefit,
                cost=cost,
                feasibility=feasible,
                note=cat.join(cat.EVALUATION_NOTE),
            )
            if stage == "evaluated":
                continue
            decided = day + dt.timedelta(days=self.rng.randint(3, 7))
            suggestion = suggestion_decide(
                actor=self.steward,
                suggestion=suggestion,
                accept=stage != "declined",
                reason=cat.join(cat.DECLINE_REASON if stage == "declined" else cat.ACCEPT_REASON),
                day=decided,
            )
            if stage in ("declined", "accepted"):
                continue
            done = decided + dt.timedelta(days=self.rng.randint(20, 35))
            suggestion = suggestion_implement(
                actor=self.steward,
                suggestion=suggestion,
                note=cat.join(cat.IMPLEMENTED_NOTE),
                day=done,
            )
            if stage == "rewarded":
                suggestion_reward(
                    actor=self.steward,
                    suggestion=suggestion,
                    day=min(done + dt.timedelta(days=10), self.today),
                    points=20,
                    amount=Decimal(300),
                    note=cat.join(cat.REWARD_NOTE),
                )

    # -- management review and leadership commitments -----------------------------------------

    def review(self) -> None:
        held_on = self.today - dt.timedelta(days=self.rng.randint(20, 35))
        gm = self.holder.get("gm")
        participants = [e for e in (gm, self.holder.get("steward")) if e]
        lead = self.holder.get(self.staffing.lead)
        participants += [lead] if lead else []
        review = review_create(
            actor=self.steward,
            enterprise=self.enterprise,
            data={
                "title": f"{held_on.year} {cat.join(cat.REVIEW_TITLE)}",
                "held_on": held_on,
                "period_start": held_on - dt.timedelta(days=365),
                "period_end": held_on - dt.timedelta(days=1),
                "chaired_by": f"{gm.name}（总经理）" if gm else "总经理",
                "other_participants": cat.join(cat.REVIEW_OTHERS),
                "participants": participants,
            },
        )
        review = review_generate_pack(actor=self.steward, review=review, today=held_on)
        review = review_record_outcome(
            actor=self.steward,
            review=review,
            conclusion=cat.join(cat.REVIEW_CONCLUSION),
            input_notes={k: cat.join(v) for k, v in cat.REVIEW_NOTES.items()},
        )
        for kind, text, owner_key, days in cat.REVIEW_OUTPUTS:
            owner = self.holder.get(owner_key)
            review_output_add(
                actor=self.steward,
                review=review,
                data={
                    "kind": kind,
                    "text": cat.join(text),
                    "owner": owner,
                    "owner_name": owner.name if owner else "",
                    "due_on": held_on + dt.timedelta(days=days) if days else None,
                },
            )
        self.result.created["management reviews"] += 1
        for text, days, kept in cat.COMMITMENTS:
            commitment = commitment_create(
                actor=self.admin,
                enterprise=self.enterprise,
                data={
                    "leader": gm,
                    "leader_name": f"{gm.name}（总经理）" if gm else "总经理",
                    "commitment": cat.join(text),
                    "due_on": held_on + dt.timedelta(days=days),
                    "review": review,
                },
            )
            if kept:
                commitment_mark(
                    actor=self.admin,
                    commitment=commitment,
                    status="kept",
                    evidence=cat.join(cat.COMMITMENT_EVIDENCE),
                )
            self.result.created["leadership commitments"] += 1

    # -- pulse survey -------------------------------------------------------------------------

    def pulse(self) -> None:
        questions = [cat.join(q) for q in cat.PULSE_QUESTIONS]
        answers = max(4, min(len(self.team), 5 + self.rng.randint(0, 2)))
        rounds = (
            (cat.PULSE_TITLES[0], self.today - dt.timedelta(days=190), 14, 3.2, True),
            (cat.PULSE_TITLES[1], self.today - dt.timedelta(days=10), 21, 3.8, False),
        )
        for title, opened_on, days, mood, close in rounds:
            pulse_round = pulse_open(
                actor=self.steward,
                enterprise=self.enterprise,
                data={
                    "title": cat.join(title),
                    "questions": questions,
                    "opened_on": opened_on,
                    "closes_on": opened_on + dt.timedelta(days=days),
                },
            )
            for n in range(answers):
                scores = [
                    min(5, max(1, round(self.rng.gauss(mood + 0.2 * (q == 0), 0.8))))
                    for q in range(len(questions))
                ]
                pulse_answer(
                    round=pulse_round,
                    scores=scores,
                    comment=cat.join(self.rng.choice(cat.PULSE_COMMENTS)) if n % 3 == 0 else "",
                    today=min(opened_on + dt.timedelta(days=n % days), self.today),
                )
            self.result.created["pulse responses"] += answers
            if close:
                pulse_close(actor=self.steward, round=pulse_round)
            self.result.created["pulse rounds"] += 1
