"""Seeding the assistance work (issue 6) on the demo program's ledger, through the services, so
every record has its audit event and the involvement the impartiality check reads.

What each ledger entry gets follows its status (the ledger is already there; the services only
ever move it forward, so they leave it as it is):

- screened: nothing yet;
- diagnosing (and closed early): a diagnosis by the CB's assistance expert; every other one is
  completed with 3–5 scored issues, the rest are drafts with half the areas rated; no plan;
- plan agreed: a completed diagnosis, scored issues, points chosen (the second-ranked one passed
  over with a reason), and a plan signed by both sides: 3–4 measures of different kinds, 5–6
  milestones all due ahead, two indicators with baselines;
- assisting: the same, agreed months ago, with visits, the milestones due so far achieved except
  the last one (overdue), measures in progress or done; Fuchun's plan was revised after the
  first visit (an equipment measure added) and signed again;
- evaluated / closed: everything achieved, measures done, the plan completed.

Then one industry-common problem (catalogue.COMMON) for the enterprises of its division that have
an issue in its area, created by the program office, with its group measure attached.

Measures need an owner on the enterprise's side: an enterprise without a demo login gets one
here, `<key>_admin`, its legal representative as enterprise administrator (same password as every
demo login; printed in the login table).

Each part is skipped for an entry that already has it, so a second `qualift demo` changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from qualift.assistance.choices import (
    SUB_CRITERIA,
    Area,
    Factor,
    MeasureStatus,
    MilestoneStatus,
)
from qualift.assistance.models import (
    AssistanceIssue,
    CommonIssue,
    Diagnosis,
    Measure,
    Plan,
    Visit,
)
from qualift.assistance.selectors_issues import rank_entry
from qualift.assistance.services.common import common_issue_create
from qualift.assistance.services.diagnoses import (
    diagnosis_complete,
    diagnosis_create,
    diagnosis_rate,
)
from qualift.assistance.services.issues import choose_points, issue_create
from qualift.assistance.services.plans import (
    indicator_save,
    measure_save,
    measure_set_status,
    milestone_achieve,
    milestone_save,
    plan_complete,
    plan_create,
    plan_revise,
    plan_sign,
)
from qualift.assistance.services.visits import visit_create
from qualift.core.audit import audit_record, snapshot
from qualift.core.demo.assistance import catalogue as cat
from qualift.core.demo.data import DEMO_PASSWORD, PEOPLE, SEED, EnterpriseSpec
from qualift.programs.models import LedgerEntry
from qualift.tenancy.choices import Role
from qualift.tenancy.models import Membership, User

if TYPE_CHECKING:
    from qualift.core.demo.seed import DemoResult
    from qualift.enterprises.models import Enterprise
    from qualift.programs.models import Program

Progress = Callable[[str, int, int], None]

PLAN_STORIES = ("plan_agreed", "assisting", "evaluated", "closed")
# Days before today the diagnosis was held, by story.
DIAGNOSIS_DAYS_AGO = {
    "diagnosing": (10, 40),
    "plan_agreed": (60, 90),
    "assisting": (200, 230),
    "evaluated": (430, 470),
    "closed": (480, 520),
}
REVISED = "fuchun"  # the plan revised after agreement and signed again


def seed_assistance(
    result: DemoResult,
    *,
    program: Program,
    specs: list[EnterpriseSpec],
    enterprises: dict[str, Enterprise],
    users: dict[str, User],
    seed: int = SEED,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> None:
    """Give every ledger entry of the demo program the assistance records its status calls for
    (what it lacks of them), then the industry-common problem."""
    today = today or timezone.localdate()
    entries = {
        e.enterprise_id: e
        for e in LedgerEntry.objects.filter(program=program).select_related(
            "enterprise__organization", "program", "cb"
        )
    }
    on_ledger = [s for s in specs if enterprises[s.row.key].pk in entries]
    diagnosing = [s.row.key for s in on_ledger if _story(s) == "diagnosing"]
    owners = _enterprise_owners(result, on_ledger, enterprises, users)
    for done, spec in enumerate(on_ledger, start=1):
        entry = entries[enterprises[spec.row.key].pk]
        story = _story(spec)
        if story != "screened":
            # Every other entry still diagnosing has finished its questionnaire.
            complete = story != "diagnosing" or (
                spec.row.variant != "early" and diagnosing.index(spec.row.key) % 2 == 0
            )
            _Entry(result, entry, spec, users, owners.get(spec.row.key), seed, today).seed(
                story, complete
            )
        if progress:
            progress("assistance", done, len(on_ledger))
    _common(result, program, enterprises, users, today)
    _add_logins(result, owners, enterprises)


def _story(spec: EnterpriseSpec) -> str:
    if spec.row.variant == "early":  # left during the diagnosis
        return "diagnosing"
    return spec.row.status


def _enterprise_owners(result, specs, enterprises, users) -> dict[str, User]:
    """Each planned enterprise's owner of measures (and its signatory): its steward or admin
    login; an administrator login made here where the demo has none."""
    logins = {p.org[4:]: p for p in PEOPLE if p.org.startswith("ent:")}
    owners: dict[str, User] = {}
    hashed: str | None = None
    for spec in specs:
        key = spec.row.key
        if _story(spec) not in PLAN_STORIES:
            continue
        steward = next(
            (p for p in PEOPLE if p.org == f"ent:{key}" and p.role == Role.QUALITY_STEWARD), None
        )
        if steward or key in logins:
            owners[key] = users[(steward or logins[key]).username]
            continue
        username = f"{key}_admin"
        user = User.objects.filter(username=username).first()
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = User(
                username=username,
                display_name=spec.legal_representative,
                email=f"{username}@demo.qualift.example",
                password=hashed,
            )
            user.full_clean()
            user.save()
            result.created["users"] += 1
        organization = enterprises[key].organization
        if not Membership.objects.filter(user=user, organization=organization).exists():
            membership = Membership(
                user=user, organization=organization, role=Role.ENTERPRISE_ADMIN
            )
            membership.full_clean()
            membership.save()
            audit_record(
                actor=None,
                verb="membership.create",
                target=membership,
                organization=organization,
                after=snapshot(membership),
                reason="demo data",
            )
            result.created["memberships"] += 1
        owners[key] = user
    return owners


def _add_logins(result, owners: dict[str, User], enterprises) -> None:
    """Print the administrator logins made here after the demo's own (call after those)."""
    from qualift.core.demo.seed import Login

    printed = {login.username for login in result.logins}
    for key, user in owners.items():
        if user.username == f"{key}_admin" and user.username not in printed:
            org = enterprises[key].organization
            result.logins.append(
                Login(
                    user.username, DEMO_PASSWORD, Role.ENTERPRISE_ADMIN, "", org.name, org.name_en
                )
            )


class _Entry:
    """One ledger entry's diagnosis, issues, points, plan, visits and milestones."""

    def __init__(self, result, entry, spec, users, owner, seed: int, today: dt.date):
        self.result, self.entry, self.spec, self.today = result, entry, spec, today
        self.rng = random.Random(f"{seed}:assistance:{spec.row.key}")
        self.expert = users[f"{spec.row.cb}_expert"]
        self.admin = users[f"{spec.row.cb}_admin"]
        self.owner = owner
        enterprise_admin = next(
            (
                p
                for p in PEOPLE
                if p.org == f"ent:{spec.row.key}" and p.role == Role.ENTERPRISE_ADMIN
            ),
            None,
        )
        self.signatory = users[enterprise_admin.username] if enterprise_admin else owner

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def seed(self, story: str, complete: bool) -> None:
        diagnosis = Diagnosis.objects.filter(ledger_entry=self.entry).order_by("held_on").first()
        if diagnosis is None:
            diagnosis = self.diagnosis(story, complete)
        if story not in PLAN_STORIES:
            return
        if not Plan.objects.filter(ledger_entry=self.entry).exists():
            points = self.points()
            if points:
                self.plan(story, diagnosis, points)
        if story != "plan_agreed" and not Visit.objects.filter(ledger_entry=self.entry).exists():
            self.visits(story, diagnosis)

    # -- diagnosis and issues -----------------------------------------------------------------

    def diagnosis(self, story: str, complete: bool) -> Diagnosis:
        low, high = DIAGNOSIS_DAYS_AGO[story]
        held_on = self.days_ago(self.rng.randint(low, high))
        experts = [self.expert] + ([self.admin] if self.rng.random() < 0.3 else [])
        diagnosis = diagnosis_create(
            actor=self.expert,
            entry=self.entry,
            data={
                "held_on": held_on,
                "mode": "on_site",
                "hours": Decimal(self.rng.choice((6, 7, 8))),
                "summary": cat.DIAGNOSIS_SUMMARY,
            },
            experts=experts,
        )
        self.result.created["diagnoses"] += 1
        others = [a for a in Area.values if a != Area.KEY_PROCESS]
        areas = [Area.KEY_PROCESS, *self.rng.sample(others, self.rng.randint(2, 4))]
        levels = {
            area: self.rng.randint(1, 2) if area in areas else self.rng.randint(2, 4)
            for area in Area.values
        }
        rated = Area.values if complete else Area.values[:4]
        diagnosis_rate(
            actor=self.expert,
            diagnosis=diagnosis,
            ratings={a: {"level": levels[a], "notes": cat.AREA_NOTES[levels[a]]} for a in rated},
        )
        if not complete:
            return diagnosis
        diagnosis = diagnosis_complete(
            actor=self.expert, diagnosis=diagnosis, today=held_on + dt.timedelta(days=3)
        )
        for area in areas:
            self.issue(diagnosis, cat.ISSUES[area])
        return diagnosis

    def issue(self, diagnosis: Diagnosis, template: cat.IssueT) -> AssistanceIssue:
        scores = {}
        for factor, subs in SUB_CRITERIA.items():
            low = 3 if factor == Factor.PROMINENCE and template.area == Area.KEY_PROCESS else 2
            for name, _label in subs:
                scores[f"{factor}_{name}"] = self.rng.randint(low, 5)
        issue = issue_create(
            actor=self.expert,
            diagnosis=diagnosis,
            data={
                "title": template.title,
                "description": template.description,
                "area": template.area,
                "evidence": template.evidence,
                **scores,
            },
        )
        self.result.created["assistance issues"] += 1
        return issue

    def points(self) -> list[AssistanceIssue]:
        """Choose the first, third (and fourth) ranked issues; pass over the second, with a
        reason, as experts do when the enterprise is already dealing with it."""
        ranked, _shifts, issues = rank_entry(self.entry)
        order = [r.key for r in ranked if r.rank is not None]
        if not order:
            return []
        chosen = [order[0], *order[2:4]] if len(order) >= 4 else [order[0], *order[2:3]]
        skipped = {order[1]: cat.SKIP_REASON} if len(order) > 1 else {}
        return choose_points(
            actor=self.expert,
            entry=self.entry,
            chosen=[issues[pk] for pk in chosen],
            skip_reasons=skipped,
        )

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, story: str, diagnosis: Diagnosis, points: list[AssistanceIssue]) -> Plan:
        plan = plan_create(
            actor=self.expert,
            entry=self.entry,
            data={"title": cat.PLAN_TITLE, "approach": cat.PLAN_APPROACH},
            points=points,
        )
        self.result.created["assistance plans"] += 1
        start = self.plan_start(story, diagnosis)
        templates: list[tuple[cat.MeasureT, AssistanceIssue | None]] = [
            (cat.ISSUES[p.area].measure, p) for p in points
        ]
        used = {t.kind for t, _point in templates}
        extra = next(k for k in cat.EXTRA_KINDS if k not in used)
        templates.append(
            (next(t.measure for t in cat.ISSUES.values() if t.measure.kind == extra), None)
        )
        # Milestones spread evenly over the eleven months after the start; the first two
        # measures have two each, the others one.
        count = sum(2 if i < 2 else 1 for i in range(len(templates)))
        offsets = [30 + round(300 * i / (count - 1)) for i in range(count)]
        if story == "plan_agreed":  # agreed a fortnight ago: everything still ahead
            offsets = [20 + round(180 * i / (count - 1)) for i in range(count)]
        dues = iter(sorted(start + dt.timedelta(days=o) for o in offsets))
        for index, (template, point) in enumerate(templates):
            milestones = template.milestones[: 2 if index < 2 else 1]
            days = [next(dues) for _ in milestones]
            self.measure(plan, template, point, start, days[-1], milestones, days)
        for name, unit, (low, high), factor, direction in cat.INDICATORS:
            baseline = Decimal(self.rng.randint(low * 10, high * 10)) / 10
            target = (baseline * factor).quantize(Decimal("0.1") if unit == "%" else Decimal("1"))
            indicator_save(
                actor=self.expert,
                plan=plan,
                data={
                    "name": name,
                    "unit": unit,
                    "baseline": baseline,
                    "baseline_on": diagnosis.held_on,
                    "target": target,
                    "direction": direction,
                },
            )
        self.sign(plan)
        if self.spec.row.key == REVISED:
            self.revise(plan, start)
        if story == "plan_agreed":
            return plan
        self.achieve(plan, story)
        return plan

    def plan_start(self, story: str, diagnosis: Diagnosis) -> dt.date:
        if story == "plan_agreed":
            return self.days_ago(14)
        return diagnosis.held_on + dt.timedelta(days=self.rng.randint(20, 30))

    def measure(self, plan, template: cat.MeasureT, point, start, due, milestones, days) -> Measure:
        measure = measure_save(
            actor=self.expert,
            plan=plan,
            data={
                "kind": template.kind,
                "title": template.title,
                "description": template.description,
                "issue": point,
                "cb_owner": self.expert,
                "enterprise_owner": self.owner,
                "starts_on": start,
                "due_on": due,
                "resources": template.resources,
            },
        )
        self.result.created["plan measures"] += 1
        for (title, criteria), day in zip(milestones, days, strict=True):
            milestone_save(
                actor=self.expert,
                plan=plan,
                data={
                    "measure": measure,
                    "title": title,
                    "due_on": day,
                    "acceptance_criteria": criteria,
                },
            )
            self.result.created["milestones"] += 1
        return measure

    def sign(self, plan: Plan) -> None:
        plan_sign(
            actor=self.expert,
            plan=plan,
            name=self.expert.display_name,
            meaning=cat.SIGN_MEANING["cb"],
        )
        plan_sign(
            actor=self.signatory,
            plan=plan,
            name=self.signatory.display_name,
            meaning=cat.SIGN_MEANING["enterprise"],
        )
        self.result.created["plan signatures"] += 2

    def revise(self, plan: Plan, start: dt.date) -> None:
        """After the first visit both sides add an equipment measure and sign again."""
        plan_revise(actor=self.expert, plan=plan, reason=cat.REVISION_REASON)
        template = cat.ISSUES[Area.EQUIPMENT].measure
        if plan.measures.filter(kind=template.kind).exists():
            template = cat.ISSUES[Area.STRATEGY].measure
        begins = start + dt.timedelta(days=40)
        days = [begins + dt.timedelta(days=60)]
        self.measure(plan, template, None, begins, days[-1], template.milestones[:1], days)
        self.sign(plan)

    def achieve(self, plan: Plan, story: str) -> None:
        """Achieve the milestones due so far (all of them once the plan is finished), leaving the
        last one due in an assisting plan overdue; measures follow their milestones."""
        milestones = list(plan.milestones.order_by("due_on", "id"))
        due = [m for m in milestones if m.due_on < self.today]
        finished = story in ("evaluated", "closed")
        to_achieve = milestones if finished else due[:-1]
        for milestone in to_achieve:
            day = min(milestone.due_on - dt.timedelta(days=self.rng.randint(0, 6)), self.today)
            milestone_achieve(
                actor=self.expert, milestone=milestone, day=day, evidence=cat.EVIDENCE
            )
            self.result.created["milestones achieved"] += 1
        for measure in plan.measures.filter(common_issue=None).prefetch_related("milestones"):
            states = [m.status for m in measure.milestones.all()]
            if states and all(s == MilestoneStatus.ACHIEVED for s in states):
                status = MeasureStatus.DONE
            elif measure.starts_on <= self.today:
                status = MeasureStatus.IN_PROGRESS
            else:
                continue
            day = min(measure.due_on, self.today)
            measure_set_status(actor=self.expert, measure=measure, status=status, today=day)
        if finished:
            plan_complete(actor=self.expert, plan=plan)

    def visits(self, story: str, diagnosis: Diagnosis) -> None:
        plan = Plan.objects.filter(ledger_entry=self.entry).first()
        start = plan.measures.order_by("starts_on").first().starts_on if plan else diagnosis.held_on
        count = 2 if story == "assisting" else 3
        for index in range(count):
            held_on = start + dt.timedelta(days=35 + 55 * index + self.rng.randint(0, 6))
            if held_on >= self.today:
                break
            visit_create(
                actor=self.expert,
                entry=self.entry,
                data={
                    "held_on": held_on,
                    "mode": "on_site" if index % 2 == 0 else "remote",
                    "hours": Decimal(self.rng.choice((3, 4, 5))),
                    "activities": cat.VISIT_ACTIVITIES[index],
                    "next_steps": cat.VISIT_NEXT_STEPS[index],
                },
                experts=[self.expert],
            )
            self.result.created["assistance visits"] += 1


def _common(result, program, enterprises, users, today: dt.date) -> None:
    """The industry-common problem of catalogue.COMMON among the enterprises that have an issue
    in its area, named by the program office; its group measure lands on their plans."""
    spec = cat.COMMON
    if CommonIssue.objects.filter(program=program, title=spec["title"]).exists():
        return
    ids = (
        AssistanceIssue.objects.filter(
            program=program,
            area=spec["area"],
            enterprise__gbt4754_division=spec["division"],
        )
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    affected = [e for e in enterprises.values() if e.pk in set(ids)]
    if len(affected) < 2:
        return
    common_issue_create(
        actor=users["zj_admin"],
        program=program,
        data={
            "gbt4754_division": spec["division"],
            "area": spec["area"],
            "title": spec["title"],
            "description": spec["description"],
            "measure_kind": spec["measure_kind"],
            "measure_title": spec["measure_title"],
            "starts_on": today + dt.timedelta(days=14),
            "due_on": today + dt.timedelta(days=44),
        },
        enterprises=affected,
    )
    result.created["common problems"] += 1
