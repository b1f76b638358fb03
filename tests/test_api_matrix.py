"""API permission matrix: every /api/v1/ route × persona × {own, sibling, other CB's, nonexistent}.

Uses the same hand-written visibility and write tables as the UI matrix. Writes are probed with
an empty PATCH (a no-op update: 200 when allowed) and actions with an empty POST (400 when
allowed: the body is incomplete), so the matrix changes nothing it does not mean to.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.test_permission_matrix import (
    ADMINS,
    CANARIES_VISIBLE,
    ENGAGEMENT_WRITE,
    ENTERPRISE_VISIBLE,
    ENTERPRISE_WRITE,
    ENTRY_MOVE,
    ENTRY_VISIBLE,
    POLICY_VISIBLE,
    POLICY_WRITE,
    PROGRAM_VISIBLE,
    PROGRAM_WRITE,
    USERS,
    Row,
    _check_canaries,
    _collect,
    _reverse,
    _targets,
)

pytestmark = pytest.mark.django_db

ORG_VISIBLE_BY_USER = {
    user: {k for k in keys if k not in ("program", "program2")}
    for user, keys in CANARIES_VISIBLE.items()
}
ORG_VISIBLE_BY_USER["po2_admin"] = {"office2"}  # the CB register is public in forms, not the API
ORG_KEYS = ("office", "office2", "cb_a", "cb_b", "a1", "a2", "b1")
ORG_VISIBLE = {key: {u for u in USERS if key in ORG_VISIBLE_BY_USER[u]} for key in ORG_KEYS}
AUDIT_VISIBLE = {"a1_create": {"cba_admin", "a1_admin"}}

API_MATRIX: dict[str, Row] = {
    "api:api-root": Row(),
    "api:token": Row(method="post", public=True, ok=(400,)),
    "api:organization-list": Row(),
    "api:organization-detail": Row("organization", visible=ORG_VISIBLE),
    "api:enterprise-list": Row(),
    "api:enterprise-detail": Row(
        "enterprise", method="patch", visible=ENTERPRISE_VISIBLE, writable=ENTERPRISE_WRITE
    ),
    "api:engagement-list": Row(),
    "api:engagement-detail": Row("engagement", visible=ENTERPRISE_VISIBLE),
    "api:engagement-end": Row(
        "engagement",
        method="post",
        visible=ENTERPRISE_VISIBLE,
        writable=ENGAGEMENT_WRITE,
        ok=(400,),
    ),
    "api:program-list": Row(),
    "api:program-detail": Row(
        "program", method="patch", visible=PROGRAM_VISIBLE, writable=PROGRAM_WRITE
    ),
    "api:ledger-entry-list": Row(),
    "api:ledger-entry-detail": Row("entry", visible=ENTRY_VISIBLE),
    "api:ledger-entry-move": Row(
        "entry", method="post", visible=ENTRY_VISIBLE, writable=ENTRY_MOVE, ok=(400,)
    ),
    "api:policy-list": Row(),
    "api:policy-detail": Row(
        "policy", method="patch", visible=POLICY_VISIBLE, writable=POLICY_WRITE
    ),
    "api:audit-event-list": Row(allowed=ADMINS),
    "api:audit-event-detail": Row("audit", visible=AUDIT_VISIBLE),
}


def _load_feature_rows() -> None:
    from tests.matrix_rows import load

    for module in load():
        API_MATRIX.update(getattr(module, "API_ROWS", {}))


_load_feature_rows()


def api_route_names() -> set[str]:
    from django.urls import get_resolver

    return {n for n in _collect(get_resolver().url_patterns) if n.startswith("api:")}


def _api_targets(world, kind: str) -> dict[str, dict]:
    if kind == "organization":
        orgs = {
            "office": world.office,
            "office2": world.office2,
            "cb_a": world.cb_a,
            "cb_b": world.cb_b,
            "a1": world.a1.organization,
            "a2": world.a2.organization,
            "b1": world.b1.organization,
        }
        targets = {k: {"pk": o.pk} for k, o in orgs.items()}
        targets["missing"] = {"pk": 999_999}
        return targets
    if kind == "audit":
        from qualift.core.models import AuditEvent

        event = AuditEvent.objects.get(verb="enterprise.create", enterprise_id=world.a1.pk)
        return {"a1_create": {"pk": event.pk}, "missing": {"pk": 999_999}}
    return _targets(world, kind)


def _expected(row: Row, route: str, user: str | None, target: str | None) -> tuple[int, ...]:
    if row.public:
        return row.ok
    if user is None:
        return (401,)
    if not row.kind:
        return row.ok if user in row.allowed else (403,)
    if route == "api:audit-event-detail" and user not in ADMINS:
        return (403,)
    if target == "missing" or user not in row.visible.get(target, set()):
        return (404,)
    if row.writable is not None and user not in row.writable.get(target, set()):
        return (403,)
    return row.ok


@pytest.mark.parametrize("route", sorted(API_MATRIX))
def test_api_route_matrix(world, route):
    row = API_MATRIX[route]
    targets = _api_targets(world, row.kind) if row.kind else {None: {}}
    failures = []
    for user in [None, *USERS]:
        client = APIClient()
        if user:
            client.force_authenticate(world.users[user])
        for target, kwargs in targets.items():
            url = _reverse(route, kwargs)
            response = getattr(client, row.method)(url, {}, format="json")
            expected = _expected(row, route, user, target)
            if response.status_code not in expected:
                failures.append(
                    f"{user or 'anonymous'} {row.method.upper()} {url} [{target}] "
                    f"→ {response.status_code}, expected {expected}"
                )
                continue
            if response.status_code >= 400:
                body = response.json()
                if set(body) != {"error", "detail", "fields"}:
                    failures.append(f"{url}: error body {body} lacks the JSON error shape")
            if user and response.status_code == 200:
                _check_canaries(world, user, response.content.decode(), url)
    assert not failures, "\n".join(failures)
