"""Certification cycles and their audit programme.

- `cycle_create` opens a cycle for a CB's active certification engagement, with its number
  "C-YYYY-NNN" (year of application, running number per CB and year), the rule set of the CB's
  policy (kept for the whole cycle) and a planned stage 1 and stage 2 audit.
- `programme_refresh` (no actor: the system) adds the missing surveillance and recertification
  audits of a certified cycle from `programme.schedule()` and moves the due windows of audits
  still planned; it runs after a decision and after each completed audit.
- `audit_add` adds a special, scope-change, transfer or repeated stage 2 audit.
- `cycle_renew` closes a cycle whose recertification was granted and opens the next one, the
  certificate's validity continuing from the old expiry (no gap, no overlap).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification import programme
from qualift.certification.access import acting_orgs
from qualift.certification.choices import AuditKind, AuditStatus, CycleStatus
from qualift.certification.models import Audit, CertificationCycle
from qualift.certification.rulesets import rule_set
from qualift.certification.services.policy import current_policy
from qualift.core.audit import audit_enterprise_record, snapshot
from qualift.enterprises.choices import EngagementKind
from qualift.enterprises.models import Engagement, IafCode, Site
from qualift.tenancy.permissions import require

CYCLE_FIELDS = ("applied_on", "scope_text", "employees", "part_time_fte", "note")
RECORD_FIELDS = [*CYCLE_FIELDS, "number", "rule_set", "status", "iaf_codes", "sites"]
ADDABLE_KINDS = (
    AuditKind.SPECIAL,
    AuditKind.SCOPE_CHANGE,
    AuditKind.TRANSFER,
    AuditKind.STAGE2,
)
AUDIT_ADD_FIELDS = ("due_from", "due_by", "start_on", "end_on", "objectives")
MAX_SCOPE_CHARS = 2000


def _clean_data(data: dict, *, partial: bool) -> dict:
    unknown = set(data) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    clean = {}
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        clean[name] = value
    if not partial or "scope_text" in clean:
        scope = clean.get("scope_text") or ""
        if not scope:
            errors["scope_text"] = [_("Describe the scope of certification.")]
        elif len(scope) > MAX_SCOPE_CHARS:
            errors["scope_text"] = [_("At most %(n)s characters.") % {"n": MAX_SCOPE_CHARS}]
    if not partial and not clean.get("applied_on"):
        errors["applied_on"] = [_("This field is required.")]
    if "employees" in clean and (clean["employees"] is None or int(clean["employees"]) < 1):
        errors["employees"] = [_("At least one person works in the scope.")]
    if "part_time_fte" in clean:
        try:
            fte = Decimal(str(clean["part_time_fte"] if clean["part_time_fte"] is not None else 0))
        except ArithmeticError:
            fte = Decimal(-1)
        if fte < 0:
            errors["part_time_fte"] = [_("Enter zero or more full-time equivalents.")]
        clean["part_time_fte"] = fte
    if errors:
        raise ValidationError(errors)
    return clean


def _check_links(enterprise, iaf_codes, sites) -> tuple[list, list]:
    codes = list(iaf_codes or [])
    site_list = list(sites or [])
    errors = {}
    if any(not isinstance(c, IafCode) for c in codes):
        errors["iaf_codes"] = [_("Choose IAF codes from the list.")]
    foreign = [s for s in site_list if not isinstance(s, Site) or s.enterprise_id != enterprise.pk]
    if foreign:
        errors["sites"] = [_("Choose sites of this enterprise.")]
    if errors:
        raise ValidationError(errors)
    return codes, site_list


def _next_number(cb_id: int, year: int) -> str:
    prefix = f"C-{year}-"
    taken = set(
        CertificationCycle.objects.filter(cb_id=cb_id, number__startswith=prefix).values_list(
            "number", flat=True
        )
    )
    n = len(taken) + 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


def _record(cycle: CertificationCycle) -> dict:
    return snapshot(cycle, RECORD_FIELDS)


def _new_audit(cycle: CertificationCycle, kind: str, sequence: int = 1, **fields) -> Audit:
    audit = Audit(
        enterprise_id=cycle.enterprise_id,
        cb_id=cycle.cb_id,
        cycle=cycle,
        kind=kind,
        sequence=sequence,
        status=AuditStatus.PLANNED,
        **fields,
    )
    audit.full_clean()
    audit.save()
    audit.sites.set(cycle.sites.all())
    return audit


@transaction.atomic
def cycle_create(
    *, actor, engagement: Engagement, data: dict, iaf_codes=(), sites=()
) -> CertificationCycle:
    """Open a certification cycle on the CB's active certification engagement (IAF codes default
    to the enterprise's), with a planned stage 1 and stage 2 audit."""
    enterprise = engagement.enterprise
    require(actor, "cycle.change", [engagement.cb_id, enterprise.organization_id])
    if engagement.kind != EngagementKind.CERTIFICATION:
        raise ValidationError(
            {"engagement": [_("Choose a certification engagement, not an assistance one.")]}
        )
    if not engagement.is_active:
        raise ValidationError({"engagement": [_("This engagement has ended.")]})
    clean = _clean_data(data, partial=False)
    codes, site_list = _check_links(enterprise, iaf_codes, sites)
    if not codes:
        codes = list(enterprise.iaf_codes.all())
    policy = current_policy(engagement.cb)
    cycle = CertificationCycle(
        enterprise=enterprise,
        cb_id=engagement.cb_id,
        engagement=engagement,
        number=_next_number(engagement.cb_id, clean["applied_on"].year),
        rule_set=policy.rule_set,
        status=CycleStatus.APPLIED,
        **clean,
    )
    cycle.full_clean()
    cycle.save()
    cycle.iaf_codes.set(codes)
    cycle.sites.set(site_list)
    for kind in (AuditKind.STAGE1, AuditKind.STAGE2):
        _new_audit(cycle, kind)
    audit_enterprise_record(actor, "cycle.create", cycle, after=_record(cycle))
    return cycle


@transaction.atomic
def cycle_update(
    *, actor, cycle: CertificationCycle, data: dict, iaf_codes=None, sites=None
) -> CertificationCycle:
    """Change a cycle's scope, staff numbers, application date or note (not a closed one)."""
    require(actor, "cycle.change", acting_orgs(cycle))
    cycle = CertificationCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status in (CycleStatus.CLOSED, CycleStatus.REFUSED):
        raise ValidationError(
            {"status": [_("A %(status)s cycle cannot be changed.") % _status(cycle)]}
        )
    clean = _clean_data(data, partial=True)
    codes, site_list = _check_links(cycle.enterprise, iaf_codes, sites)
    before = _record(cycle)
    for name, value in clean.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    cycle.save()
    if iaf_codes is not None:
        cycle.iaf_codes.set(codes)
    if sites is not None:
        cycle.sites.set(site_list)
    after = _record(cycle)
    if before != after:
        audit_enterprise_record(actor, "cycle.update", cycle, before=before, after=after)
    return cycle


def _status(cycle: CertificationCycle) -> dict:
    return {"status": cycle.get_status_display().lower()}


def _done(cycle: CertificationCycle) -> dict[int, dt.date]:
    done = {}
    rows = cycle.audits.filter(kind=AuditKind.SURVEILLANCE, status=AuditStatus.COMPLETED)
    for audit in rows:
        day = audit.end_on or audit.completed_on
        if day:
            done[audit.sequence] = day
    return done


@transaction.atomic
def programme_refresh(cycle: CertificationCycle) -> list[Audit]:
    """Create the missing surveillance / recertification audits of a certified cycle and move
    the due windows of those still planned. Returns the audits created or moved."""
    cycle = CertificationCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != CycleStatus.CERTIFIED:
        return []
    dues = programme.schedule(
        rule_set(cycle.rule_set),
        decision_on=cycle.decision_on,
        issued_on=cycle.issued_on,
        expires_on=cycle.expires_on,
        done=_done(cycle),
    )
    existing = {
        (a.kind, a.sequence): a
        for a in cycle.audits.filter(kind__in=[d.kind for d in dues]).exclude(
            status=AuditStatus.CANCELLED
        )
    }
    created, moved = [], []
    for due in dues:
        audit = existing.get((due.kind, due.sequence))
        if audit is None:
            created.append(
                _new_audit(cycle, due.kind, due.sequence, due_from=due.due_from, due_by=due.due_by)
            )
        elif audit.status == AuditStatus.PLANNED and (audit.due_from, audit.due_by) != (
            due.due_from,
            due.due_by,
        ):
            audit.due_from, audit.due_by = due.due_from, due.due_by
            audit.save(update_fields=["due_from", "due_by", "updated_at"])
            moved.append(audit)
    if created or moved:
        after = {
            "created": [[a.pk, a.kind, a.sequence, a.due_by] for a in created],
            "moved": [[a.pk, a.kind, a.sequence, a.due_from, a.due_by] for a in moved],
        }
        audit_enterprise_record(None, "cycle.programme", cycle, after=after)
    return [*created, *moved]


@transaction.atomic
def audit_add(*, actor, cycle: CertificationCycle, kind: str, data: dict | None = None) -> Audit:
    """Add a special, scope-change, transfer or repeated stage 2 audit to the programme. A
    special (short-notice) audit is due within the rule set's `special_audit_days` of `today`."""
    require(actor, "cycle.change", acting_orgs(cycle))
    data = dict(data or {})
    today = data.pop("today", None) or timezone.localdate()
    if kind not in ADDABLE_KINDS:
        raise ValidationError({"kind": [_("This kind of audit cannot be added by hand.")]})
    cycle = CertificationCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status in (CycleStatus.CLOSED, CycleStatus.REFUSED):
        raise ValidationError(
            {"status": [_("A %(status)s cycle takes no more audits.") % _status(cycle)]}
        )
    if kind == AuditKind.STAGE2 and cycle.status != CycleStatus.APPLIED:
        raise ValidationError(
            {"kind": [_("Stage 2 is repeated only before the initial certification decision.")]}
        )
    unknown = set(data) - set(AUDIT_ADD_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    fields = {name: data[name] for name in AUDIT_ADD_FIELDS if data.get(name) not in (None, "")}
    if kind == AuditKind.SPECIAL and "due_by" not in fields:
        fields["due_by"] = today + dt.timedelta(days=rule_set(cycle.rule_set).special_audit_days)
    if fields.get("due_from") and fields.get("due_by") and fields["due_from"] > fields["due_by"]:
        raise ValidationError({"due_by": [_("The due date is before the window opens.")]})
    if fields.get("start_on") and fields.get("end_on") and fields["start_on"] > fields["end_on"]:
        raise ValidationError({"end_on": [_("The last day is before the first day.")]})
    sequence = cycle.audits.filter(kind=kind).count() + 1
    audit = _new_audit(cycle, kind, sequence, **fields)
    audit_enterprise_record(
        actor, "audit.add", audit, after=snapshot(audit, ["kind", "sequence", *AUDIT_ADD_FIELDS])
    )
    return audit


@transaction.atomic
def cycle_renew(*, actor, cycle: CertificationCycle, decision_on: dt.date) -> CertificationCycle:
    """Recertification granted: close `cycle` and open the next one (previous = cycle) with the
    same scope, codes and sites; issued on the decision day, expiring `cycle_months` after the
    old expiry (continuity), certified, its programme planned. Called by the decision service,
    so the decider's `certification.decide` is the permission checked."""
    require(actor, "certification.decide", acting_orgs(cycle))
    cycle = CertificationCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != CycleStatus.CERTIFIED or cycle.expires_on is None:
        raise ValidationError(
            {
                "status": [
                    _("Only a certified cycle can be renewed; this one is %(status)s.")
                    % _status(cycle)
                ]
            }
        )
    if CertificationCycle.objects.filter(previous=cycle).exists():
        raise ValidationError({"cycle": [_("This cycle has already been renewed.")]})
    before = _record(cycle)
    cycle.status = CycleStatus.CLOSED
    cycle.save(update_fields=["status", "updated_at"])
    policy = current_policy(cycle.cb)
    rules = rule_set(policy.rule_set)
    new = CertificationCycle(
        enterprise_id=cycle.enterprise_id,
        cb_id=cycle.cb_id,
        engagement_id=cycle.engagement_id,
        number=_next_number(cycle.cb_id, decision_on.year),
        previous=cycle,
        rule_set=policy.rule_set,
        status=CycleStatus.CERTIFIED,
        applied_on=decision_on,
        scope_text=cycle.scope_text,
        employees=cycle.employees,
        part_time_fte=cycle.part_time_fte,
        decision_on=decision_on,
        issued_on=decision_on,
        expires_on=cycle.expires_on + relativedelta(months=rules.cycle_months),
    )
    new.full_clean()
    new.save()
    new.iaf_codes.set(cycle.iaf_codes.all())
    new.sites.set(cycle.sites.all())
    audit_enterprise_record(
        actor, "cycle.renew", new, before=before, after={**_record(new), "previous": cycle.pk}
    )
    programme_refresh(new)
    return new
