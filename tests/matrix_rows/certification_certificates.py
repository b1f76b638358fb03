"""Permission-matrix rows for certification decisions, the certificate register and the public
lookup (issue 7): /certification/cycle/<pk>/decide/, decision/…, certificates/…, certificate/…;
/verify/…; /api/v1/certificates/, /api/v1/decisions/.

Kinds (built for a1, a2, b1 on the world cycles, test data only):
- "cert_certificates_cycle": the world cycle (pk).
- "cert_certificates_certificate": a valid certificate of that cycle (pk).
- "cert_certificates_decision": a grant decision on the cycle's stage 2 (pk).
- "cert_public_number": the certificate's number (the public page names only its own holder).
"""

from __future__ import annotations

import datetime as dt

from tests.matrix_rows._certification import (
    CB_ADMIN,
    CB_PEOPLE,
    CERT_VISIBLE,
    CERT_WORK,
    ENTERPRISE_PEOPLE,
    world_audits,
    world_cycles,
)
from tests.test_permission_matrix import Row

CYCLE = "cert_certificates_cycle"
CERTIFICATE = "cert_certificates_certificate"
DECISION = "cert_certificates_decision"
PUBLIC = "cert_public_number"

ROWS = {
    # GET: the decision page (a team member sees why the form is refused); the client: 403.
    "certification:decide": Row(CYCLE, visible=CERT_VISIBLE, writable=CERT_WORK),
    "certification:decision-detail": Row(DECISION, visible=CERT_VISIBLE),
    "certification:certificate-list": Row(allowed=CB_PEOPLE | ENTERPRISE_PEOPLE),
    "certification:certificate-detail": Row(CERTIFICATE, visible=CERT_VISIBLE),
    "certification:certificate-status": Row(CERTIFICATE, visible=CERT_VISIBLE, writable=CB_ADMIN),
    # Empty POST: the note is missing → a message and back to the certificate.
    "certification:certificate-restore": Row(
        CERTIFICATE, method="post", visible=CERT_VISIBLE, writable=CB_ADMIN, ok=(302,)
    ),
    "certification:certificate-pdf": Row(CERTIFICATE, visible=CERT_VISIBLE),
    "verify:lookup": Row(public=True),
    "verify:certificate": Row(PUBLIC, public=True),
}

API_ROWS = {
    "api:certificate-list": Row(),
    "api:certificate-detail": Row(CERTIFICATE, visible=CERT_VISIBLE),
    # Empty bodies: a status change needs to_status and reason, a restoration a note (400).
    "api:certificate-status": Row(
        CERTIFICATE, method="post", visible=CERT_VISIBLE, writable=CB_ADMIN, ok=(400,)
    ),
    "api:certificate-restore": Row(
        CERTIFICATE, method="post", visible=CERT_VISIBLE, writable=CB_ADMIN, ok=(400,)
    ),
    "api:decision-list": Row(),
    "api:decision-detail": Row(DECISION, visible=CERT_VISIBLE),
}


def world_certificates(world) -> dict:
    """A valid certificate (and the grant decision behind it) per world cycle."""
    cached = getattr(world, "_cert_certificates", None)
    if cached is not None:
        return cached
    from qualift.certification.models import Certificate, Decision

    deciders = {"a1": "cba_admin", "a2": "cba_admin", "b1": "cbb_admin"}
    audits = world_audits(world, "stage2")
    made = {}
    for key, cycle in world_cycles(world).items():
        decision = Decision.objects.create(
            enterprise=cycle.enterprise,
            cb=cycle.cb,
            cycle=cycle,
            audit=audits[key],
            outcome="grant",
            reasons="Matrix decision",
            decided_by=world.users[deciders[key]],
            decided_on=dt.date(2025, 4, 1),
        )
        certificate = Certificate.objects.create(
            enterprise=cycle.enterprise,
            cb=cycle.cb,
            cycle=cycle,
            number=f"QMS-MATRIX-{key.upper()}",
            holder=cycle.enterprise.name,
            scope_text=cycle.scope_text,
            first_issued_on=dt.date(2025, 4, 1),
            issued_on=dt.date(2025, 4, 1),
            expires_on=dt.date(2028, 3, 31),
            status_since=dt.date(2025, 4, 1),
        )
        made[key] = (certificate, decision)
    world._cert_certificates = made
    return made


def targets(world, kind: str) -> dict | None:
    if kind == CYCLE:
        return {key: {"pk": c.pk} for key, c in world_cycles(world).items()}
    if kind == CERTIFICATE:
        return {key: {"pk": c.pk} for key, (c, _d) in world_certificates(world).items()}
    if kind == DECISION:
        return {key: {"pk": d.pk} for key, (_c, d) in world_certificates(world).items()}
    if kind == PUBLIC:
        found = {key: {"number": c.number} for key, (c, _d) in world_certificates(world).items()}
        return {**found, "missing": {"number": "NO-SUCH"}}
    return None
