"""/api/v1/engagements/: a CB opens and ends its engagements; others read or get 404."""

from __future__ import annotations

import datetime as dt

import pytest

from qualift.enterprises.models import Engagement

from .helpers import assert_error, last_event, results

pytestmark = pytest.mark.django_db

URL = "/api/v1/engagements/"


def assistance(enterprise) -> Engagement:
    return enterprise.engagements.get(kind="assistance")


def test_cb_admin_lists_its_engagements(world, api):
    rows = results(api("cba_admin").get(URL))
    assert {row["enterprise"] for row in rows} == {world.a1.pk, world.a2.pk}
    assert {row["cb"] for row in rows} == {world.cb_a.pk}
    assert len(rows) == 3  # a1: assistance + certification, a2: assistance
    kinds = {row["kind"] for row in results(api("cba_admin").get(URL, {"kind": "certification"}))}
    assert kinds == {"certification"}


def test_enterprise_admin_retrieves_its_engagement(world, api):
    engagement = assistance(world.a1)
    response = api("a1_admin").get(f"{URL}{engagement.pk}/")
    assert response.status_code == 200
    assert response.json()["cb_name"] == world.cb_a.name
    assert response.json()["is_active"] is True


def test_cb_admin_opens_an_engagement(world, api):
    response = api("cba_admin").post(
        URL,
        {"enterprise": world.a2.pk, "kind": "certification", "start": "2025-03-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cb"] == world.cb_a.pk
    engagement = Engagement.objects.get(pk=body["id"])
    assert (engagement.kind, engagement.start) == ("certification", dt.date(2025, 3, 1))
    event = last_event("engagement.create")
    assert event.target_id == str(engagement.pk)
    assert event.organization_id == world.cb_a.pk


@pytest.mark.parametrize("username", ["cba_auditor1", "cba_expert", "po_admin", "a1_admin"])
def test_role_without_engagement_right_gets_403(world, api, username):
    before = Engagement.objects.count()
    response = api(username).post(
        URL, {"enterprise": world.a1.pk, "kind": "assistance", "start": "2025-03-01"}
    )
    assert_error(response, 403, "permission_denied")
    assert Engagement.objects.count() == before


def test_cb_admin_cannot_engage_an_enterprise_it_does_not_see(world, api):
    before = Engagement.objects.count()
    body = assert_error(
        api("cbb_admin").post(
            URL,
            {"enterprise": world.a1.pk, "kind": "assistance", "start": "2025-03-01"},
            format="json",
        ),
        400,
        "invalid",
    )
    assert body["fields"] == {"enterprise": ["Not found."]}
    missing = api("cbb_admin").post(
        URL, {"enterprise": 999_999, "kind": "assistance", "start": "2025-03-01"}, format="json"
    )
    assert missing.json()["fields"] == body["fields"]  # same answer: existence does not leak
    assert Engagement.objects.count() == before


def test_cb_admin_cannot_open_for_another_cb(world, api):
    # CB A is visible to CB B's admin (both take part in the program), but not theirs to act for.
    before = Engagement.objects.count()
    response = api("cbb_admin").post(
        URL,
        {
            "cb": world.cb_a.pk,
            "enterprise": world.b1.pk,
            "kind": "assistance",
            "start": "2025-03-01",
        },
        format="json",
    )
    assert_error(response, 403, "permission_denied")
    response = api("a2_admin").post(
        URL,
        {
            "cb": world.office.pk,
            "enterprise": world.a2.pk,
            "kind": "assistance",
            "start": "2025-03-01",
        },
        format="json",
    )
    assert_error(response, 403)  # no engagement right anywhere: refused before the body is read
    response = api("cba_admin").post(
        URL,
        {
            "cb": world.office.pk,
            "enterprise": world.a2.pk,
            "kind": "assistance",
            "start": "2025-03-01",
        },
        format="json",
    )
    assert assert_error(response, 400)["fields"] == {"cb": ["Not found."]}  # not a CB
    assert Engagement.objects.count() == before


def test_bad_dates_are_refused(world, api):
    before = Engagement.objects.count()
    client = api("cba_admin")
    body = assert_error(
        client.post(
            URL,
            {"enterprise": world.a2.pk, "kind": "assistance", "start": "2025-02-30"},
            format="json",
        ),
        400,
    )
    assert set(body["fields"]) == {"start"}
    body = assert_error(
        client.post(
            URL,
            {
                "enterprise": world.a2.pk,
                "kind": "assistance",
                "start": "2025-05-01",
                "end": "2025-04-01",
            },
            format="json",
        ),
        400,
    )
    assert set(body["fields"]) == {"end"}
    assert Engagement.objects.count() == before


def test_cb_admin_ends_an_engagement(world, api):
    engagement = assistance(world.a2)
    response = api("cba_admin").post(
        f"{URL}{engagement.pk}/end/", {"end": "2030-06-30", "note": "plan finished"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["end"] == "2030-06-30"
    engagement.refresh_from_db()
    assert engagement.end == dt.date(2030, 6, 30)
    event = last_event("engagement.end")
    assert event.target_id == str(engagement.pk)
    assert event.after["end"] == "2030-06-30"


def test_end_before_start_is_refused(world, api):
    engagement = assistance(world.a2)
    body = assert_error(
        api("cba_admin").post(f"{URL}{engagement.pk}/end/", {"end": "1999-01-01"}, format="json"),
        400,
    )
    assert set(body["fields"]) == {"end"}
    engagement.refresh_from_db()
    assert engagement.end is None
    assert_error(api("cba_admin").post(f"{URL}{engagement.pk}/end/", {}, format="json"), 400)


def test_auditor_cannot_end_an_engagement(world, api):
    engagement = assistance(world.a1)
    response = api("cba_auditor1").post(f"{URL}{engagement.pk}/end/", {"end": "2030-01-01"})
    assert_error(response, 403)
    engagement.refresh_from_db()
    assert engagement.end is None


def test_other_cb_gets_404_on_an_engagement(world, api):
    engagement = assistance(world.a1)
    client = api("cbb_admin")
    assert_error(client.get(f"{URL}{engagement.pk}/"), 404, "not_found")
    assert_error(client.post(f"{URL}{engagement.pk}/end/", {"end": "2030-01-01"}), 404)
    body = client.get(URL, {"page_size": 500}).content.decode()
    assert world.canaries["a1"] not in body and world.canaries["a2"] not in body


def test_anonymous_is_refused(world, api):
    assert_error(api(None).get(URL), 401)


def test_engagements_cannot_be_changed_or_deleted_directly(world, api):
    engagement = assistance(world.a1)
    client = api("cba_admin")
    assert_error(client.patch(f"{URL}{engagement.pk}/", {"kind": "x"}), 405)
    assert_error(client.delete(f"{URL}{engagement.pk}/"), 405)
