"""The readings API (/api/v1/measurements/): bulk recording with an idempotency key, every bad
reading reported by position, tenancy (404 for parameters you cannot see), and the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from qualift.core.models import AuditEvent
from qualift.process import api_measurements
from qualift.process.models import Measurement, MeasurementBatch
from qualift.process.testing import add_readings, make_gauge, make_parameter

pytestmark = pytest.mark.django_db
URL = "/api/v1/measurements/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _client(world, user: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


def _when(minutes_ago: int) -> str:
    return (timezone.now() - dt.timedelta(minutes=minutes_ago)).isoformat()


def _body(parameter, n: int = 3, key: str = "batch-1", **extra) -> dict:
    now = timezone.now()
    readings = [
        {
            "parameter": parameter.pk,
            "taken_at": (now - dt.timedelta(seconds=60 * (n - i))).isoformat(),
            "value": 10.0 + i / 100,
        }
        for i in range(n)
    ]
    return {"idempotency_key": key, "readings": readings, **extra}


def test_staff_posts_readings_and_gets_the_batch(world):
    parameter = make_parameter(world.a1)
    response = _client(world, "a1_staff").post(URL, _body(parameter), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    batch = MeasurementBatch.objects.get()
    assert data == {
        "batch": batch.pk,
        "created": 3,
        "count": 3,
        "replayed": False,
        "alarms": data["alarms"],
        "overdue_gauges": [],
    }
    assert (batch.source, batch.key) == ("api", "batch-1")
    assert Measurement.objects.filter(parameter=parameter, batch=batch).count() == 3


def test_staff_retry_with_the_same_key_is_a_replay_without_duplicates(world):
    parameter = make_parameter(world.a1)
    body = _body(parameter, n=5)
    client = _client(world, "a1_staff")
    first = client.post(URL, body, format="json")
    again = client.post(URL, body, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["batch"] == first.json()["batch"]
    assert again.json()["replayed"] is True and again.json()["created"] == 0
    assert again.json()["count"] == 5
    assert Measurement.objects.filter(parameter=parameter).count() == 5
    assert AuditEvent.objects.filter(verb="readings.record").count() == 1


def test_staff_same_key_with_different_readings_gets_409(world):
    parameter = make_parameter(world.a1)
    client = _client(world, "a1_staff")
    body = _body(parameter)
    client.post(URL, body, format="json")
    body["readings"][1]["value"] = 99.0
    response = client.post(URL, body, format="json")
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert set(response.json()) == {"error", "detail", "fields"}
    assert Measurement.objects.filter(parameter=parameter).count() == 3


def test_staff_key_may_come_in_the_header(world):
    parameter = make_parameter(world.a1)
    body = _body(parameter)
    del body["idempotency_key"]
    client = _client(world, "a1_staff")
    first = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="hdr-1")
    again = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="hdr-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert MeasurementBatch.objects.get().key == "hdr-1"
    missing = client.post(URL, body, format="json")
    assert missing.status_code == 400 and "idempotency_key" in missing.json()["fields"]


def test_staff_every_invalid_reading_is_reported_by_position_and_nothing_saved(world):
    parameter = make_parameter(world.a1)
    future = (timezone.now() + dt.timedelta(hours=3)).isoformat()
    body = _body(parameter, n=6)
    body["readings"][1]["value"] = "ten"
    body["readings"][2]["taken_at"] = "yesterday"
    body["readings"][3]["taken_at"] = future
    body["readings"][4]["colour"] = "red"
    body["readings"][5]["value"] = None
    response = _client(world, "a1_staff").post(URL, body, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {
        "readings[1].value",
        "readings[2].taken_at",
        "readings[4].colour",
    }  # the shapes first; values are checked once the shapes are right
    body["readings"][1]["value"] = 1.0
    body["readings"][2]["taken_at"] = _when(5)
    del body["readings"][4]["colour"]
    response = _client(world, "a1_staff").post(URL, body, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields == {
        "readings[3].taken_at": ["A reading cannot be taken in the future."],
        "readings[5].value": ["Enter the measured value (a finite number)."],
    }
    assert Measurement.objects.count() == 0 and MeasurementBatch.objects.count() == 0


def test_staff_xbar_subgroup_labels_and_attribute_readings(world):
    xbar = make_parameter(world.a1, "P1", chart_type="xbar-s", subgroup_size=2)
    body = {
        "idempotency_key": "x-1",
        "readings": [
            {"parameter": xbar.pk, "taken_at": _when(9), "subgroup": "s1", "value": 1.0},
            {"parameter": xbar.pk, "taken_at": _when(9), "subgroup": "s1", "value": 1.2},
            {"parameter": xbar.pk, "taken_at": _when(8), "subgroup": 2, "value": 1.1},
            {"parameter": xbar.pk, "taken_at": _when(8), "subgroup": 2, "value": 1.3},
            {"parameter": xbar.pk, "taken_at": _when(8), "subgroup": 2, "value": 1.4},
        ],
    }
    response = _client(world, "a1_steward").post(URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["readings[4].subgroup"]
    body["readings"].pop()
    assert _client(world, "a1_steward").post(URL, body, format="json").status_code == 201
    assert list(Measurement.objects.order_by("id").values_list("subgroup", flat=True)) == [
        1,
        1,
        2,
        2,
    ]
    p = make_parameter(world.a1, "P2", kind="attribute", chart_type="p", sample_size=10)
    body = {
        "idempotency_key": "a-1",
        "readings": [{"parameter": p.pk, "taken_at": _when(1), "count": 11, "operator": "Li"}],
    }
    response = _client(world, "a1_steward").post(URL, body, format="json")
    assert response.json()["fields"] == {
        "readings[0].count": ["The count cannot exceed the sample size (10)."]
    }


def test_overdue_gauges_are_reported_and_flagged(world):
    old = make_gauge(world.a1, "OLD-1", due=timezone.localdate() - dt.timedelta(days=1))
    parameter = make_parameter(world.a1)
    body = _body(parameter, n=2)
    body["readings"][0]["gauge"] = old.pk
    response = _client(world, "a1_staff").post(URL, body, format="json")
    assert response.json()["overdue_gauges"] == ["OLD-1"]
    assert list(Measurement.objects.order_by("id").values_list("gauge_overdue", flat=True)) == [
        True,
        False,
    ]
    other = make_gauge(world.a2, "A2-G")
    body = _body(parameter, n=1, key="k-2")
    body["readings"][0]["gauge"] = other.pk
    response = _client(world, "a1_staff").post(URL, body, format="json")
    assert response.json()["fields"] == {"readings[0].gauge": ["Not found."]}


def test_parameters_of_other_tenants_answer_404_and_nothing_is_saved(world):
    own = make_parameter(world.a1, "P1")
    foreign = make_parameter(world.b1, "P1")
    body = _body(own)
    body["readings"].append({"parameter": foreign.pk, "taken_at": _when(1), "value": 1.0})
    response = _client(world, "a1_admin").post(URL, body, format="json")
    assert response.status_code == 404
    assert set(response.json()) == {"error", "detail", "fields"}
    assert _client(world, "a2_admin").post(URL, _body(own), format="json").status_code == 404
    assert Measurement.objects.count() == 0


def test_readings_of_two_enterprises_in_one_call_are_refused(world):
    a1 = make_parameter(world.a1, "P1")
    a2 = make_parameter(world.a2, "P1")
    body = _body(a1)
    body["readings"].append({"parameter": a2.pk, "taken_at": _when(1), "value": 1.0})
    from qualift.tenancy.models import Membership

    # A steward of both enterprises (a consultant running two small workshops).
    Membership.objects.create(
        user=world.users["a1_steward"], organization=world.a2.organization, role="quality_steward"
    )
    response = _client(world, "a1_steward").post(URL, body, format="json")
    assert response.status_code == 400
    assert "one enterprise" in response.json()["fields"]["readings"][0]


def test_read_only_roles_get_403(world):
    parameter = make_parameter(world.a1)
    for user in ("cba_auditor1", "cba_admin", "po_admin"):
        response = _client(world, user).post(URL, _body(parameter), format="json")
        assert response.status_code == 403, user
    assert APIClient().post(URL, _body(parameter), format="json").status_code == 401
    assert Measurement.objects.count() == 0


def test_malformed_bodies_are_400_never_500(world):
    parameter = make_parameter(world.a1)
    client = _client(world, "a1_staff")
    for body in (
        [],
        {"idempotency_key": "k", "readings": "x"},
        {"idempotency_key": "k", "readings": []},
        {"idempotency_key": "k", "readings": [1]},
        {"idempotency_key": "k", "readings": [{"parameter": "one"}]},
        {"idempotency_key": 5, "readings": [{"parameter": parameter.pk}]},
        {"idempotency_key": "k" * 101, "readings": [{"parameter": parameter.pk}]},
        {
            "idempotency_key": "k",
            "readings": [
                {
                    "parameter": parameter.pk,
                    "taken_at": _when(1),
                    "value": 10**400,
                    "operator": 5,
                    "subgroup": [1],
                    "count": 1.5,
                }
            ],
        },
    ):
        response = client.post(URL, body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert Measurement.objects.count() == 0


def test_too_many_readings_per_call_are_refused(world, monkeypatch):
    monkeypatch.setattr(api_measurements, "MAX_READINGS", 2)
    parameter = make_parameter(world.a1)
    response = _client(world, "a1_staff").post(URL, _body(parameter, n=3), format="json")
    assert response.status_code == 400
    assert "At most 2 readings" in response.json()["fields"]["readings"][0]


def test_auditor_lists_readings_of_a_parameter_newest_first(world):
    parameter = make_parameter(world.a1)
    add_readings(parameter, [1.0, 2.0, 3.0])
    client = _client(world, "cba_auditor1")
    response = client.get(URL, {"parameter": parameter.pk})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["value"] for r in results] == [3.0, 2.0, 1.0]
    assert results[0]["subgroup"] == 3 and results[0]["operator"] == ""
    after = results[1]["taken_at"]
    narrowed = client.get(URL, {"parameter": parameter.pk, "taken_after": after}).json()
    assert [r["value"] for r in narrowed["results"]] == [3.0, 2.0]
    assert client.get(URL).status_code == 400
    outsider = _client(world, "b1_admin").get(URL, {"parameter": parameter.pk})
    assert outsider.status_code == 200 and outsider.json()["results"] == []
    assert _client(world, "po_admin").get(URL, {"parameter": parameter.pk}).status_code == 403


def test_staff_posts_a_body_larger_than_djangos_upload_limit(world, monkeypatch, settings):
    from qualift.process.services import alarms as alarm_service

    monkeypatch.setattr(alarm_service, "check_new_readings", lambda **kwargs: [])
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000  # the bulk body is read with its own limit
    parameter = make_parameter(world.a1)
    body = _body(parameter, n=2000)
    response = _client(world, "a1_staff").post(URL, body, format="json")
    assert response.status_code == 201, response.content[:200]
    assert Measurement.objects.count() == 2000
    monkeypatch.setattr(api_measurements, "MAX_BODY_BYTES", 100)
    response = _client(world, "a1_staff").post(URL, _body(parameter, key="k2"), format="json")
    assert response.status_code == 400 and response.json()["error"] == "parse_error"
    response = _client(world, "a1_staff").post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400 and set(response.json()) == {"error", "detail", "fields"}
