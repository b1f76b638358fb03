"""Planning an audit: dates and criteria, the team, the schedule, sending the plan, cancelling.

Every write needs cert_audit.plan on the audit (CB administrator or auditor of the certifying
CB) and writes one audit event. A completed or cancelled audit is not planned any more. A plan
already sent may be changed and sent again (plan_sent_at moves to the new sending).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs
from qualift.certification.choices import AUDIT_OPEN, AuditStatus, TeamRole
from qualift.certification.models import Audit, ScheduleItem, TeamMember
from qualift.certification.scoping import certifying_people
from qualift.certification.teams import (
    audit_day,
    blocking,
    involvement_problems,
    person_name,
    team_problems,
)
from qualift.core.audit import audit_enterprise_record, snapshot
from qualift.standards.choices import TemplatePurpose
from qualift.tenancy.permissions import require

PLAN = "cert_audit.plan"
MAX_TEXT_CHARS = 5_000
MAX_DAYS = Decimal("99")
EDITABLE = ("start_on", "end_on", "objectives", "criteria", "template")
AUDITED = [*EDITABLE, "sites"]
SCHEDULE_FIELDS = (
    "day",
    "starts_at",
    "ends_at",
    "activity",
    "clauses",
    "site",
    "auditor",
    "auditee",
)
# Statuses in which the plan (dates, team, schedule) may still change.
PLANNING = (AuditStatus.PLANNED, AuditStatus.PLAN_SENT)


def _require_planning(audit: Audit) -> None:
    if audit.status not in PLANNING:
        raise ValidationError(
            _("The audit is %(status)s: its plan can no longer be changed.")
            % {"status": audit.get_status_display()}
        )


def _clean_dates(values: dict, errors: dict) -> None:
    for name in ("start_on", "end_on"):
        value = values.get(name)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            errors[name] = [_("Enter a date (YYYY-MM-DD).")]
    start, end = values.get("start_on"), values.get("end_on")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
        errors["end_on"] = [_("The last day cannot be before the first day.")]
    if bool(start) != bool(end) and "end_on" not in errors:
        errors["end_on" if start else "start_on"] = [_("Give both the first and the last day.")]


@transaction.atomic
def audit_update(*, actor, audit: Audit, data: dict[str, Any], sites=None) -> Audit:
    """Change the audit's dates, objectives, criteria, checklist template and sites; only the
    keys present in `data` change, `sites=None` keeps the sites."""
    require(actor, PLAN, acting_orgs(audit))
    if audit.status not in (*PLANNING, AuditStatus.IN_PROGRESS):
        raise ValidationError(
            _("The audit is %(status)s: it can no longer be changed.")
            % {"status": audit.get_status_display()}
        )
    before = snapshot(audit, AUDITED)
    errors: dict = {}
    values = {name: getattr(audit, name) for name in EDITABLE}
    values.update({k: v for k, v in data.items() if k in EDITABLE})
    _clean_dates(values, errors)
    if audit.status == AuditStatus.IN_PROGRESS and (
        values["start_on"] != audit.start_on or values["end_on"] != audit.end_on
    ):
        errors["start_on"] = [_("The audit has started: its dates can no longer be moved.")]
    for name in ("objectives", "criteria"):
        values[name] = (values[name] or "").strip()
        if len(values[name]) > MAX_TEXT_CHARS:
            errors[name] = [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]
    template = values["template"]
    if template is not None and template.purpose not in (
        TemplatePurpose.CERTIFICATION,
        TemplatePurpose.BOTH,
    ):
        errors["template"] = [_("Choose a checklist made for certification audits.")]
    if sites is not None:
        sites = list(sites)
        foreign = [str(s) for s in sites if s.enterprise_id != audit.enterprise_id]
        if foreign:
            errors["sites"] = [
                _("Not a site of the client: %(names)s.") % {"names": ", ".join(foreign)}
            ]
    if errors:
        raise ValidationError(errors)
    for name in EDITABLE:
        setattr(audit, name, values[name])
    audit.full_clean()
    audit.save()
    if sites is not None:
        audit.sites.set(sites)
    after = snapshot(audit, AUDITED)
    if after != before:
        audit_enterprise_record(actor, "audit.update", audit, before=before, after=after)
    return audit


def _clean_days(value, errors: dict) -> Decimal:
    try:
        days = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        days = None
    if days is None or not days.is_finite():
        errors["days"] = [_("Enter a number of days, e.g. 1.5.")]
        return Decimal("0")
    if days < 0 or days > MAX_DAYS:
        errors["days"] = [_("Between 0 and %(n)s days.") % {"n": MAX_DAYS}]
    elif days != days.quantize(Decimal("0.5")):
        errors["days"] = [_("Days in halves: 0.5, 1, 1.5 …")]
    return days


@transaction.atomic
def team_add(*, actor, audit: Audit, user, role: str, days) -> TeamMember:
    """Put a certifying person of the CB on the team. A person who assisted the enterprise
    within two years is refused at once (impartiality); the team has one leader."""
    require(actor, PLAN, acting_orgs(audit))
    _require_planning(audit)
    errors: dict = {}
    if user is None or not certifying_people(audit.cb_id).filter(pk=user.pk).exists():
        errors["user"] = [
            _("Not an administrator or auditor of the certification body: %(name)s.")
            % {"name": person_name(user)}
        ]
    elif audit.team.filter(user=user).exists():
        errors["user"] = [_("%(name)s is already on the team.") % {"name": person_name(user)}]
    else:
        conflicts = involvement_problems([user.pk], audit.enterprise_id, audit_day(audit))
        if conflicts:
            errors["user"] = [conflicts[0].message]
    if role not in TeamRole.values:
        errors["role"] = [_("Choose a team role.")]
    elif role == TeamRole.LEADER and audit.team.filter(role=TeamRole.LEADER).exists():
        errors["role"] = [_("The team already has a leader; remove them first.")]
    days = _clean_days(days, errors)
    if errors:
        raise ValidationError(errors)
    member = TeamMember(
        enterprise_id=audit.enterprise_id,
        cb_id=audit.cb_id,
        audit=audit,
        user=user,
        role=role,
        days=days,
    )
    member.full_clean()
    member.save()
    audit_enterprise_record(actor, "audit.team_add", member, after=snapshot(member))
    return member


@transaction.atomic
def team_remove(*, actor, member: TeamMember) -> None:
    """Take a person off the team (their schedule lines must be given to someone else first)."""
    audit = member.audit
    require(actor, PLAN, acting_orgs(audit))
    _require_planning(audit)
    lines = audit.schedule.filter(auditor_id=member.user_id).count()
    if lines:
        raise ValidationError(
            _("%(name)s has %(n)s line(s) in the schedule: give them to someone else first.")
            % {"name": person_name(member.user), "n": lines}
        )
    before = snapshot(member)
    member.delete()
    audit_enterprise_record(actor, "audit.team_remove", audit, before=before)


def _clean_schedule(audit: Audit, values: dict, errors: dict) -> None:
    if not (audit.start_on and audit.end_on):
        errors["day"] = [_("Set the audit's first and last day before planning its schedule.")]
    day = values.get("day")
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        errors["day"] = errors.get("day") or [_("Enter a date (YYYY-MM-DD).")]
    elif audit.start_on and audit.end_on and not audit.start_on <= day <= audit.end_on:
        errors["day"] = [
            _("The day must fall within the audit, %(start)s to %(end)s.")
            % {"start": audit.start_on.isoformat(), "end": audit.end_on.isoformat()}
        ]
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not isinstance(starts, dt.time):
        errors["starts_at"] = [_("Enter a time (HH:MM).")]
    if not isinstance(ends, dt.time):
        errors["ends_at"] = [_("Enter a time (HH:MM).")]
    elif isinstance(starts, dt.time) and starts >= ends:
        errors["ends_at"] = [_("The end must be after the start.")]
    values["activity"] = (values.get("activity") or "").strip()
    if not values["activity"]:
        errors["activity"] = [_("Say what is audited (activity, process or clauses).")]
    for name in ("activity", "clauses", "auditee"):
        values[name] = (values.get(name) or "").strip()
        if len(values[name]) > 200:
            errors[name] = [_("At most %(n)s characters.") % {"n": 200}]
    site = values.get("site")
    if site is not None and site.enterprise_id != audit.enterprise_id:
        errors["site"] = [_("Not a site of the client.")]
    auditor = values.get("auditor")
    if auditor is not None and not audit.team.filter(user=auditor).exists():
        errors["auditor"] = [
            _("%(name)s is not on the audit team.") % {"name": person_name(auditor)}
        ]


@transaction.atomic
def schedule_save(
    *, actor, audit: Audit, item: ScheduleItem | None = None, data: dict[str, Any]
) -> ScheduleItem:
    """Add a line to the audit plan's schedule, or change `item` (only the keys in `data`)."""
    require(actor, PLAN, acting_orgs(audit))
    _require_planning(audit)
    if item is not None and item.audit_id != audit.pk:
        raise ValidationError(_("That schedule line belongs to another audit."))
    current = {name: getattr(item, name) for name in SCHEDULE_FIELDS} if item else {}
    values = {**current, **{k: v for k, v in data.items() if k in SCHEDULE_FIELDS}}
    errors: dict = {}
    _clean_schedule(audit, values, errors)
    if errors:
        raise ValidationError(errors)
    before = snapshot(item) if item else None
    if item is None:
        item = ScheduleItem(enterprise_id=audit.enterprise_id, cb_id=audit.cb_id, audit=audit)
    for name in SCHEDULE_FIELDS:
        setattr(item, name, values.get(name))
    item.full_clean()
    item.save()
    after = snapshot(item)
    if before is None:
        audit_enterprise_record(actor, "audit.schedule_add", item, after=after)
    elif after != before:
        audit_enterprise_record(actor, "audit.schedule_update", item, before=before, after=after)
    return item


@transaction.atomic
def schedule_delete(*, actor, item: ScheduleItem) -> None:
    audit = item.audit
    require(actor, PLAN, acting_orgs(audit))
    _require_planning(audit)
    before = snapshot(item)
    item.delete()
    audit_enterprise_record(actor, "audit.schedule_delete", audit, before=before)


def send_plan_blockers(audit: Audit) -> list[str]:
    """Why the plan cannot be sent yet (empty when it can)."""
    reasons = []
    if audit.status not in PLANNING:
        reasons.append(
            _("The audit is %(status)s: its plan can no longer be sent.")
            % {"status": audit.get_status_display()}
        )
        return reasons
    if not (audit.start_on and audit.end_on):
        reasons.append(_("Set the audit's first and last day."))
    if audit.planned_days is None:
        reasons.append(_("Calculate and save the audit time first."))
    if not audit.schedule.exists():
        reasons.append(_("Add at least one line to the schedule."))
    reasons += [p.message for p in blocking(team_problems(audit))]
    return reasons


@transaction.atomic
def audit_send_plan(*, actor, audit: Audit) -> Audit:
    """Send the audit plan to the client: planned (or already sent, after a change) → plan
    sent. Needs dates, the audit time, a schedule and a team without blocking problems."""
    require(actor, PLAN, acting_orgs(audit))
    reasons = send_plan_blockers(audit)
    if reasons:
        raise ValidationError(reasons)
    before = snapshot(audit, ["status", "plan_sent_at", "plan_sent_by"])
    audit.status = AuditStatus.PLAN_SENT
    audit.plan_sent_at = timezone.now()
    audit.plan_sent_by = actor if getattr(actor, "pk", None) else None
    audit.full_clean()
    audit.save()
    after = snapshot(audit, ["status", "plan_sent_at", "plan_sent_by"])
    audit_enterprise_record(actor, "audit.send_plan", audit, before=before, after=after)
    return audit


@transaction.atomic
def audit_cancel(*, actor, audit: Audit, reason: str) -> Audit:
    """Cancel an open audit; the reason is kept on the audit and in the audit trail."""
    require(actor, PLAN, acting_orgs(audit))
    if audit.status not in AUDIT_OPEN:
        raise ValidationError(
            _("The audit is %(status)s: it cannot be cancelled.")
            % {"status": audit.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the audit is cancelled.")]})
    if len(reason) > MAX_TEXT_CHARS:
        raise ValidationError({"reason": [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]})
    before = snapshot(audit, ["status", "cancel_reason"])
    audit.status = AuditStatus.CANCELLED
    audit.cancel_reason = reason
    audit.full_clean()
    audit.save()
    after = snapshot(audit, ["status", "cancel_reason"])
    audit_enterprise_record(actor, "audit.cancel", audit, before=before, after=after, reason=reason)
    return audit
