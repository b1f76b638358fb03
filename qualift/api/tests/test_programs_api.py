"""/api/v1/programs/: a program office runs its programs; participants read them."""

from __future__ import annotations

import datetime as dt

import pytest

from qualift.programs.models import Program

from .helpers import assert_error, last_event, results

pytestmark = pytest.mark.django_db

URL = "/api/v1/programs/"


def payload(world, **overrides) -> dict:
    data = {
        "name": "Program NEW",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "regions": ["330000", "320000"],
        "participating_cbs": [world.cb_a.pk],
        "target_enterprises": 50,
    }
    data.update(overrides)
    return data


def test_participants_list_the_program(world, api):
    for username in ("po_admin", "cba_auditor1", "cbb_admin", "a1_staff"):
        rows = results(api(username).get(URL))
        assert [row["id"] for row in rows] == [world.program.pk], username
    row = results(api("po_admin").get(URL))[0]
    assert row["regions"] == ["330000"]
    assert sorted(row["participating_cbs"]) == sorted([world.cb_a.pk, world.cb_b.pk])
    assert row["owner"] == world.office.pk
    assert row["n_entries"] == 3
    assert results(api("cbb_admin").get(URL))[0]["n_entries"] == 1  # only the entries it sees


def test_program_admin_creates_a_program(world, api):
    response = api("po_admin").post(URL, payload(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    program = Program.objects.get(pk=body["id"])
    assert program.owner == world.office  # the office where the user is program_admin
    assert sorted(program.regions.values_list("code", flat=True)) == ["320000", "330000"]
    assert list(program.participating_cbs.all()) == [world.cb_a]
    assert body["n_entries"] == 0
    event = last_event("program.create")
    assert (event.target_id, event.actor) == (str(program.pk), world.users["po_admin"])


@pytest.mark.parametrize("username", ["po_viewer", "cba_admin", "a1_admin"])
def test_role_without_program_right_gets_403(world, api, username):
    before = Program.objects.count()
    assert_error(api(username).post(URL, payload(world), format="json"), 403, "permission_denied")
    assert Program.objects.count() == before


def test_program_admin_updates_the_program(world, api):
    client = api("po_admin")
    response = client.patch(
        f"{URL}{world.program.pk}/",
        {"target_enterprises": 120, "participating_cbs": [world.cb_a.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    world.program.refresh_from_db()
    assert world.program.target_enterprises == 120
    assert list(world.program.participating_cbs.all()) == [world.cb_a]
    assert last_event("program.update").target_id == str(world.program.pk)
    body = payload(world, name="Program CANARY-P1-5c6d v2", regions=["330000"])
    response = client.put(f"{URL}{world.program.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    world.program.refresh_from_db()
    assert world.program.name == "Program CANARY-P1-5c6d v2"
    assert world.program.start == dt.date(2026, 1, 1)


def test_viewer_cannot_update(world, api):
    response = api("po_viewer").patch(f"{URL}{world.program.pk}/", {"name": "x"}, format="json")
    assert_error(response, 403, "permission_denied")
    world.program.refresh_from_db()
    assert world.program.name == "Program CANARY-P1-5c6d"


def test_other_office_gets_404(world, api):
    client = api("po2_admin")
    assert_error(client.get(f"{URL}{world.program.pk}/"), 404, "not_found")
    assert_error(client.patch(f"{URL}{world.program.pk}/", {"name": "x"}, format="json"), 404)
    body = client.get(URL).content.decode()
    assert world.canaries["program"] not in body
    assert world.canaries["program2"] in body


def test_anonymous_is_refused(world, api):
    assert_error(api(None).get(URL), 401)
    assert_error(api(None).post(URL, payload(world), format="json"), 401)


def test_bad_program_input_changes_nothing(world, api):
    client = api("po_admin")
    before = Program.objects.count()
    body = assert_error(
        client.post(URL, payload(world, end="2025-01-01"), format="json"), 400, "invalid"
    )
    assert set(body["fields"]) == {"end"}
    body = assert_error(
        client.post(
            URL,
            payload(
                world,
                regions=["000000"],
                participating_cbs=[world.a1.organization_id, "x"],
                target_enterprises=-3,
            ),
            format="json",
        ),
        400,
    )
    assert set(body["fields"]) == {"regions", "participating_cbs", "target_enterprises"}
    assert_error(client.post(URL, {}, format="json"), 400)
    assert Program.objects.count() == before
    response = client.patch(f"{URL}{world.program.pk}/", {"start": "2030-01-01"}, format="json")
    assert_error(response, 400)
    world.program.refresh_from_db()
    assert world.program.start == dt.date(2025, 1, 1)


def test_programs_cannot_be_deleted(world, api):
    assert_error(api("po_admin").delete(f"{URL}{world.program.pk}/"), 405)
