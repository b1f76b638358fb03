"""/api/v1/ledger-entries/: the assistance ledger (帮扶台账), its status moves and their trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qualift.enterprises.services import enterprise_create
from qualift.enterprises.uscc import make_uscc
from qualift.programs.models import LedgerEntry, LedgerMove
from qualift.programs.services import program_create

from .helpers import assert_error, last_event, results

pytestmark = pytest.mark.django_db

URL = "/api/v1/ledger-entries/"


@pytest.fixture
def a3(world):
    """A third client of CB A, not yet on the ledger."""
    data = {
        "name": "Ent A3",
        "uscc": make_uscc("91330000MA0000004"),
        "region": world.a1.region,
        "miit_industry": 2,
        "employees": 5,
        "revenue": Decimal("100"),
    }
    return enterprise_create(actor=None, data=data, iaf_codes=[], acting_org_id=world.cb_a.pk)


def move_url(entry) -> str:
    return f"{URL}{entry.pk}/move/"


def test_each_party_lists_the_entries_it_may_see(world, api):
    def enterprises(username, **params):
        return {row["enterprise"] for row in results(api(username).get(URL, params))}

    assert enterprises("po_admin") == {world.a1.pk, world.a2.pk, world.b1.pk}
    assert enterprises("cba_auditor1") == {world.a1.pk, world.a2.pk}
    assert enterprises("cbb_admin") == {world.b1.pk}
    assert enterprises("a1_staff") == {world.a1.pk}
    assert enterprises("po2_admin") == set()
    assert enterprises("po_admin", cb=world.cb_b.pk) == {world.b1.pk}
    assert enterprises("po_admin", program=world.program2.pk) == set()
    assert enterprises("po_admin", status="screened") == {world.a1.pk, world.a2.pk, world.b1.pk}
    assert enterprises("po_admin", status="closed") == set()


def test_retrieve_nests_the_moves(world, api):
    entry = world.entry(world.a1)
    response = api("a1_admin").get(f"{URL}{entry.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "screened"
    assert [(m["from_status"], m["to_status"]) for m in body["moves"]] == [("", "screened")]


def test_cb_admin_adds_its_client_to_the_ledger(world, api, a3):
    response = api("cba_admin").post(
        URL,
        {"program": world.program.pk, "enterprise": a3.pk, "cb": world.cb_a.pk, "note": "new"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "screened"
    assert len(body["moves"]) == 1
    entry = LedgerEntry.objects.get(pk=body["id"])
    assert (entry.program, entry.enterprise, entry.cb) == (world.program, a3, world.cb_a)
    assert last_event("ledger.create").target_id == str(entry.pk)


@pytest.mark.parametrize("username", ["cba_auditor1", "cba_expert", "po_viewer", "a1_admin"])
def test_role_without_ledger_right_gets_403(world, api, a3, username):
    before = LedgerEntry.objects.count()
    response = api(username).post(
        URL, {"program": world.program.pk, "enterprise": a3.pk, "cb": world.cb_a.pk}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert LedgerEntry.objects.count() == before


def test_invisible_ids_are_not_found(world, api, a3):
    """Another tenant's program, enterprise or CB reads exactly like a missing one."""
    before = LedgerEntry.objects.count()
    hidden = api("cbb_admin").post(
        URL, {"program": world.program2.pk, "enterprise": a3.pk, "cb": world.cb_b.pk}, format="json"
    )
    body = assert_error(hidden, 400, "invalid")
    assert body["fields"] == {"program": ["Not found."], "enterprise": ["Not found."]}
    missing = api("cbb_admin").post(
        URL, {"program": 999_999, "enterprise": 999_998, "cb": world.cb_b.pk}, format="json"
    )
    assert assert_error(missing, 400)["fields"] == body["fields"]
    wrong = api("po2_admin").post(
        URL, {"program": world.program.pk, "enterprise": a3.pk, "cb": world.cb_a.pk}, format="json"
    )
    assert set(assert_error(wrong, 400)["fields"]) == {"program", "enterprise", "cb"}
    assert LedgerEntry.objects.count() == before


def test_duplicate_or_non_participating_cb_is_refused(world, api, a3):
    client = api("po_admin")
    before = LedgerEntry.objects.count()
    body = assert_error(
        client.post(
            URL,
            {"program": world.program.pk, "enterprise": world.a1.pk, "cb": world.cb_a.pk},
            format="json",
        ),
        400,
    )
    assert set(body["fields"]) == {"enterprise"}  # already on this ledger
    small = program_create(
        actor=None,
        owner=world.office,
        data={"name": "Small", "start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)},
        participating_cbs=[world.cb_a],
    )
    body = assert_error(
        client.post(
            URL,
            {"program": small.pk, "enterprise": world.b1.pk, "cb": world.cb_b.pk},
            format="json",
        ),
        400,
    )
    assert set(body["fields"]) == {"cb"}  # CB B does not take part in that program
    assert LedgerEntry.objects.count() == before


def test_cb_admin_moves_an_entry_forward(world, api):
    entry = world.entry(world.a1)
    response = api("cba_admin").post(move_url(entry), {"to_status": "diagnosing"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "diagnosing"
    assert [m["to_status"] for m in body["moves"]] == ["diagnosing", "screened"]
    assert body["moves"][0]["moved_by"] == "cba_admin"
    event = last_event("ledger.move")
    assert event.target_id == str(entry.pk)
    assert (event.before["status"], event.after["status"]) == ("screened", "diagnosing")


def test_invalid_transition_is_a_400(world, api):
    entry = world.entry(world.a1)
    moves = LedgerMove.objects.count()
    client = api("po_admin")
    body = assert_error(client.post(move_url(entry), {"to_status": "evaluated"}), 400, "invalid")
    assert set(body["fields"]) == {"to_status"}
    client.post(move_url(entry), {"to_status": "diagnosing"}, format="json")
    body = assert_error(client.post(move_url(entry), {"to_status": "screened"}), 400)
    assert set(body["fields"]) == {"note"}  # going back needs a reason
    body = assert_error(client.post(move_url(entry), {"to_status": "finished"}), 400)
    assert set(body["fields"]) == {"to_status"}
    entry.refresh_from_db()
    assert entry.status == "diagnosing"
    assert LedgerMove.objects.count() == moves + 1


@pytest.mark.parametrize("username", ["cba_auditor1", "a1_admin", "po_viewer"])
def test_read_only_role_cannot_move(world, api, username):
    entry = world.entry(world.a1)
    response = api(username).post(move_url(entry), {"to_status": "diagnosing"}, format="json")
    assert_error(response, 403, "permission_denied")
    entry.refresh_from_db()
    assert entry.status == "screened"


def test_other_cb_gets_404_on_an_entry(world, api):
    entry = world.entry(world.a1)
    client = api("cbb_admin")
    assert_error(client.get(f"{URL}{entry.pk}/"), 404, "not_found")
    assert_error(client.post(move_url(entry), {"to_status": "diagnosing"}, format="json"), 404)
    body = client.get(URL, {"page_size": 500}).content.decode()
    assert world.canaries["a1"] not in body and world.canaries["a2"] not in body
    entry.refresh_from_db()
    assert entry.status == "screened"


def test_anonymous_is_refused(world, api):
    assert_error(api(None).get(URL), 401)
    assert_error(api(None).post(move_url(world.entry(world.a1)), {"to_status": "closed"}), 401)


def test_bad_filters_are_400(world, api):
    client = api("po_admin")
    assert_error(client.get(URL, {"program": "abc"}), 400)
    assert_error(client.get(URL, {"cb": str(10**30)}), 400)
    assert_error(client.get(URL, {"status": "nope"}), 400)
