"""/api/v1/organizations/ (related organisations, read-only) and /api/v1/audit-events/
(the trail, for roles with "audit.view")."""

from __future__ import annotations

import pytest

from qualift.tenancy.permissions import PERMISSIONS

from .helpers import assert_error, results

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organizations/"
EVENTS = "/api/v1/audit-events/"


def test_cb_admin_sees_related_organisations(world, api):
    ids = {row["id"] for row in results(api("cba_admin").get(ORGS, {"page_size": 100}))}
    assert ids == {
        world.cb_a.pk,
        world.a1.organization_id,
        world.a2.organization_id,
        world.office.pk,  # owner of the program CB A takes part in
        world.cb_b.pk,  # fellow participant
    }
    kinds = {row["kind"] for row in results(api("cba_admin").get(ORGS, {"kind": "enterprise"}))}
    assert kinds == {"enterprise"}


def test_organisation_retrieve_and_404(world, api):
    client = api("a2_admin")
    assert client.get(f"{ORGS}{world.a2.organization_id}/").json()["region"] == "330000"
    assert_error(client.get(f"{ORGS}{world.a1.organization_id}/"), 404, "not_found")
    assert_error(api("po2_admin").get(f"{ORGS}{world.office.pk}/"), 404)


def test_organisations_are_read_only(world, api):
    client = api("po_admin")
    assert_error(client.post(ORGS, {"name": "x", "kind": "enterprise"}), 405)
    assert_error(client.patch(f"{ORGS}{world.office.pk}/", {"name": "x"}), 405)
    assert_error(api(None).get(ORGS), 401)


def test_admins_read_their_audit_trail(world, api):
    rows = results(api("po_admin").get(EVENTS, {"page_size": 500}))
    verbs = {row["verb"] for row in rows}
    assert {"program.create", "ledger.create", "policy.create"} <= verbs
    assert {row["organization"] for row in rows} == {world.office.pk}
    first = api("po_admin").get(f"{EVENTS}{rows[0]['id']}/")
    assert first.status_code == 200
    assert len(first.json()["hash"]) == 64


def test_audit_events_filter_by_verb_prefix(world, api):
    rows = results(api("po_admin").get(EVENTS, {"verb": "ledger."}))
    assert rows and all(row["verb"].startswith("ledger.") for row in rows)


def test_enterprise_admin_reads_what_was_done_to_it(world, api):
    rows = results(api("a2_admin").get(EVENTS, {"page_size": 500}))
    assert rows
    assert {row["enterprise_id"] for row in rows} == {world.a2.pk}
    body = api("a2_admin").get(EVENTS, {"page_size": 500}).content.decode()
    assert world.canaries["a1"] not in body and world.canaries["b1"] not in body


@pytest.mark.parametrize(
    "username", ["po_viewer", "cba_auditor1", "cba_expert", "a1_steward", "a1_staff"]
)
def test_roles_without_audit_view_get_403(world, api, username):
    assert world.users[username].memberships.get().role not in PERMISSIONS["audit.view"]
    assert_error(api(username).get(EVENTS), 403, "permission_denied")


def test_other_tenant_event_is_404(world, api):
    rows = results(api("po_admin").get(EVENTS, {"verb": "program.create"}))
    assert_error(api("cbb_admin").get(f"{EVENTS}{rows[0]['id']}/"), 404)


def test_audit_trail_is_read_only(world, api):
    assert_error(api("po_admin").post(EVENTS, {"verb": "x"}), 405)
    assert_error(api(None).get(EVENTS), 401)
