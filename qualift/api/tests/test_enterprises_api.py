"""/api/v1/enterprises/: scoped reads, writes through the services, USCC and size rules."""

from __future__ import annotations

import pytest

from qualift.enterprises.models import Engagement, Enterprise
from qualift.enterprises.uscc import make_uscc

from .helpers import assert_error, last_event, results

pytestmark = pytest.mark.django_db

URL = "/api/v1/enterprises/"
NEW_USCC = make_uscc("91330000MA0000777")


def detail(enterprise) -> str:
    return f"{URL}{enterprise.pk}/"


def payload(**overrides) -> dict:
    data = {
        "name": "Ent NEW",
        "name_en": "New enterprise",
        "uscc": NEW_USCC,
        "region": "330000",
        "address": "1 New road",
        "iaf_codes": ["17", "19"],
        "miit_industry": 2,
        "employees": 25,
        "revenue": "1500.00",
        "total_assets": "900.00",
        "steward_email": "steward@example.com",
    }
    data.update(overrides)
    return data


def test_cb_admin_lists_only_its_enterprises(world, api):
    rows = results(api("cba_admin").get(URL))
    assert {row["id"] for row in rows} == {world.a1.pk, world.a2.pk}
    row = next(r for r in rows if r["id"] == world.a1.pk)
    assert row["region"] == "330000"
    assert row["iaf_codes"] == []
    assert row["size_miit"] == "micro"  # industry row: 12 people, 800 (10k CNY) revenue


def test_cb_admin_retrieves_a_client(world, api):
    response = api("cba_admin").get(detail(world.a1))
    assert response.status_code == 200
    body = response.json()
    assert body["uscc"] == world.a1.uscc
    assert {"size_miit", "size_miit_reason", "size_eu", "size_eu_reason"} <= set(body)
    assert "engagement_kind" not in body


def test_cb_admin_registers_an_enterprise_with_an_engagement(world, api):
    response = api("cba_admin").post(
        URL, payload(uscc=NEW_USCC.lower(), engagement_kind="certification"), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    enterprise = Enterprise.objects.get(pk=body["id"])
    assert body["uscc"] == NEW_USCC  # normalised to capitals
    assert body["iaf_codes"] == ["17", "19"]
    assert body["size_miit"] == "small"  # 25 people and 1,500 (10k CNY): MIIT industry row
    assert body["size_miit_reason"]
    assert body["registered_by"] == world.cb_a.pk
    assert Engagement.objects.filter(
        enterprise=enterprise, cb=world.cb_a, kind="certification"
    ).exists()
    event = last_event("enterprise.create")
    assert event.target_id == str(enterprise.pk)
    assert event.actor == world.users["cba_admin"]


def test_program_admin_registers_an_enterprise(world, api):
    response = api("po_admin").post(URL, payload(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["registered_by"] == world.office.pk


@pytest.mark.parametrize("username", ["cba_auditor1", "po_viewer", "a1_admin", "a1_staff"])
def test_read_only_role_cannot_register(world, api, username):
    before = Enterprise.objects.count()
    assert_error(api(username).post(URL, payload(), format="json"), 403, "permission_denied")
    assert Enterprise.objects.count() == before


def test_steward_edits_own_profile(world, api):
    response = api("a1_steward").patch(detail(world.a1), {"employees": 80}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["employees"] == 80
    assert response.json()["size_miit"] == "small"  # sizes follow the new inputs
    world.a1.refresh_from_db()
    assert world.a1.employees == 80
    event = last_event("enterprise.update")
    assert event.target_id == str(world.a1.pk)
    assert (event.before["employees"], event.after["employees"]) == (12, 80)
    assert event.actor == world.users["a1_steward"]


def test_cb_admin_replaces_a_profile_with_put(world, api):
    body = payload(uscc=world.a1.uscc, name="Ent CANARY-A1-9c0d renamed", iaf_codes=["28"])
    response = api("cba_admin").put(detail(world.a1), body, format="json")
    assert response.status_code == 200, response.content
    world.a1.refresh_from_db()
    assert world.a1.name == "Ent CANARY-A1-9c0d renamed"
    assert list(world.a1.iaf_codes.values_list("code", flat=True)) == ["28"]
    world.a1.organization.refresh_from_db()
    assert world.a1.organization.name == "Ent CANARY-A1-9c0d renamed"


def test_staff_cannot_edit_profile(world, api):
    response = api("a1_staff").patch(detail(world.a1), {"employees": 99}, format="json")
    assert_error(response, 403, "permission_denied")
    world.a1.refresh_from_db()
    assert world.a1.employees == 12


@pytest.mark.parametrize("method", ["get", "patch", "put"])
def test_other_cb_gets_404_on_a_client_not_its_own(world, api, method):
    response = getattr(api("cbb_admin"), method)(detail(world.a1), {"employees": 1}, format="json")
    assert_error(response, 404, "not_found")
    world.a1.refresh_from_db()
    assert world.a1.employees == 12


def test_outsider_list_carries_no_other_tenant_canary(world, api):
    body = api("cbb_admin").get(URL, {"page_size": 500}).content.decode()
    for key in ("a1", "a2"):
        assert world.canaries[key] not in body
    assert world.canaries["b1"] in body


def test_anonymous_is_refused(world, api):
    assert_error(api(None).get(URL), 401, "not_authenticated")
    assert_error(api(None).post(URL, payload(), format="json"), 401)


def test_bad_uscc_is_explained_under_its_field(world, api):
    bad = NEW_USCC[:-1] + ("0" if NEW_USCC[-1] != "0" else "1")
    before = Enterprise.objects.count()
    body = assert_error(
        api("cba_admin").post(URL, payload(uscc=bad), format="json"), 400, "invalid"
    )
    assert "check character" in body["fields"]["uscc"][0]
    assert NEW_USCC[-1] in body["fields"]["uscc"][0]
    body = assert_error(api("cba_admin").post(URL, payload(uscc="91330000MA"), format="json"), 400)
    assert "18 characters" in body["fields"]["uscc"][0]
    assert Enterprise.objects.count() == before


def test_duplicate_uscc_is_refused(world, api):
    before = Enterprise.objects.count()
    body = assert_error(
        api("cba_admin").post(URL, payload(uscc=world.b1.uscc), format="json"), 400, "invalid"
    )
    assert "uscc" in body["fields"]
    assert Enterprise.objects.count() == before


def test_unknown_codes_are_field_errors(world, api):
    before = Enterprise.objects.count()
    body = assert_error(
        api("cba_admin").post(
            URL, payload(region="999999", iaf_codes=["17", "99"], miit_industry=42), format="json"
        ),
        400,
    )
    assert set(body["fields"]) == {"region", "iaf_codes", "miit_industry"}
    assert "999999" in body["fields"]["region"][0]
    assert Enterprise.objects.count() == before


def test_negative_and_oversized_numbers_are_refused(world, api):
    before = Enterprise.objects.count()
    body = assert_error(
        api("cba_admin").post(
            URL, payload(employees=10**30, revenue="-1", total_assets="1e20"), format="json"
        ),
        400,
    )
    assert set(body["fields"]) == {"employees", "revenue", "total_assets"}
    assert Enterprise.objects.count() == before


def test_enterprises_cannot_be_deleted(world, api):
    assert_error(api("po_admin").delete(detail(world.a1)), 405, "method_not_allowed")
    assert Enterprise.objects.filter(pk=world.a1.pk).exists()


def test_program_admin_filters_enterprises(world, api):
    client = api("po_admin")
    world.a2.iaf_codes.add(*world.a2.iaf_codes.model.objects.filter(code="17"))

    def ids(**params) -> set[int]:
        return {row["id"] for row in results(client.get(URL, params))}

    everyone = {world.a1.pk, world.a2.pk, world.b1.pk}
    assert ids() == everyone
    assert ids(region="330000") == {world.a1.pk, world.a2.pk}
    assert ids(region="320000") == {world.b1.pk}
    assert ids(iaf="17") == {world.a2.pk}
    assert ids(miit_industry=2) == everyone
    assert ids(miit_industry=3) == set()
    assert ids(size_miit="micro") == everyone
    assert ids(q="CANARY-B1") == {world.b1.pk}
    assert ids(search=world.a2.uscc[-6:].lower()) == {world.a2.pk}
    assert_error(client.get(URL, {"miit_industry": "abc"}), 400, "invalid")
    assert_error(client.get(URL, {"size_miit": "huge"}), 400, "invalid")
