"""Shared visibility tables for the certification rows (issue 7); not a rows module itself.

Certification records: the certifying CB's admin and auditors (not its assistance experts, not
program offices) and the client enterprise's own users. Working papers the client does not see
(checklist answers, the auditor register, proposals, the CB's policy): CB staff only.
In the world, CB A certifies a1 and a2 for these rows' targets; CB B certifies b1.
"""

from __future__ import annotations

A1 = {"a1_admin", "a1_steward", "a1_staff"}  # the same set as tests.test_permission_matrix.A1

CB_A_CERT = {"cba_admin", "cba_auditor1", "cba_auditor2"}
CLIENTS = {"a1": A1, "a2": {"a2_admin"}, "b1": {"b1_admin"}}
# CB staff only (checklist answers, auditors, proposals).
CERT_STAFF = {"a1": CB_A_CERT, "a2": CB_A_CERT, "b1": {"cbb_admin"}}
# Cycles, audits, findings, decisions, certificates: CB staff and the client.
CERT_VISIBLE = {key: CERT_STAFF[key] | CLIENTS[key] for key in CERT_STAFF}
# cert_audit.plan / cert_audit.conduct / certification.decide (by role): admin and auditors.
CERT_WORK = CERT_STAFF
# cycle.change, certificate.change, auditor.change, cert_policy.change: the CB admin.
CB_ADMIN = {"a1": {"cba_admin"}, "a2": {"cba_admin"}, "b1": {"cbb_admin"}}
# finding.respond: the client's admin and quality steward.
RESPOND = {"a1": {"a1_admin", "a1_steward"}, "a2": {"a2_admin"}, "b1": {"b1_admin"}}
# Routes without an object, by who may open them.
CB_PEOPLE = {"cba_admin", "cba_auditor1", "cba_auditor2", "cbb_admin"}
CB_ADMINS = {"cba_admin", "cbb_admin"}
ENTERPRISE_PEOPLE = A1 | {"a2_admin", "b1_admin"}


def world_cycles(world) -> dict:
    """One certification cycle per world enterprise (test data only, built once per world):
    a1 and a2 are CB A's clients, b1 is CB B's. Each cycle has a stage 1 and a stage 2 audit;
    the stage 2 team is led by cba_auditor1 (CB A) or cbb_admin (CB B)."""
    cached = getattr(world, "_cert_cycles", None)
    if cached is not None:
        return cached
    import datetime as dt

    from qualift.certification.models import Audit, CertificationCycle, TeamMember
    from qualift.enterprises.models import Engagement

    leaders = {"a1": "cba_auditor1", "a2": "cba_auditor1", "b1": "cbb_admin"}
    cycles = {}
    for key, enterprise in {"a1": world.a1, "a2": world.a2, "b1": world.b1}.items():
        cb = world.cb_b if key == "b1" else world.cb_a
        engagement = Engagement.objects.filter(
            cb=cb, enterprise=enterprise, kind="certification"
        ).first() or Engagement.objects.create(
            cb=cb, enterprise=enterprise, kind="certification", start=dt.date(2025, 1, 1)
        )
        cycle = CertificationCycle.objects.create(
            enterprise=enterprise,
            cb=cb,
            engagement=engagement,
            number=f"C-{key}",
            rule_set="iso17021",
            applied_on=dt.date(2025, 2, 1),
            scope_text=f"Matrix scope {key}",
            employees=12,
        )
        for kind in ("stage1", "stage2"):
            audit = Audit.objects.create(
                enterprise=enterprise,
                cb=cb,
                cycle=cycle,
                kind=kind,
                start_on=dt.date(2025, 3, 3),
                end_on=dt.date(2025, 3, 4),
            )
        TeamMember.objects.create(
            enterprise=enterprise,
            cb=cb,
            audit=audit,
            user=world.users[leaders[key]],
            role="leader",
            days=2,
        )
        cycles[key] = cycle
    world._cert_cycles = cycles
    return cycles


def world_audits(world, kind: str = "stage2") -> dict:
    """The world cycles' audit of `kind` per target key."""
    return {key: cycle.audits.get(kind=kind) for key, cycle in world_cycles(world).items()}
