"""The management review pack (ISO 9001 9.3.2): the review's inputs read from the system for one
period, as a JSON-safe dict (strings, ints, booleans, lists, dicts; decimals and dates as
strings) so it can be stored on the review and shows later exactly what top management saw.

Sections (keys, in this order): previous_actions, objectives, processes, nonconformities, audits,
complaints, resources, risks, suggestions, commitments, policy. Every count is computed in the
database; lists are short (at most ITEMS rows) and say how many there were in all.

Honesty notes kept in the data rather than invented numbers: customer satisfaction is not
recorded in Qualift ("satisfaction": "not_recorded"), and there is no risk register yet
("register": "none"), so the open major/critical nonconformities are listed as the known risks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from qualift.enterprises.models import Enterprise
from qualift.improvement.choices import (
    ACTION_OPEN,
    NC_OPEN,
    ActionStatus,
    ComplaintSeverity,
    ComplaintStatus,
    InternalAuditStatus,
    NcSeverity,
    NcStatus,
)
from qualift.improvement.models import (
    Complaint,
    CorrectiveAction,
    InternalAudit,
    InternalAuditAnswer,
    Nonconformity,
)
from qualift.objectives.choices import (
    REVIEW_ACTION_KINDS,
    Attainment,
    CommitmentStatus,
    PolicyStatus,
    ReviewStatus,
    SuggestionStatus,
)
from qualift.objectives.models import (
    Employee,
    LeadershipCommitment,
    ManagementReview,
    Objective,
    ObjectiveMeasurement,
    PolicyCommunication,
    Position,
    QualityPolicy,
    Suggestion,
)
from qualift.process.choices import AlarmStatus, Health
from qualift.process.models import Alarm, Equipment, Gauge, Parameter, Process
from qualift.standards.choices import ChecklistResult

SECTIONS = (
    "previous_actions",
    "objectives",
    "processes",
    "nonconformities",
    "audits",
    "complaints",
    "resources",
    "risks",
    "suggestions",
    "commitments",
    "policy",
)
SECTION_LABELS = {
    "previous_actions": _("Status of actions from previous reviews"),
    "objectives": _("Quality objectives: attainment"),
    "processes": _("Process performance and capability"),
    "nonconformities": _("Nonconformities and corrective actions"),
    "audits": _("Internal audit results"),
    "complaints": _("Customer complaints and satisfaction"),
    "resources": _("Adequacy of resources"),
    "risks": _("Risks and opportunities"),
    "suggestions": _("Improvement suggestions"),
    "commitments": _("Leadership commitments"),
    "policy": _("Quality policy"),
}
ITEMS = 10  # rows per list in the pack; the counts always cover everything
_LATEST = object()


def _d(value) -> str | None:
    """A date (or datetime) as an ISO date string; None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def _n(value) -> str | None:
    """A number as a string (decimals never become floats in JSON)."""
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:.2f}"
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _counts(queryset, field: str, values) -> dict[str, int]:
    found = dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())
    return {str(v): int(found.get(v, 0)) for v in values}


def latest_previous_review(enterprise: Enterprise, before: dt.date, exclude=None):
    """The last review held (or closed) before `before`: its outputs are the next review's
    first input."""
    qs = ManagementReview.objects.filter(
        enterprise=enterprise,
        status__in=(ReviewStatus.HELD, ReviewStatus.CLOSED),
        held_on__lt=before,
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-held_on", "-id").first()


def _previous_actions(enterprise, end, today, previous) -> dict:
    if previous is _LATEST:
        previous = latest_previous_review(enterprise, end)
    if previous is None:
        return {"review": None, "outputs": 0, "actions": 0, "done": 0, "open": 0, "overdue": 0,
                "items": []}  # fmt: skip
    outputs = list(previous.outputs.select_related("action").order_by("id"))
    items = []
    done = open_ = overdue = 0
    for out in outputs:
        action = out.action
        status = action.status if action else ""
        late = bool(action and status in ACTION_OPEN and action.due_on < today)
        done += status == ActionStatus.DONE
        open_ += status in ACTION_OPEN
        overdue += late
        items.append(
            {
                "kind": out.kind,
                "text": out.text,
                "owner": out.owner_name,
                "due_on": _d(out.due_on),
                "action_id": action.pk if action else None,
                "action_status": status,
                "overdue": late,
            }
        )
    return {
        "review": {"id": previous.pk, "title": previous.title, "held_on": _d(previous.held_on)},
        "outputs": len(outputs),
        "actions": sum(1 for o in outputs if o.kind in REVIEW_ACTION_KINDS),
        "done": done,
        "open": open_,
        "overdue": overdue,
        "items": items[:ITEMS],
    }


def _objectives(enterprise, start, end) -> dict:
    """Attainment of each objective active in the period, from its last measurement whose period
    ended inside the review period ("no_data" when none did)."""
    objectives = list(
        Objective.objects.filter(enterprise=enterprise, is_active=True, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .order_by("level", "name", "id")
    )
    last: dict[int, ObjectiveMeasurement] = {}
    for m in ObjectiveMeasurement.objects.filter(
        objective__in=objectives, period_end__gte=start, period_end__lte=end
    ).order_by("objective_id", "period_end", "id"):
        last[m.objective_id] = m
    counts = {a: 0 for a in Attainment.values}
    missed, at_risk = [], []
    for obj in objectives:
        m = last.get(obj.pk)
        state = m.attainment if m else Attainment.NO_DATA
        counts[state] += 1
        row = {
            "id": obj.pk,
            "name": obj.name,
            "level": obj.level,
            "unit": obj.unit,
            "direction": obj.direction,
            "target": _n(obj.target),
            "target_low": _n(obj.target_low),
            "target_high": _n(obj.target_high),
            "value": _n(m.value) if m else None,
            "period_end": _d(m.period_end) if m else None,
        }
        if state == Attainment.MISSED:
            missed.append(row)
        elif state == Attainment.AT_RISK:
            at_risk.append(row)
    return {"active": len(objectives), **counts, "missed_items": missed[:ITEMS],
            "at_risk_items": at_risk[:ITEMS]}  # fmt: skip


def _processes(enterprise, start, end) -> dict:
    """Process health as the process dashboard shows it (the traffic light and Cpk that
    qualift.process.health stores on each parameter), and the alarms raised in the period."""
    processes = Process.objects.filter(enterprise=enterprise, is_active=True)
    parameters = Parameter.objects.filter(enterprise=enterprise, is_active=True)
    alarms = Alarm.objects.filter(enterprise=enterprise)
    key = (
        parameters.filter(control_point__process__is_key=True)
        .select_related("control_point__process")
        .order_by("control_point__process__sequence", "control_point__sequence", "sequence", "id")
    )
    return {
        "processes": processes.count(),
        "key_processes": processes.filter(is_key=True).count(),
        "parameters": parameters.count(),
        "health": _counts(parameters, "health", Health.values),
        "alarms_raised": alarms.filter(
            created_at__date__gte=start, created_at__date__lte=end
        ).count(),
        "alarms_open": alarms.filter(status=AlarmStatus.OPEN).count(),
        "key_parameters": [
            {
                "process": p.control_point.process.name,
                "parameter": p.name,
                "unit": p.unit,
                "health": p.health,
                "cpk": _n(p.health_cpk),
            }
            for p in key[:ITEMS]
        ],
    }


def _nonconformities(enterprise, start, end, today) -> dict:
    ncs = Nonconformity.objects.filter(enterprise=enterprise).exclude(status=NcStatus.CANCELLED)
    opened = ncs.filter(detected_on__gte=start, detected_on__lte=end)
    actions = CorrectiveAction.objects.filter(enterprise=enterprise)
    overdue = actions.filter(status__in=ACTION_OPEN, due_on__lt=today).order_by("due_on", "id")
    return {
        "opened": opened.count(),
        "opened_by_severity": _counts(opened, "severity", NcSeverity.values),
        "closed": ncs.filter(
            status=NcStatus.CLOSED, closed_at__date__gte=start, closed_at__date__lte=end
        ).count(),
        "open": ncs.filter(status__in=NC_OPEN).count(),
        "actions_completed": actions.filter(
            status=ActionStatus.DONE, completed_on__gte=start, completed_on__lte=end
        ).count(),
        "actions_open": actions.filter(status__in=ACTION_OPEN).count(),
        "actions_overdue": overdue.count(),
        "overdue_items": [
            {"id": a.pk, "title": a.title, "owner": a.owner_name, "due_on": _d(a.due_on)}
            for a in overdue[:ITEMS]
        ],
    }


def _audits(enterprise, start, end) -> dict:
    audits = InternalAudit.objects.filter(
        enterprise=enterprise,
        status=InternalAuditStatus.COMPLETED,
        performed_on__gte=start,
        performed_on__lte=end,
    ).order_by("performed_on", "id")
    kinds = (
        ChecklistResult.MAJOR_NC,
        ChecklistResult.MINOR_NC,
        ChecklistResult.OBSERVATION,
        ChecklistResult.OFI,
    )
    answers = InternalAuditAnswer.objects.filter(audit__in=audits, result__in=kinds)
    per_audit: dict[int, dict[str, int]] = {}
    for audit_id, result, n in (
        answers.values_list("audit_id", "result").annotate(n=Count("pk")).order_by()
    ):
        per_audit.setdefault(audit_id, {})[result] = n
    return {
        "performed": audits.count(),
        "findings": _counts(answers, "result", kinds),
        "items": [
            {
                "id": a.pk,
                "title": a.title,
                "performed_on": _d(a.performed_on),
                "findings": sum(per_audit.get(a.pk, {}).values()),
            }
            for a in audits[:ITEMS]
        ],
    }


def _complaints(enterprise, start, end) -> dict:
    received = Complaint.objects.filter(
        enterprise=enterprise, received_on__gte=start, received_on__lte=end
    )
    return {
        "received": received.count(),
        "by_severity": _counts(received, "severity", ComplaintSeverity.values),
        "open": Complaint.objects.filter(
            enterprise=enterprise, status=ComplaintStatus.OPEN
        ).count(),
        # Qualift records complaints but not customer satisfaction surveys: say so.
        "satisfaction": "not_recorded",
    }


def _resources(enterprise, today) -> dict:
    gauges = Gauge.objects.filter(enterprise=enterprise, is_active=True)
    gauges_overdue = gauges.filter(calibration_due__lt=today).order_by("calibration_due", "code")
    equipment = Equipment.objects.filter(enterprise=enterprise, is_active=True)
    maintenance = equipment.filter(next_maintenance_on__lt=today).order_by(
        "next_maintenance_on", "code"
    )
    return {
        "employees": Employee.objects.filter(enterprise=enterprise, is_active=True).count(),
        "positions": Position.objects.filter(enterprise=enterprise, is_active=True).count(),
        "gauges": gauges.count(),
        "gauges_overdue": gauges_overdue.count(),
        "gauges_overdue_items": [
            {"code": g.code, "name": g.name, "due": _d(g.calibration_due)}
            for g in gauges_overdue[:ITEMS]
        ],
        "equipment": equipment.count(),
        "maintenance_overdue": maintenance.count(),
        "maintenance_overdue_items": [
            {"code": e.code, "name": e.name, "due": _d(e.next_maintenance_on)}
            for e in maintenance[:ITEMS]
        ],
    }


def _risks(enterprise) -> dict:
    serious = Nonconformity.objects.filter(
        enterprise=enterprise,
        status__in=NC_OPEN,
        severity__in=(NcSeverity.MAJOR, NcSeverity.CRITICAL),
    ).order_by("-severity", "detected_on", "id")
    return {
        "register": "none",  # no risk register in Qualift yet
        "known_risks": serious.count(),
        "items": [
            {
                "id": n.pk,
                "number": n.number,
                "title": n.title,
                "severity": n.severity,
                "status": n.status,
            }  # fmt: skip
            for n in serious[:ITEMS]
        ],
    }


def _suggestions(enterprise, start, end) -> dict:
    submitted = Suggestion.objects.filter(
        enterprise=enterprise, submitted_on__gte=start, submitted_on__lte=end
    )
    every = Suggestion.objects.filter(enterprise=enterprise)
    return {
        "submitted": submitted.count(),
        "by_status": _counts(submitted, "status", SuggestionStatus.values),
        "implemented": every.filter(implemented_on__gte=start, implemented_on__lte=end).count(),
        "open": every.filter(
            status__in=(SuggestionStatus.SUBMITTED, SuggestionStatus.EVALUATED)
        ).count(),
    }


def _commitments(enterprise, start, end, today) -> dict:
    due = LeadershipCommitment.objects.filter(
        enterprise=enterprise, due_on__gte=start, due_on__lte=end
    )
    counts = _counts(due, "status", CommitmentStatus.values)
    overdue = LeadershipCommitment.objects.filter(
        enterprise=enterprise, status=CommitmentStatus.PLANNED, due_on__lt=today
    )
    return {
        "due": sum(counts.values()),
        **counts,
        "overdue": overdue.count(),
        "items": [
            {
                "leader": c.leader_name,
                "commitment": c.commitment,
                "due_on": _d(c.due_on),
                "status": c.status,
            }  # fmt: skip
            for c in due.order_by("due_on", "id")[:ITEMS]
        ],
    }


def _policy(enterprise, start, end) -> dict:
    versions = QualityPolicy.objects.filter(enterprise=enterprise)
    current = versions.filter(status=PolicyStatus.APPROVED).first()
    return {
        "in_force": (
            {
                "version": current.version,
                "approved_on": _d(current.approved_at),
                "approved_by_name": current.approved_by_name,
            }
            if current
            else None
        ),
        "draft_open": versions.filter(status=PolicyStatus.DRAFT).exists(),
        "communications": PolicyCommunication.objects.filter(
            enterprise=enterprise, communicated_on__gte=start, communicated_on__lte=end
        ).count(),
    }


def review_pack(
    enterprise: Enterprise, start: dt.date, end: dt.date, today: dt.date, *, previous=_LATEST
) -> dict:
    """The review inputs for `start`..`end` (both included), as of `today` (for what is
    overdue). `previous` is the review whose outputs are followed up; by default the last review
    held before `end`."""
    return {
        "previous_actions": _previous_actions(enterprise, end, today, previous),
        "objectives": _objectives(enterprise, start, end),
        "processes": _processes(enterprise, start, end),
        "nonconformities": _nonconformities(enterprise, start, end, today),
        "audits": _audits(enterprise, start, end),
        "complaints": _complaints(enterprise, start, end),
        "resources": _resources(enterprise, today),
        "risks": _risks(enterprise),
        "suggestions": _suggestions(enterprise, start, end),
        "commitments": _commitments(enterprise, start, end, today),
        "policy": _policy(enterprise, start, end),
    }


# Presentation: the stored pack as labelled facts and short tables, in the active language, for
# the review page and the PDF (the pack keeps codes; labels are looked up when shown).


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or "–"))


def _v(value, unit: str = "") -> str:
    if value is None or value == "":
        return "–"
    return f"{value} {unit}".strip()


def _present_section(key: str, d: dict) -> dict:
    from django.utils.translation import gettext as t

    from qualift.improvement.choices import ActionStatus as AS
    from qualift.objectives.choices import Attainment as At
    from qualift.objectives.choices import CommitmentStatus as CS
    from qualift.objectives.choices import ReviewOutputKind as RK
    from qualift.objectives.choices import SuggestionStatus as SS

    facts: list[tuple[str, str]] = []
    table = None
    remarks: list[str] = []
    if key == "previous_actions":
        if not d.get("review"):
            remarks.append(t("No earlier review: nothing to follow up."))
        else:
            r = d["review"]
            facts = [
                (t("Previous review"), f"{r['title']} ({r['held_on']})"),
                (t("Outputs"), str(d["outputs"])),
                (t("Actions"), str(d["actions"])),
                (t("Done"), str(d["done"])),
                (t("Open"), str(d["open"])),
                (t("Overdue"), str(d["overdue"])),
            ]
            table = {
                "headers": [t("Kind"), t("Decision or action"), t("Owner"), t("Due"), t("Status")],
                "rows": [
                    [
                        _label(RK.choices, i["kind"]),
                        i["text"],
                        i["owner"] or "–",
                        i["due_on"] or "–",
                        (_label(AS.choices, i["action_status"]) if i["action_status"] else "–")
                        + (" · " + t("overdue") if i["overdue"] else ""),
                    ]
                    for i in d["items"]
                ],
            }
    elif key == "objectives":
        facts = [(t("Active objectives"), str(d["active"]))] + [
            (_label(At.choices, a), str(d.get(a, 0))) for a in At.values
        ]
        rows = []
        for state, items in ((At.MISSED, d["missed_items"]), (At.AT_RISK, d["at_risk_items"])):
            for i in items:
                target = (
                    f"{i['target_low']}–{i['target_high']} {i['unit']}"
                    if i["direction"] == "band"
                    else _v(i["target"], i["unit"])
                )
                rows.append(
                    [
                        i["name"],
                        _label(At.choices, state),
                        _v(i["value"], i["unit"]),
                        target,
                        i["period_end"] or "–",
                    ]  # fmt: skip
                )
        if rows:
            table = {
                "headers": [t("Objective"), t("Attainment"), t("Value"), t("Target"), t("Period")],
                "rows": rows,
            }
    elif key == "processes":
        health = d["health"]
        facts = [
            (t("Processes"), str(d["processes"])),
            (t("Key processes"), str(d["key_processes"])),
            (t("Parameters under control"), str(d["parameters"])),
            (t("Stable and capable"), str(health.get("green", 0))),
            (t("Unstable, or Cpk below 1.33"), str(health.get("amber", 0))),
            (t("Out of specification"), str(health.get("red", 0))),
            (t("Not enough readings yet"), str(health.get("unknown", 0))),
            (t("Alarms raised in the period"), str(d["alarms_raised"])),
            (t("Alarms open"), str(d["alarms_open"])),
        ]
        if d["key_parameters"]:
            table = {
                "headers": [t("Key process"), t("Parameter"), t("Status"), "Cpk"],
                "rows": [
                    [
                        p["process"],
                        f"{p['parameter']} ({p['unit']})" if p["unit"] else p["parameter"],
                        _label(Health.choices, p["health"]),
                        p["cpk"] or "–",
                    ]  # fmt: skip
                    for p in d["key_parameters"]
                ],
            }
    elif key == "nonconformities":
        sev = d["opened_by_severity"]
        facts = [
            (t("Opened in the period"), str(d["opened"])),
            (t("of which major or critical"), str(sev.get("major", 0) + sev.get("critical", 0))),
            (t("Closed in the period"), str(d["closed"])),
            (t("Open now"), str(d["open"])),
            (t("Actions completed in the period"), str(d["actions_completed"])),
            (t("Actions open"), str(d["actions_open"])),
            (t("Actions overdue"), str(d["actions_overdue"])),
        ]
        if d["overdue_items"]:
            table = {
                "headers": [t("Overdue action"), t("Owner"), t("Due")],
                "rows": [[a["title"], a["owner"], a["due_on"]] for a in d["overdue_items"]],
            }
    elif key == "audits":
        f = d["findings"]
        facts = [
            (t("Internal audits performed"), str(d["performed"])),
            (t("Major nonconformities"), str(f.get("major_nc", 0))),
            (t("Minor nonconformities"), str(f.get("minor_nc", 0))),
            (t("Observations"), str(f.get("observation", 0))),
            (t("Opportunities for improvement"), str(f.get("ofi", 0))),
        ]
        if d["items"]:
            table = {
                "headers": [t("Audit"), t("Performed on"), t("Findings")],
                "rows": [[a["title"], a["performed_on"], str(a["findings"])] for a in d["items"]],
            }
    elif key == "complaints":
        sev = d["by_severity"]
        facts = [
            (t("Complaints received"), str(d["received"])),
            (t("High severity"), str(sev.get("high", 0))),
            (t("Medium severity"), str(sev.get("medium", 0))),
            (t("Low severity"), str(sev.get("low", 0))),
            (t("Open now"), str(d["open"])),
            (t("Customer satisfaction"), t("not recorded in Qualift")),
        ]
        remarks.append(
            t(
                "Customer satisfaction is not measured in the system: bring survey results or "
                "customer feedback to the meeting."
            )  # fmt: skip
        )
    elif key == "resources":
        facts = [
            (t("Employees"), str(d["employees"])),
            (t("Positions"), str(d["positions"])),
            (t("Gauges in use"), str(d["gauges"])),
            (t("Gauges overdue for calibration"), str(d["gauges_overdue"])),
            (t("Equipment in use"), str(d["equipment"])),
            (t("Equipment overdue for maintenance"), str(d["maintenance_overdue"])),
        ]
        rows = [
            [t("Gauge"), f"{g['code']} {g['name']}", g["due"]] for g in d["gauges_overdue_items"]
        ]
        rows += [
            [t("Equipment"), f"{e['code']} {e['name']}", e["due"]]
            for e in d["maintenance_overdue_items"]
        ]
        if rows:
            table = {"headers": [t("Kind"), t("Item"), t("Was due")], "rows": rows}
    elif key == "risks":
        from qualift.improvement.choices import NcSeverity, NcStatus

        facts = [(t("Open major or critical nonconformities"), str(d["known_risks"]))]
        remarks.append(
            t(
                "Qualift has no risk register yet: the open major and critical nonconformities are "
                "listed as the known risks. Discuss other risks and opportunities in the meeting."
            )  # fmt: skip
        )
        if d["items"]:
            table = {
                "headers": [t("Number"), t("Nonconformity"), t("Severity"), t("Status")],
                "rows": [
                    [
                        n["number"],
                        n["title"],
                        _label(NcSeverity.choices, n["severity"]),
                        _label(NcStatus.choices, n["status"]),
                    ]  # fmt: skip
                    for n in d["items"]
                ],
            }
    elif key == "suggestions":
        facts = [(t("Submitted in the period"), str(d["submitted"]))]
        facts += [(_label(SS.choices, s), str(n)) for s, n in d["by_status"].items() if n]
        facts += [
            (t("Implemented in the period"), str(d["implemented"])),
            (t("Waiting for a decision"), str(d["open"])),
        ]
    elif key == "commitments":
        facts = [
            (t("Due in the period"), str(d["due"])),
            (_label(CS.choices, "kept"), str(d.get("kept", 0))),
            (_label(CS.choices, "missed"), str(d.get("missed", 0))),
            (_label(CS.choices, "planned"), str(d.get("planned", 0))),
            (t("Overdue (planned, date passed)"), str(d["overdue"])),
        ]
        if d["items"]:
            table = {
                "headers": [t("Leader"), t("Commitment"), t("Date"), t("Status")],
                "rows": [
                    [c["leader"], c["commitment"], c["due_on"], _label(CS.choices, c["status"])]
                    for c in d["items"]
                ],
            }
    elif key == "policy":
        current = d["in_force"]
        if current:
            facts = [
                (t("Version in force"), str(current["version"])),
                (t("Approved on"), current["approved_on"] or "–"),
                (t("Approved by"), current["approved_by_name"] or "–"),
            ]
        else:
            remarks.append(t("No quality policy is in force."))
        facts += [
            (t("Draft under revision"), t("yes") if d["draft_open"] else t("no")),
            (t("Communications in the period"), str(d["communications"])),
        ]
    return {"facts": facts, "table": table, "remarks": remarks}


def present(pack: dict | None, notes: dict | None = None) -> list[dict]:
    """The pack's sections in order for display: label, facts, short table, remarks, the
    meeting's note; `data` None when the pack has not been generated."""
    pack = pack or {}
    notes = notes or {}
    out = []
    for key in SECTIONS:
        data = pack.get(key)
        section = {"key": key, "label": SECTION_LABELS[key], "note": notes.get(key, "")}
        section.update(
            _present_section(key, data)
            if isinstance(data, dict)
            else {"facts": [], "table": None, "remarks": []}
        )
        section["has_data"] = isinstance(data, dict)
        out.append(section)
    return out
