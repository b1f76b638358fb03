"""Test data for decisions, certificates, the public lookup and the register (no tests here).

Built with Model.objects.create on the matrix world cycles (tests/matrix_rows/_certification):
a1 and a2 are CB A's clients, b1 is CB B's; the stage 2 team of a1/a2 is led by cba_auditor1.
"""

from __future__ import annotations

import datetime as dt

from qualift.certification.choices import AuditStatus
from qualift.certification.models import Audit, Certificate, Finding
from qualift.standards.models import Clause

STAGE2_END = dt.date(2025, 3, 4)  # the world's stage 2 audits run 2025-03-03..04


def world_cycles(world) -> dict:
    # The permission matrix first: its row modules import the shared tables back from it.
    import tests.test_permission_matrix  # noqa: F401
    from tests.matrix_rows._certification import world_cycles as build

    return build(world)


def completed_cycle(world, key: str = "a1"):
    """The world cycle of `key` with stage 1 and stage 2 completed; returns (cycle, stage2)."""
    cycle = world_cycles(world)[key]
    cycle.audits.update(status=AuditStatus.COMPLETED, completed_on=STAGE2_END)
    return cycle, cycle.audits.get(kind="stage2")


def add_finding(audit: Audit, grade: str, status: str, number: str = "") -> Finding:
    return Finding.objects.create(
        enterprise=audit.enterprise,
        cb=audit.cb,
        audit=audit,
        number=number or f"{audit.cycle.number}-{audit.kind}-{grade}-{status}",
        grade=grade,
        clause=Clause.objects.order_by("pk").first(),
        statement="Statement",
        evidence="Evidence",
        status=status,
        raised_on=audit.end_on or STAGE2_END,
    )


def make_certificate(
    world,
    key: str = "a1",
    *,
    number: str = "",
    issued_on: dt.date = dt.date(2025, 4, 1),
    expires_on: dt.date = dt.date(2028, 3, 31),
    status: str = "valid",
) -> Certificate:
    """A certificate on the world cycle of `key` (cycle marked certified with the same dates)."""
    cycle = world_cycles(world)[key]
    cycle.status = "certified"
    cycle.decision_on = cycle.issued_on = issued_on
    cycle.expires_on = expires_on
    cycle.save()
    return Certificate.objects.create(
        enterprise=cycle.enterprise,
        cb=cycle.cb,
        cycle=cycle,
        number=number or f"QMS-T-{key.upper()}",
        holder=cycle.enterprise.name,
        scope_text=cycle.scope_text,
        first_issued_on=issued_on,
        issued_on=issued_on,
        expires_on=expires_on,
        status=status,
        status_since=issued_on,
    )


def add_recertification(cycle, *, end_on: dt.date, status: str = AuditStatus.COMPLETED) -> Audit:
    return Audit.objects.create(
        enterprise=cycle.enterprise,
        cb=cycle.cb,
        cycle=cycle,
        kind="recertification",
        status=status,
        start_on=end_on - dt.timedelta(days=1),
        end_on=end_on,
        completed_on=end_on if status == AuditStatus.COMPLETED else None,
    )
