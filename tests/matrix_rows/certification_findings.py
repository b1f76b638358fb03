"""Permission-matrix rows for the checklist workspace, findings, the audit report and the client
portal (issue 7): /certification/audit/<pk>/{start,checklist,complete,findings,report.pdf}/…,
/certification/finding/<pk>/…, /certification/response/<pk>/review/, /certification/client/ and
/api/v1/findings/.

Kinds: "cert_findings_audit" (the world cycles' stage 2 audits, status planned, led by
cba_auditor1 / cbb_admin), "cert_findings_answer" (that audit and a question of the default
checklist), "cert_findings_finding" (an open major finding on it), "cert_findings_response" (a
pending response to that finding). On-site work (answer, complete, raise, review, verify) needs
the audit team or the CB's administrator: cba_auditor2 gets 403. Writes probed here change
nothing: the audit is only planned (start answers with a message) and the forms are empty.
"""

from __future__ import annotations

import datetime as dt

from tests.matrix_rows._certification import (
    CERT_STAFF,
    CERT_VISIBLE,
    ENTERPRISE_PEOPLE,
    RESPOND,
    world_audits,
)
from tests.test_permission_matrix import Row

AUDIT = "cert_findings_audit"
ANSWER = "cert_findings_answer"
FINDING = "cert_findings_finding"
RESPONSE = "cert_findings_response"
# The audit team (leader) and the CB's administrator.
TEAM = {
    "a1": {"cba_admin", "cba_auditor1"},
    "a2": {"cba_admin", "cba_auditor1"},
    "b1": {"cbb_admin"},
}

ROWS = {
    "certification:audit-start": Row(
        AUDIT, method="post", visible=CERT_VISIBLE, writable=TEAM, ok=(302,)
    ),
    "certification:audit-workspace": Row(AUDIT, visible=CERT_STAFF),
    "certification:answer": Row(
        ANSWER, method="post", visible=CERT_STAFF, writable=TEAM, ok=(302,)
    ),
    "certification:audit-complete": Row(AUDIT, visible=CERT_STAFF, writable=TEAM),
    "certification:audit-report-pdf": Row(AUDIT, visible=CERT_VISIBLE),
    "certification:audit-findings": Row(AUDIT, visible=CERT_VISIBLE),
    "certification:finding-create": Row(AUDIT, visible=CERT_VISIBLE, writable=TEAM),
    "certification:finding-detail": Row(FINDING, visible=CERT_VISIBLE),
    "certification:finding-respond": Row(FINDING, visible=CERT_VISIBLE, writable=RESPOND),
    "certification:finding-verify": Row(
        FINDING, method="post", visible=CERT_VISIBLE, writable=TEAM, ok=(302,)
    ),
    "certification:response-review": Row(
        RESPONSE, method="post", visible=CERT_VISIBLE, writable=TEAM, ok=(302,)
    ),
    "certification:client": Row(allowed=ENTERPRISE_PEOPLE),
}

API_ROWS = {
    "api:finding-list": Row(),  # everyone signed in: only what they may see
    "api:finding-detail": Row(FINDING, visible=CERT_VISIBLE),
    # Empty bodies: 400 for those allowed, so nothing changes.
    "api:finding-respond": Row(
        FINDING, method="post", visible=CERT_VISIBLE, writable=RESPOND, ok=(400,)
    ),
    "api:finding-review": Row(
        FINDING, method="post", visible=CERT_VISIBLE, writable=TEAM, ok=(400,)
    ),
    "api:finding-verify": Row(
        FINDING, method="post", visible=CERT_VISIBLE, writable=TEAM, ok=(400,)
    ),
}


def _findings(world) -> dict:
    cached = getattr(world, "_cert_findings", None)
    if cached is not None:
        return cached
    from django.utils import timezone

    from qualift.certification.models import Finding, FindingResponse
    from qualift.standards.models import Clause

    clause = Clause.objects.get(number="7.2")
    out = {}
    for key, audit in world_audits(world).items():
        finding = Finding.objects.create(  # test data only
            enterprise=audit.enterprise,
            cb=audit.cb,
            audit=audit,
            number=f"{audit.cycle.number}-ST2-01",
            grade="major",
            clause=clause,
            statement=f"Matrix finding {key}",
            evidence="Matrix evidence",
            status="responded",
            due_on=dt.date(2025, 6, 2),
            raised_on=dt.date(2025, 3, 4),
        )
        response = FindingResponse.objects.create(
            enterprise=audit.enterprise,
            cb=audit.cb,
            finding=finding,
            correction="c",
            root_cause="r",
            corrective_action="a",
            submitted_at=timezone.now(),
        )
        out[key] = (finding, response)
    world._cert_findings = out
    return out


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind == AUDIT:
        t = {key: {"pk": a.pk} for key, a in world_audits(world).items()}
    elif kind == ANSWER:
        from qualift.standards.selectors import default_template

        question = default_template().questions.order_by("position").first()
        t = {
            key: {"pk": a.pk, "question_pk": question.pk} for key, a in world_audits(world).items()
        }
        t["missing"] = {"pk": 999_999, "question_pk": question.pk}
        return t
    elif kind == FINDING:
        t = {key: {"pk": f.pk} for key, (f, _r) in _findings(world).items()}
    elif kind == RESPONSE:
        t = {key: {"pk": r.pk} for key, (_f, r) in _findings(world).items()}
    else:
        return None
    t["missing"] = {"pk": 999_999}
    return t
