"""Every list endpoint, read as each persona: no other tenant's canary string in the body."""

from __future__ import annotations

import pytest

from qualift.core.testing import PERSONAS

pytestmark = pytest.mark.django_db

LISTS = (
    "organizations",
    "enterprises",
    "engagements",
    "programs",
    "ledger-entries",
    "policies",
    "audit-events",
)
PROGRAM_ONE = {"office", "cb_a", "cb_b", "program"}
OFFICE = {"po_admin", "po_viewer"}
CB_A = {"cba_admin", "cba_auditor1", "cba_auditor2", "cba_expert"}
A1 = {"a1_admin", "a1_steward", "a1_staff"}
# Which organisations' names each persona may legitimately meet (tests/test_permission_matrix.py
# keeps the same table for the UI).
MAY_SEE = {
    **{u: PROGRAM_ONE | {"a1", "a2", "b1"} for u in OFFICE},
    "po2_admin": {"office2", "program2", "cb_a", "cb_b"},
    **{u: PROGRAM_ONE | {"a1", "a2"} for u in CB_A},
    "cbb_admin": PROGRAM_ONE | {"b1"},
    **{u: PROGRAM_ONE | {"a1"} for u in A1},
    "a2_admin": PROGRAM_ONE | {"a2"},
    "b1_admin": PROGRAM_ONE | {"b1"},
}


def test_table_covers_every_persona():
    assert set(MAY_SEE) == set(PERSONAS)


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_persona_never_meets_another_tenants_canary(world, api, username):
    client = api(username)
    seen = ""
    for resource in LISTS:
        response = client.get(f"/api/v1/{resource}/", {"page_size": 500})
        assert response.status_code in (200, 403), (resource, response.status_code)
        body = response.content.decode()
        seen += body
        for key, canary in world.canaries.items():
            if key not in MAY_SEE[username]:
                assert canary not in body, f"{username} saw {key}'s canary in /{resource}/"
    own_org = PERSONAS[username][0]
    assert world.canaries[own_org] in seen  # the lists are not simply empty
