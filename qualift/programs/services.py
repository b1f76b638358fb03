"""Writes for programs, ledger entries and incentive policies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_record, snapshot, stored_snapshot
from qualift.enterprises.models import Enterprise
from qualift.programs.choices import LedgerStatus, allowed_moves
from qualift.programs.models import IncentivePolicy, LedgerEntry, LedgerMove, Program
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import require

PROGRAM_FIELDS = (
    "name",
    "name_en",
    "start",
    "end",
    "target_enterprises",
    "target_person_trainings",
)
POLICY_FIELDS = ("title", "region", "kind", "valid_from", "valid_to", "link", "summary")


def _org(pk: int | None) -> Organization | None:
    return Organization.objects.filter(pk=pk).first() if pk else None


def _check_period(start, end, end_field: str = "end") -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


@transaction.atomic
def program_create(
    *, actor, owner: Organization, data: dict[str, Any], regions=(), participating_cbs=()
) -> Program:
    """Start a program owned by a program office."""
    require(actor, "program.create", [owner.pk])
    if owner.kind != OrgKind.PROGRAM_OFFICE:
        raise ValidationError({"owner": _("A program belongs to a program office.")})
    program = Program(owner=owner, **{k: data[k] for k in PROGRAM_FIELDS if k in data})
    program.full_clean()
    _check_period(program.start, program.end)
    program.save()
    program.regions.set(regions)
    program.participating_cbs.set(participating_cbs)
    audit_record(
        actor=actor,
        verb="program.create",
        target=program,
        organization=owner,
        after=snapshot(program),
    )
    return program


@transaction.atomic
def program_update(
    *, actor, program: Program, data: dict[str, Any], regions=None, participating_cbs=None
) -> Program:
    """Change a program's name, period, targets, regions or participating CBs."""
    require(actor, "program.change", [program.owner_id])
    before = stored_snapshot(program)
    for key in PROGRAM_FIELDS:
        if key in data:
            setattr(program, key, data[key])
    program.full_clean()
    _check_period(program.start, program.end)
    program.save()
    if regions is not None:
        program.regions.set(regions)
    if participating_cbs is not None:
        program.participating_cbs.set(participating_cbs)
    audit_record(
        actor=actor,
        verb="program.update",
        target=program,
        organization=program.owner,
        before=before,
        after=snapshot(program),
    )
    return program


@transaction.atomic
def ledger_entry_create(
    *, actor, program: Program, enterprise: Enterprise, cb: Organization, note: str = ""
) -> LedgerEntry:
    """Put an enterprise on a program's assistance ledger with its assigned CB (status screened).

    The program office may assign any participating CB; a CB may add enterprises for itself.
    """
    org_id = require(actor, "ledger.create", [program.owner_id, cb.pk])
    if not program.participating_cbs.filter(pk=cb.pk).exists():
        raise ValidationError(
            {"cb": _("This certification body does not take part in the program.")}
        )
    if LedgerEntry.objects.filter(program=program, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("This enterprise is already on the ledger.")})
    now = timezone.now()
    entry = LedgerEntry(
        program=program,
        enterprise=enterprise,
        cb=cb,
        note=note,
        status=LedgerStatus.SCREENED,
        status_changed_at=now,
    )
    entry.full_clean()
    entry.save()
    LedgerMove.objects.create(
        entry=entry,
        enterprise=enterprise,
        from_status="",
        to_status=entry.status,
        moved_at=now,
        moved_by=_user(actor),
        note=note,
    )
    audit_record(
        actor=actor,
        verb="ledger.create",
        target=entry,
        organization=_org(org_id),
        enterprise_id=enterprise.pk,
        after=snapshot(entry),
    )
    return entry


@transaction.atomic
def ledger_move(*, actor, entry: LedgerEntry, to_status: str, note: str = "") -> LedgerEntry:
    """Move a ledger entry one step forward, one step back, or close it (with a reason)."""
    org_id = require(actor, "ledger.move", [entry.program.owner_id, entry.cb_id])
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if to_status not in allowed_moves(entry.status):
        raise ValidationError(
            {
                "to_status": _("Cannot move from %(a)s to %(b)s.")
                % {"a": LedgerStatus(entry.status).label, "b": _label(to_status)}
            }
        )
    going_back = LedgerStatus.values.index(to_status) < LedgerStatus.values.index(entry.status)
    early_close = to_status == LedgerStatus.CLOSED and entry.status != LedgerStatus.EVALUATED
    if (going_back or early_close) and not note.strip():
        raise ValidationError({"note": _("Say why: moving back or closing early needs a note.")})
    before = snapshot(entry, ["status", "status_changed_at"])
    now = timezone.now()
    LedgerMove.objects.create(
        entry=entry,
        enterprise_id=entry.enterprise_id,
        from_status=entry.status,
        to_status=to_status,
        moved_at=now,
        moved_by=_user(actor),
        note=note,
    )
    entry.status, entry.status_changed_at = to_status, now
    entry.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="ledger.move",
        target=entry,
        organization=_org(org_id),
        enterprise_id=entry.enterprise_id,
        before=before,
        after=snapshot(entry, ["status", "status_changed_at"]),
        reason=note,
    )
    return entry


@transaction.atomic
def policy_save(
    *, actor, owner: Organization, policy: IncentivePolicy | None, data: dict[str, Any]
) -> IncentivePolicy:
    """Register an incentive policy or change one."""
    require(actor, "policy.change" if policy else "policy.create", [owner.pk])
    creating = policy is None
    policy = policy or IncentivePolicy(owner=owner)
    before = None if creating else stored_snapshot(policy)
    for key in POLICY_FIELDS:
        if key in data:
            setattr(policy, key, data[key])
    policy.full_clean()
    _check_period(policy.valid_from, policy.valid_to, "valid_to")
    policy.save()
    audit_record(
        actor=actor,
        verb="policy.create" if creating else "policy.update",
        target=policy,
        organization=owner,
        before=before,
        after=snapshot(policy),
    )
    return policy


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _label(status: str) -> str:
    try:
        return str(LedgerStatus(status).label)
    except ValueError:
        return status
