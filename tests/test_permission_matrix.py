"""Permission matrix: every UI route × persona × {own, sibling, other CB's, nonexistent}.

The expected outcome of each cell comes from the hand-written visibility and write tables below
(ARCHITECTURE §1: another tenant's object answers 404, a visible object a role may not change
answers 403). Every 200 response is searched for the canary strings of organisations the persona
must not see. `test_every_route_has_a_matrix_row` fails when a new route is added without a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from qualift.core.testing import PERSONAS

pytestmark = pytest.mark.django_db

USERS = list(PERSONAS)
OFFICE = {"po_admin", "po_viewer"}
CB_A = {"cba_admin", "cba_auditor1", "cba_auditor2", "cba_expert"}
A1 = {"a1_admin", "a1_steward", "a1_staff"}
EVERYONE = set(USERS)

# What each persona may see, by object kind and target key.
ENTERPRISE_VISIBLE = {
    "a1": OFFICE | CB_A | A1,
    "a2": OFFICE | CB_A | {"a2_admin"},
    "b1": OFFICE | {"cbb_admin", "b1_admin"},
}
ENTERPRISE_WRITE = {
    "a1": {"po_admin", "cba_admin", "cba_expert", "a1_admin", "a1_steward"},
    "a2": {"po_admin", "cba_admin", "cba_expert", "a2_admin"},
    "b1": {"po_admin", "cbb_admin", "b1_admin"},
}
ENGAGEMENT_WRITE = {"a1": {"cba_admin"}, "a2": {"cba_admin"}, "b1": {"cbb_admin"}}
PROGRAM_VISIBLE = {
    "program": OFFICE | CB_A | A1 | {"cbb_admin", "a2_admin", "b1_admin"},
    "program2": {"po2_admin"},
}
PROGRAM_WRITE = {"program": {"po_admin"}, "program2": {"po2_admin"}}
LEDGER_ADD = {"program": {"po_admin", "cba_admin", "cbb_admin"}, "program2": {"po2_admin"}}
ENTRY_VISIBLE = ENTERPRISE_VISIBLE  # each enterprise has one entry on the program's ledger
ENTRY_MOVE = {
    "a1": {"po_admin", "cba_admin", "cba_expert"},
    "a2": {"po_admin", "cba_admin", "cba_expert"},
    "b1": {"po_admin", "cbb_admin"},
}
POLICY_VISIBLE = {"policy": EVERYONE, "policy2": EVERYONE}  # published measures are public
POLICY_WRITE = {"policy": {"po_admin"}, "policy2": {"po2_admin"}}

# Canaries each persona may meet (organisation names it can legitimately see somewhere).
PROGRAM_ONE = {"office", "cb_a", "cb_b", "program"}
CANARIES_VISIBLE = {
    **{u: PROGRAM_ONE | {"a1", "a2", "b1"} for u in OFFICE},
    # The register of certification bodies is public to program offices, who invite CBs.
    "po2_admin": {"office2", "program2", "cb_a", "cb_b"},
    **{u: PROGRAM_ONE | {"a1", "a2"} for u in CB_A},
    "cbb_admin": PROGRAM_ONE | {"b1"},
    **{u: PROGRAM_ONE | {"a1"} for u in A1},
    "a2_admin": PROGRAM_ONE | {"a2"},
    "b1_admin": PROGRAM_ONE | {"b1"},
}

# An enterprise's quality records (NCs, actions, complaints, internal audits, documents): its own
# people and the CBs working with it; program offices do not see them.
QMS_VISIBLE = {
    "a1": CB_A | A1,
    "a2": CB_A | {"a2_admin"},
    "b1": {"cbb_admin", "b1_admin"},
}
QMS_WRITE = {"a1": {"a1_admin", "a1_steward"}, "a2": {"a2_admin"}, "b1": {"b1_admin"}}
QMS_USERS = CB_A | A1 | {"cbb_admin", "a2_admin", "b1_admin"}

ADMINS = {"po_admin", "po2_admin", "cba_admin", "cbb_admin", "a1_admin", "a2_admin", "b1_admin"}
CREATORS = {"po_admin", "po2_admin", "cba_admin", "cba_expert", "cbb_admin"}
IMPORTERS = {"po_admin", "po2_admin", "cba_admin", "cbb_admin"}
PROGRAM_ADMINS = {"po_admin", "po2_admin"}


@dataclass
class Row:
    """One route: how to build its URL for a target, and the expected status per persona."""

    kind: str = ""  # object kind whose targets the route takes ("" = no object)
    method: str = "get"
    allowed: set[str] = field(default_factory=lambda: set(EVERYONE))  # for routes without object
    visible: dict[str, set[str]] | None = None
    writable: dict[str, set[str]] | None = None  # None: visible is enough
    ok: tuple[int, ...] = (200,)
    public: bool = False


MATRIX: dict[str, Row] = {
    "core:home": Row(),
    "core:audit-list": Row(allowed=ADMINS),
    "core:healthz": Row(public=True),
    "enterprises:enterprise-list": Row(),
    "enterprises:enterprise-create": Row(allowed=CREATORS),
    "enterprises:enterprise-import": Row(allowed=IMPORTERS),
    "enterprises:enterprise-export": Row(allowed=EVERYONE - {"a1_staff"}),
    "enterprises:uscc-check": Row(),
    "enterprises:enterprise-detail": Row("enterprise", visible=ENTERPRISE_VISIBLE),
    "enterprises:enterprise-edit": Row(
        "enterprise", visible=ENTERPRISE_VISIBLE, writable=ENTERPRISE_WRITE
    ),
    "enterprises:site-create": Row(
        "enterprise", visible=ENTERPRISE_VISIBLE, writable=ENTERPRISE_WRITE
    ),
    "enterprises:site-edit": Row("site", visible=ENTERPRISE_VISIBLE, writable=ENTERPRISE_WRITE),
    "enterprises:engagement-create": Row(
        "enterprise",
        visible=ENTERPRISE_VISIBLE,
        writable={"a1": {"cba_admin"}, "a2": {"cba_admin"}, "b1": {"cbb_admin"}},
    ),
    "enterprises:engagement-end": Row(
        "engagement",
        method="post",
        visible=ENTERPRISE_VISIBLE,
        writable=ENGAGEMENT_WRITE,
        ok=(302,),
    ),
    "programs:program-list": Row(),
    "programs:program-create": Row(allowed=PROGRAM_ADMINS),
    "programs:program-detail": Row("program", visible=PROGRAM_VISIBLE),
    "programs:program-edit": Row("program", visible=PROGRAM_VISIBLE, writable=PROGRAM_WRITE),
    "programs:entry-create": Row("program", visible=PROGRAM_VISIBLE, writable=LEDGER_ADD),
    "programs:entry-detail": Row("entry", visible=ENTRY_VISIBLE),
    "programs:entry-move": Row(
        "entry", method="post", visible=ENTRY_VISIBLE, writable=ENTRY_MOVE, ok=(302,)
    ),
    "programs:policy-list": Row(),
    "programs:policy-create": Row(allowed=PROGRAM_ADMINS),
    "programs:policy-edit": Row("policy", visible=POLICY_VISIBLE, writable=POLICY_WRITE),
    "login": Row(public=True),
    "api-schema": Row(public=True),
    "api-docs": Row(public=True),
}


def _load_feature_rows() -> None:
    """Rows (and target builders) contributed by feature modules in tests/matrix_rows/."""
    from tests.matrix_rows import load

    for module in load():
        MATRIX.update(getattr(module, "ROWS", {}))


# Routes outside the tenant matrix, each with the reason.
EXEMPT = {
    "logout": "POST-only; ends the caller's own session",
    "set_language": "POST-only; sets the caller's own language cookie",
    "django.views.static.serve": "media files in DEBUG only",
}
EXEMPT_NAMESPACES = {"admin"}  # Django admin: superusers only (is_staff), not tenant users


def _collect(resolvers, prefix: str = "") -> list[str]:
    names = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace in EXEMPT_NAMESPACES:
                continue
            nested = f"{prefix}{namespace}:" if namespace else prefix
            names += _collect(entry.url_patterns, nested)
        elif isinstance(entry, URLPattern):
            name = entry.name or entry.lookup_str
            names.append(f"{prefix}{name}")
    return names


def ui_route_names() -> set[str]:
    return {
        n
        for n in _collect(get_resolver().url_patterns)
        if not n.startswith("api") or n in ("api-schema", "api-docs")
    }


def test_every_route_has_a_matrix_row():
    from tests.test_api_matrix import API_MATRIX, api_route_names

    missing = sorted(ui_route_names() - set(MATRIX) - set(EXEMPT))
    assert not missing, f"routes without a permission-matrix row: {missing}"
    missing_api = sorted(api_route_names() - set(API_MATRIX))
    assert not missing_api, f"API routes without a permission-matrix row: {missing_api}"


def _targets(world, kind: str) -> dict[str, dict]:
    if kind == "enterprise":
        objs = {"a1": world.a1, "a2": world.a2, "b1": world.b1}
        t = {k: {"pk": e.pk} for k, e in objs.items()}
    elif kind == "site":
        objs = {"a1": world.a1, "a2": world.a2, "b1": world.b1}
        t = {k: {"pk": e.pk, "site_pk": e.sites.get(is_main=True).pk} for k, e in objs.items()}
        t["missing"] = {"pk": world.a1.pk, "site_pk": 999_999}
        return t
    elif kind == "engagement":
        objs = {"a1": world.a1, "a2": world.a2, "b1": world.b1}
        t = {k: {"pk": e.engagements.get(kind="assistance").pk} for k, e in objs.items()}
    elif kind == "program":
        t = {"program": {"pk": world.program.pk}, "program2": {"pk": world.program2.pk}}
    elif kind == "entry":
        objs = {"a1": world.a1, "a2": world.a2, "b1": world.b1}
        t = {k: {"pk": world.entry(e).pk} for k, e in objs.items()}
    elif kind == "policy":
        t = {"policy": {"pk": world.policy.pk}, "policy2": {"pk": world.policy2.pk}}
    else:
        t = _feature_targets(world, kind)
    t.setdefault("missing", {"pk": 999_999})
    return t


def _reverse(route: str, kwargs: dict | None) -> str:
    """Enterprise-scoped pages name their argument `enterprise_pk`; object pages `pk`."""
    from django.urls import NoReverseMatch

    try:
        return reverse(route, kwargs=kwargs or None)
    except NoReverseMatch:
        if kwargs and set(kwargs) == {"pk"}:
            return reverse(route, kwargs={"enterprise_pk": kwargs["pk"]})
        raise


def _feature_targets(world, kind: str) -> dict[str, dict]:
    from tests.matrix_rows import load

    for module in load():
        targets = module.targets(world, kind) if hasattr(module, "targets") else None
        if targets is not None:
            return targets
    raise AssertionError(f"no target builder for kind {kind!r}")


def _expected(row: Row, user: str | None, target: str | None) -> tuple[int, ...]:
    if row.public:  # no sign-in; a public link with an unknown token answers 404
        return (404,) if target == "missing" else row.ok
    if user is None:
        return (302,)  # to the login page
    if not row.kind:
        return row.ok if user in row.allowed else (403,)
    if target == "missing" or user not in row.visible.get(target, set()):
        return (404,)
    if row.writable is not None and user not in row.writable.get(target, set()):
        return (403,)
    return row.ok


def _check_canaries(world, user: str, body: str, where: str, also: frozenset = frozenset()) -> None:
    allowed = CANARIES_VISIBLE[user] | also
    for key, canary in world.canaries.items():
        if key not in allowed:
            assert canary not in body, f"{user} saw {key}'s canary at {where}"


_load_feature_rows()


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_matrix(world, route):
    row = MATRIX[route]
    targets = _targets(world, row.kind) if row.kind else {None: {}}
    failures = []
    for user in [None, *USERS]:
        client = world.client(user)
        for target, kwargs in targets.items():
            url = _reverse(route, kwargs)
            response = getattr(client, row.method)(url)
            expected = _expected(row, user, target)
            if response.status_code not in expected:
                failures.append(
                    f"{user or 'anonymous'} {row.method.upper()} {url} "
                    f"[{target}] → {response.status_code}, expected {expected}"
                )
            elif user and response.status_code == 200 and not route.startswith("api"):
                body = response.content.decode("utf-8", errors="replace")
                # A public link names its own enterprise to whoever holds the link, and no other.
                also = frozenset({target}) if row.public and target else frozenset()
                _check_canaries(world, user, body, url, also)
    assert not failures, "\n".join(failures)
