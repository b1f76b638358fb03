"""Permission-matrix rows for the auditor register (issue 7): /certification/auditors/…,
/certification/auditor-codes/<pk>/edit/ and /api/v1/auditors/.

The register is CB-internal: its staff (admin, auditors) read it, the CB admin keeps it; clients,
assistance experts and program offices do not see it. Targets are keyed like the other
certification rows: "a1" and "a2" are CB A's register (cba_auditor1, cba_auditor2), "b1" is CB B's
(cbb_admin). Kinds: "cert_auditors_profile" (a profile), "cert_auditors_code" (one IAF code of it).
"""

from __future__ import annotations

import datetime as dt

from tests.matrix_rows._certification import CB_ADMIN, CB_ADMINS, CB_PEOPLE, CERT_STAFF
from tests.test_permission_matrix import Row

PROFILE = "cert_auditors_profile"
CODE = "cert_auditors_code"

ROWS = {
    "certification:auditor-list": Row(allowed=CB_PEOPLE),
    "certification:auditor-create": Row(allowed=CB_ADMINS),
    "certification:auditor-detail": Row(PROFILE, visible=CERT_STAFF),
    "certification:auditor-edit": Row(PROFILE, visible=CERT_STAFF, writable=CB_ADMIN),
    "certification:auditor-code-create": Row(PROFILE, visible=CERT_STAFF, writable=CB_ADMIN),
    "certification:auditor-code-edit": Row(CODE, visible=CERT_STAFF, writable=CB_ADMIN),
    "certification:training-create": Row(PROFILE, visible=CERT_STAFF, writable=CB_ADMIN),
}

API_ROWS = {
    "api:auditor-list": Row(),  # every signed-in user: only their own CB's register
    "api:auditor-detail": Row(PROFILE, method="patch", visible=CERT_STAFF, writable=CB_ADMIN),
}


def _profiles(world) -> dict:
    cached = getattr(world, "_cert_auditor_profiles", None)
    if cached is not None:
        return cached
    from qualift.certification.services.auditors import auditor_code_save, auditor_save

    people = {"a1": ("cba_auditor1", world.cb_a), "a2": ("cba_auditor2", world.cb_a)}
    people["b1"] = ("cbb_admin", world.cb_b)
    profiles = {}
    for key, (username, cb) in people.items():
        profile = auditor_save(
            actor=None, cb=cb, data={"user": world.users[username], "grade": "auditor"}
        )
        code = auditor_code_save(
            actor=None, profile=profile, data={"iaf_code": "17", "valid_from": dt.date(2025, 1, 1)}
        )
        profiles[key] = (profile, code)
    world._cert_auditor_profiles = profiles
    return profiles


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (PROFILE, CODE):
        return None
    index = 0 if kind == PROFILE else 1
    found = {key: {"pk": pair[index].pk} for key, pair in _profiles(world).items()}
    return {**found, "missing": {"pk": 999_999}}
