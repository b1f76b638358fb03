"""/api/v1/policies/: published incentive policies, registered by program offices."""

from __future__ import annotations

import pytest

from qualift.programs.models import IncentivePolicy

from .helpers import assert_error, last_event, results

pytestmark = pytest.mark.django_db

URL = "/api/v1/policies/"


def payload(**overrides) -> dict:
    data = {
        "title": "Certification loan scheme",
        "region": "330000",
        "kind": "certification_loan",
        "valid_from": "2026-01-01",
        "valid_to": "2027-12-31",
        "link": "https://example.gov.cn/policy/1",
        "summary": "Loans against ISO 9001 certificates.",
    }
    data.update(overrides)
    return data


def test_every_signed_in_user_lists_published_policies(world, api):
    for username in ("a1_staff", "po2_admin", "cbb_admin"):
        ids = {row["id"] for row in results(api(username).get(URL))}
        assert ids == {world.policy.pk, world.policy2.pk}, username


def test_policies_filter_by_kind_and_region(world, api):
    client = api("a1_staff")
    assert [r["id"] for r in results(client.get(URL, {"kind": "award"}))] == [world.policy2.pk]
    assert [r["id"] for r in results(client.get(URL, {"region": "330000"}))] == [world.policy.pk]
    assert_error(client.get(URL, {"kind": "gift"}), 400)


def test_program_admin_registers_a_policy(world, api):
    response = api("po_admin").post(URL, payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    policy = IncentivePolicy.objects.get(pk=body["id"])
    assert (policy.owner, policy.region.code, policy.kind) == (
        world.office,
        "330000",
        "certification_loan",
    )
    assert last_event("policy.create").target_id == str(policy.pk)


@pytest.mark.parametrize("username", ["po_viewer", "cba_admin", "a1_admin"])
def test_role_without_policy_right_gets_403(world, api, username):
    before = IncentivePolicy.objects.count()
    assert_error(api(username).post(URL, payload(), format="json"), 403, "permission_denied")
    assert IncentivePolicy.objects.count() == before


def test_program_admin_updates_own_policy(world, api):
    url = f"{URL}{world.policy.pk}/"
    response = api("po_admin").patch(url, {"summary": "Raised to 50k."}, format="json")
    assert response.status_code == 200, response.content
    world.policy.refresh_from_db()
    assert world.policy.summary == "Raised to 50k."
    event = last_event("policy.update")
    assert (event.target_id, event.after["summary"]) == (str(world.policy.pk), "Raised to 50k.")
    response = api("po_admin").put(url, payload(title="Renamed"), format="json")
    assert response.status_code == 200, response.content
    world.policy.refresh_from_db()
    assert world.policy.title == "Renamed"


def test_other_office_may_read_but_not_change_a_policy(world, api):
    # Policies are published measures (visible to all), so another office gets 403, not 404.
    url = f"{URL}{world.policy.pk}/"
    client = api("po2_admin")
    assert client.get(url).status_code == 200
    assert_error(client.patch(url, {"title": "Hijacked"}, format="json"), 403, "permission_denied")
    world.policy.refresh_from_db()
    assert world.policy.title == "Subsidy policy one"


def test_missing_policy_is_404(world, api):
    assert_error(api("po_admin").get(f"{URL}999999/"), 404, "not_found")
    assert_error(api("po_admin").patch(f"{URL}999999/", {"title": "x"}, format="json"), 404)


def test_anonymous_is_refused(world, api):
    assert_error(api(None).get(URL), 401)
    assert_error(api(None).get(f"{URL}{world.policy.pk}/"), 401)


def test_bad_policy_input_changes_nothing(world, api):
    client = api("po_admin")
    before = IncentivePolicy.objects.count()
    body = assert_error(
        client.post(URL, payload(valid_to="2025-01-01"), format="json"), 400, "invalid"
    )
    assert set(body["fields"]) == {"valid_to"}
    body = assert_error(
        client.post(URL, payload(link="not a link", kind="gift", region="1"), format="json"), 400
    )
    assert set(body["fields"]) == {"link", "kind", "region"}
    assert IncentivePolicy.objects.count() == before
