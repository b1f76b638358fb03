"""Permission-matrix rows for audit planning (issue 7): /certification/audits/,
/certification/audit/<pk>/…, /certification/team-member/<pk>/…, /certification/schedule/<pk>/…
and /api/v1/audits/.

Kinds: the world's stage 2 audits ("cert_audits_audit" = world_audits; the plan is not sent,
so the client may not download its PDF yet), "cert_audits_member" (the stage 2 leader, who has
a schedule line: removing them is refused, so every permitted POST answers the same 302),
"cert_audits_item" (that schedule line) and "cert_audits_locked_item" (a line of a completed
audit: deleting it is refused, 302, so the row stays for the next persona).
"""

from __future__ import annotations

from tests.matrix_rows._certification import (
    CB_PEOPLE,
    CERT_STAFF,
    CERT_VISIBLE,
    CERT_WORK,
    world_audits,
)
from tests.test_permission_matrix import Row

AUDIT = "cert_audits_audit"
MEMBER = "cert_audits_member"
ITEM = "cert_audits_item"
LOCKED_ITEM = "cert_audits_locked_item"

ROWS = {
    "certification:audit-list": Row(allowed=CB_PEOPLE),
    "certification:audit-detail": Row(AUDIT, visible=CERT_VISIBLE),
    "certification:audit-edit": Row(AUDIT, visible=CERT_VISIBLE, writable=CERT_WORK),
    "certification:audit-team": Row(AUDIT, visible=CERT_VISIBLE),
    "certification:team-remove": Row(
        MEMBER, method="post", visible=CERT_VISIBLE, writable=CERT_WORK, ok=(302,)
    ),
    "certification:audit-schedule": Row(AUDIT, visible=CERT_VISIBLE),
    "certification:schedule-edit": Row(ITEM, visible=CERT_VISIBLE, writable=CERT_WORK),
    "certification:schedule-delete": Row(
        LOCKED_ITEM, method="post", visible=CERT_VISIBLE, writable=CERT_WORK, ok=(302,)
    ),
    # Refused by the service (no audit time, no schedule): back to the audit with the reasons.
    "certification:audit-send-plan": Row(
        AUDIT, method="post", visible=CERT_VISIBLE, writable=CERT_WORK, ok=(302,)
    ),
    # Not sent yet: only CB staff may download the plan.
    "certification:audit-plan-pdf": Row(AUDIT, visible=CERT_STAFF),
    # No reason given: refused, back to the audit.
    "certification:audit-cancel": Row(
        AUDIT, method="post", visible=CERT_VISIBLE, writable=CERT_WORK, ok=(302,)
    ),
}

API_ROWS = {
    "api:audit-list": Row(),  # everyone signed in: only what they may see
    # An empty PATCH changes nothing: 200 where allowed.
    "api:audit-detail": Row(AUDIT, method="patch", visible=CERT_VISIBLE, writable=CERT_WORK),
    # An empty body: 400 for planners, 403 for the client.
    "api:audit-team": Row(
        AUDIT, method="post", visible=CERT_VISIBLE, writable=CERT_WORK, ok=(400,)
    ),
    # No audit time, no schedule: 400 for planners.
    "api:audit-send-plan": Row(
        AUDIT, method="post", visible=CERT_VISIBLE, writable=CERT_WORK, ok=(400,)
    ),
    "api:audit-checks": Row(AUDIT, visible=CERT_VISIBLE, writable=CERT_WORK),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (AUDIT, MEMBER, ITEM, LOCKED_ITEM):
        return None
    import datetime as dt

    from qualift.certification.models import Audit, ScheduleItem

    audits = world_audits(world)
    result = {}
    for key, audit in audits.items():
        leader = audit.team.get(role="leader")
        if kind == AUDIT:
            result[key] = {"pk": audit.pk}
        elif kind == MEMBER:
            ScheduleItem.objects.create(
                enterprise=audit.enterprise,
                cb=audit.cb,
                audit=audit,
                day=dt.date(2025, 3, 3),
                starts_at=dt.time(9),
                ends_at=dt.time(10),
                activity=f"Matrix opening {key}",
                auditor=leader.user,
            )
            result[key] = {"pk": leader.pk}
        else:
            target = audit
            if kind == LOCKED_ITEM:
                # Test data only: a completed special audit whose plan can no longer change.
                target = Audit.objects.create(
                    enterprise=audit.enterprise,
                    cb=audit.cb,
                    cycle=audit.cycle,
                    kind="special",
                    status="completed",
                    start_on=dt.date(2025, 3, 3),
                    end_on=dt.date(2025, 3, 3),
                )
            item = ScheduleItem.objects.create(
                enterprise=audit.enterprise,
                cb=audit.cb,
                audit=target,
                day=dt.date(2025, 3, 3),
                starts_at=dt.time(9),
                ends_at=dt.time(10),
                activity=f"Matrix line {key}",
            )
            result[key] = {"pk": item.pk}
    result["missing"] = {"pk": 999_999}
    return result
