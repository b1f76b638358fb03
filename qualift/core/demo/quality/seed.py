"""Seeding the plan through the services, then dating the records (see `_backdate`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from qualift.core.demo.data import SEED, EnterpriseSpec
from qualift.core.demo.quality.catalogue import (
    CANCEL_REASON,
    CONTAINMENT,
    EVIDENCE,
    RECURRED,
    VERDICTS,
)
from qualift.core.demo.quality.nc_templates import NcTemplate
from qualift.core.demo.quality.plan import (
    ORDER,
    ActionPlan,
    ComplaintPlan,
    NcPlan,
    plan_enterprise,
)
from qualift.improvement.models import Complaint, CorrectiveAction, Nonconformity
from qualift.improvement.services.actions import action_complete, action_create, action_verify
from qualift.improvement.services.complaints import (
    complaint_close,
    complaint_raise_nc,
    complaint_register,
    complaint_respond,
)
from qualift.improvement.services.nonconformities import (
    cause_add,
    nc_cancel,
    nc_close,
    nc_create,
    nc_transition,
    nc_verify,
    root_mark,
    why_add,
)
from qualift.standards.models import Clause

if TYPE_CHECKING:
    from qualift.core.demo.seed import DemoResult
    from qualift.enterprises.models import Enterprise
    from qualift.tenancy.models import User

Progress = Callable[[str, int, int], None]


def _bi(text: str) -> tuple[str, str]:
    """Split "中文|English" into ("中文", "English")."""
    zh, _sep, en = text.partition("|")
    return zh, en


def _join(text: str) -> str:
    zh, en = _bi(text)
    return f"{zh} / {en}"


@dataclass
class _Actors:
    """Who does what in the demo: the enterprise's own logins where it has them (fuchun, xixi),
    otherwise the operator (None), recorded as "system" in the audit trail."""

    reporter: User | None = None
    steward: User | None = None
    manager: User | None = None
    staff: User | None = None


def _actors(key: str, users: dict[str, User]) -> _Actors:
    admin = users.get(f"{key}_admin")
    steward = users.get(f"{key}_steward") or admin
    return _Actors(
        reporter=users.get(f"{key}_staff") or steward,
        steward=steward,
        manager=admin,
        staff=users.get(f"{key}_staff"),
    )


def seed_quality(
    result: DemoResult,
    *,
    specs: list[EnterpriseSpec],
    enterprises: dict[str, Enterprise],
    users: dict[str, User],
    seed: int = SEED,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> None:
    """Give every demo enterprise without quality records its year of them."""
    today = today or timezone.localdate()
    clauses = {c.number: c for c in Clause.objects.all()}
    has_records = set(
        Nonconformity.objects.filter(enterprise__in=enterprises.values()).values_list(
            "enterprise_id", flat=True
        )
    ) | set(
        Complaint.objects.filter(enterprise__in=enterprises.values()).values_list(
            "enterprise_id", flat=True
        )
    )
    for done, spec in enumerate(specs, start=1):
        enterprise = enterprises[spec.row.key]
        if enterprise.pk not in has_records:
            plan = plan_enterprise(spec, seed=seed, today=today)
            seeder = _Seeder(result, enterprise, _actors(spec.row.key, users), clauses, spec)
            for item in plan.timeline():
                if isinstance(item, ComplaintPlan):
                    seeder.complaint(item)
                else:
                    seeder.nonconformity(item)
        if progress:
            progress("quality records", done, len(specs))


class _Seeder:
    def __init__(self, result, enterprise, actors: _Actors, clauses, spec: EnterpriseSpec):
        self.result, self.enterprise, self.actors = result, enterprise, actors
        self.clauses, self.spec = clauses, spec
        self.made: list[tuple[CorrectiveAction, ActionPlan]] = []  # dated once the NC is done

    def complaint(self, plan: ComplaintPlan) -> None:
        actor = self.actors.steward
        t = plan.template
        complaint = complaint_register(
            actor=actor,
            enterprise=self.enterprise,
            data={
                "customer": _join(t.customer),
                "product": _join(plan.product),
                "received_on": plan.received_on,
                "description": _join(t.description),
                "severity": t.severity,
            },
        )
        self.result.created["complaints"] += 1
        if plan.nc is not None:
            nc = complaint_raise_nc(actor=actor, complaint=complaint)
            self._analyse(nc, plan.nc)
        last = plan.received_on
        if plan.responded_on:
            complaint_respond(
                actor=actor,
                complaint=complaint,
                response=_join(plan.response),
                responded_on=plan.responded_on,
            )
            last = plan.responded_on
            if plan.closed:
                complaint_close(actor=actor, complaint=complaint)
        _backdate(Complaint, complaint.pk, plan.received_on, last)

    def nonconformity(self, plan: NcPlan) -> None:
        t = plan.template
        title = _join(t.title)
        description = _join(t.what)
        if plan.product:
            zh, en = _bi(t.title)
            pzh, pen = _bi(plan.product)
            title = f"{zh}（{pzh}）/ {en} ({pen})"
        data = {
            "title": title,
            "description": description,
            "product": _join(plan.product) if plan.product else "",
            "process_name": _join(t.process),
            "detected_on": plan.detected_on,
            "detected_by": plan.detected_by,
            "location": _join(t.where),
            "severity": plan.severity,
            "containment": _join(CONTAINMENT) if t.unit else "",
        }
        if plan.quantity is not None:
            data["quantity_affected"] = plan.quantity
            data["quantity_unit"] = _bi(t.unit)[1]
        reporter = self.actors.reporter if t.source == "inspection" else self.actors.steward
        nc = nc_create(
            actor=reporter,
            enterprise=self.enterprise,
            data=data,
            source=t.source,
            clause=self.clauses.get(t.clause),
        )
        self._analyse(nc, plan)

    def _analyse(self, nc: Nonconformity, plan: NcPlan) -> None:
        """Walk the NC from draft to its planned status, then date its records."""
        self.result.created["nonconformities"] += 1
        actor, t = self.actors.steward, plan.template
        last = plan.detected_on
        if plan.stage != "draft":
            nc_transition(actor=actor, nc=nc, to_status="analysing")
            last = plan.analysed_on
        if plan.stage == "cancelled":
            nc_cancel(actor=actor, nc=nc, reason=_join(CANCEL_REASON))
        elif plan.stage != "draft":
            self._root_cause(nc, t)
        stage = ORDER.index(plan.stage) if plan.stage in ORDER else -1
        actions: list[tuple[CorrectiveAction, ActionPlan]] = []
        if stage >= ORDER.index("action_plan"):
            nc_transition(actor=actor, nc=nc, to_status="action_plan")
            actions = [(self._action(nc, a), a) for a in plan.actions]
            last = plan.actions[0].planned_on
        if stage >= ORDER.index("implementing"):
            nc_transition(actor=actor, nc=nc, to_status="implementing")
            for action, a in actions:
                if a.completed_on:
                    self._complete(action, a)
                    last = max(last, a.completed_on)
        if stage >= ORDER.index("verifying"):
            nc_transition(actor=actor, nc=nc, to_status="verifying")
            if plan.failed_on:
                for action, a in actions:
                    self._verify(action, a)
                nc_verify(
                    actor=actor,
                    nc=nc,
                    effective=False,
                    note=_join(RECURRED),
                )
                rework = self._action(nc, plan.rework)
                self._complete(rework, plan.rework)
                actions = [(rework, plan.rework)]
                nc_transition(actor=actor, nc=nc, to_status="verifying")
            for action, a in actions:
                self._verify(action, a)
                last = max(last, a.verified_on or last)
        if plan.stage == "closed":
            nc_verify(
                actor=actor,
                nc=nc,
                effective=True,
                note=_join(VERDICTS[nc.pk % len(VERDICTS)]),
            )
            nc_close(actor=actor, nc=nc)
            last = plan.closed_on
        for action, a in self.made:
            latest = max(d for d in (a.planned_on, a.completed_on, a.verified_on) if d)
            _backdate(CorrectiveAction, action.pk, a.planned_on, latest, verified_at=a.verified_on)
        self.made = []
        _backdate(
            Nonconformity,
            nc.pk,
            plan.detected_on,
            last,
            closed_at=plan.closed_on,
            verified_at=plan.verified_on,
        )

    def _root_cause(self, nc: Nonconformity, t: NcTemplate) -> None:
        actor = self.actors.steward
        question = _bi(t.title)
        last_why = None
        for answer in t.whys:
            zh, en = _bi(answer)
            last_why = why_add(
                actor=actor,
                nc=nc,
                question=f"为什么“{question[0]}”？ / Why: {question[1].lower()}?",
                answer=f"{zh} / {en}",
            )
            question = (zh, en)
        root = cause_add(actor=actor, nc=nc, category=t.root, description=_join(t.whys[-1]))
        # One or two other causes considered on the fishbone (fewer calls keep seeding quick).
        for category, text in t.others[: 1 + nc.pk % 2]:
            cause_add(actor=actor, nc=nc, category=category, description=_join(text))
        root_mark(actor=actor, item=last_why, is_root=True)
        root_mark(actor=actor, item=root, is_root=True)

    def _action(self, nc: Nonconformity, a: ActionPlan) -> CorrectiveAction:
        steward_owned = a.owner == self.spec.steward_name
        data = {
            "kind": a.kind,
            "title": _join(a.title),
            "owner_name": a.owner,
            "owner_email": self.spec.steward_email if steward_owned else "",
            "due_on": a.due_on,
        }
        if steward_owned and self.actors.steward is not None:
            data["owner"] = self.actors.steward
        elif a.kind == "correction" and self.actors.staff is not None:
            data["owner"] = self.actors.staff
            data["owner_name"] = self.actors.staff.display_name or a.owner
        if self.actors.manager is not None:
            data["manager"] = self.actors.manager
        action = action_create(
            actor=self.actors.steward, enterprise=self.enterprise, data=data, nonconformity=nc
        )
        self.result.created["corrective actions"] += 1
        self.made.append((action, a))
        return action

    def _verify(self, action: CorrectiveAction, a: ActionPlan) -> None:
        if a.verified_on is None:
            return
        action_verify(
            actor=self.actors.manager or self.actors.steward,
            action=action,
            effective=a.effective,
            note=_join(VERDICTS[action.pk % len(VERDICTS)] if a.effective else RECURRED),
        )

    def _complete(self, action: CorrectiveAction, a: ActionPlan) -> None:
        evidence = (
            EVIDENCE[action.pk % len(EVIDENCE)]
            if a.kind != "correction"
            else ("返工及复检记录|Rework and re-inspection records")
        )
        action_complete(
            actor=self.actors.steward,
            action=action,
            evidence=_join(evidence),
            completed_on=a.completed_on,
        )


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    """A working hour of `day`, never later than now (today's records keep today's time)."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30))), timezone.now())


def _backdate(model, pk: int, created: dt.date, updated: dt.date, **moments) -> None:
    """Demo data only: give a record made just now the dates of the year it stands for. This
    bypasses the services on purpose; it touches timestamps, never the audit trail."""
    values = {"created_at": _at(created), "updated_at": _at(updated, 17)}
    values.update({k: _at(v, 16) for k, v in moments.items() if v is not None})
    model.objects.filter(pk=pk).update(**values)
