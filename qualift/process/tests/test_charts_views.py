"""Chart, dashboard and alarm pages, the chart/alarm API, and the capability report PDF.

Reference data: qcc 3.0 vignette / Montgomery Example 6.1 (pistonrings; limits from samples
1-25; samples 37-39 beyond them; Cp 1.70 with specs 73.95/74.05).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qualift.improvement.models import Nonconformity
from qualift.process.models import Alarm, LimitSet
from qualift.process.services.alarms import check_new_readings
from qualift.process.services.limits import freeze_limits
from qualift.process.testing import add_readings, make_parameter
from qualift.process.tests.chart_fixtures import add_pistonrings, pistonrings_parameter


@pytest.fixture
def rings(world):
    parameter = pistonrings_parameter(world.a1, upto_sample=36)
    freeze_limits(actor=None, parameter=parameter, first_subgroup=1, last_subgroup=25, reason="P1")
    add_pistonrings(parameter, 37, 40)
    check_new_readings(actor=None, parameter=parameter, first_subgroup=37)
    return parameter


@pytest.fixture
def alarm(rings):
    return Alarm.objects.get(parameter=rings)


def api(world, username):
    client = APIClient()
    client.force_authenticate(world.users[username])
    return client


# ---------------------------------------------------------------- chart page and data


def test_steward_sees_chart_capability_history_and_freeze_form(world, rings):
    response = world.client("a1_steward").get(reverse("process:parameter-chart", args=[rings.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="control-chart-live"' in body
    assert reverse("process:parameter-chart-data", args=[rings.pk]) in body
    assert 'id="cap-cp"' in body and "1.70" in body  # Cp
    assert 'id="normality"' in body and "Anderson" in body
    assert 'id="limit-sets"' in body and "v1" in body and "P1" in body
    assert 'id="freeze-form"' in body
    assert reverse("process:capability-pdf", args=[rings.pk]) in body


def test_staff_sees_the_chart_without_the_freeze_form(world, rings):
    response = world.client("a1_staff").get(reverse("process:parameter-chart", args=[rings.pk]))
    assert response.status_code == 200
    assert 'id="freeze-form"' not in response.content.decode()


@pytest.mark.parametrize("username", ["b1_admin", "po_admin", "a2_admin"])
def test_outsiders_get_404_for_the_chart(world, rings, username):
    client = world.client(username)
    for name in ("process:parameter-chart", "process:parameter-chart-data"):
        assert client.get(reverse(name, args=[rings.pk])).status_code == 404


def test_chart_data_endpoint_shape(world, rings):
    url = reverse("process:parameter-chart-data", args=[rings.pk])
    data = world.client("cba_auditor1").get(url).json()
    assert set(data) >= {
        "parameter",
        "summary",
        "points",
        "rules",
        "histogram",
        "capability",
        "downsampled",
        "phase1_range",
    }
    assert data["n_shown"] == 40 and data["phase1_range"] == [1, 25]
    assert [v["index"] for v in data["summary"]["violations"]] == [37, 38, 39]
    phase2 = world.client("a1_staff").get(url + "?phase=2&max_points=12").json()
    assert phase2["n_candidates"] == 15 and phase2["n_shown"] <= 12
    assert {37, 38, 39} <= set(phase2["points"]["subgroup"])


def test_steward_freezes_limits_from_the_form(world, rings):
    client = world.client("a1_steward")
    url = reverse("process:limits-freeze", args=[rings.pk])
    data = {"first_subgroup": 1, "last_subgroup": 40, "exclude_flagged": "on", "reason": "All"}
    response = client.post(url, data)
    assert response.status_code == 302
    ls = LimitSet.objects.get(parameter=rings, version=2)
    assert {37, 38, 39} <= set(ls.excluded_subgroups) and ls.frozen_by.username == "a1_steward"


def test_freeze_form_errors_show_inline_and_change_nothing(world, rings):
    client = world.client("a1_steward")
    url = reverse("process:limits-freeze", args=[rings.pk])
    response = client.post(url, {"first_subgroup": 30, "last_subgroup": 10, "reason": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "invalid-feedback" in body and 'id="field-reason"' in body
    response = client.post(url, {"first_subgroup": 90, "last_subgroup": 99, "reason": "x"})
    assert "Not enough readings" in response.content.decode()
    assert LimitSet.objects.filter(parameter=rings).count() == 1


def test_staff_cannot_freeze_limits(world, rings):
    url = reverse("process:limits-freeze", args=[rings.pk])
    data = {"first_subgroup": 1, "last_subgroup": 25, "reason": "x"}
    assert world.client("a1_staff").post(url, data).status_code == 403
    assert LimitSet.objects.filter(parameter=rings).count() == 1


# ---------------------------------------------------------------- dashboard


def test_dashboard_counts_colours_and_filters(world, rings, django_assert_max_num_queries):
    green = make_parameter(world.a1, code="P20", name="Torque", lsl=0, usl=20)
    add_readings(green, [10.5, 9.5] * 10)
    from qualift.process.health import refresh_health

    refresh_health(green)
    make_parameter(world.a1, code="P30", name="Gap")  # no readings: grey
    client = world.client("a1_admin")
    url = reverse("process:dashboard", args=[world.a1.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    colours = {c["value"]: c["count"] for c in response.context["colours"]}
    assert colours == {"red": 0, "amber": 1, "green": 1, "unknown": 1}
    rows = list(response.context["page"])
    ring_row = next(p for p in rows if p.pk == rings.pk)
    assert ring_row.open_alarms == 1 and ring_row.last_reading is not None
    body = response.content.decode()
    assert reverse("process:parameter-chart", args=[rings.pk]) in body
    amber = client.get(url + "?health=amber")
    assert [p.pk for p in amber.context["page"]] == [rings.pk]


# ---------------------------------------------------------------- alarm pages


def test_alarm_list_filters_and_paginates(world, alarm):
    client = world.client("a1_staff")
    url = reverse("process:alarm-list", args=[world.a1.pk])
    response = client.get(url)
    assert response.status_code == 200 and alarm in list(response.context["page"])
    assert "Western Electric 1" in response.content.decode()
    assert list(client.get(url + "?status=closed").context["page"]) == []
    filtered = client.get(url + f"?parameter={alarm.parameter_id}&status=open")
    assert list(filtered.context["page"]) == [alarm]


def test_alarm_detail_shows_rule_reaction_plan_and_snapshot(world, alarm):
    response = world.client("a1_steward").get(reverse("process:alarm-detail", args=[alarm.pk]))
    body = response.content.decode()
    assert "1 point beyond the 3 sigma control limits" in body
    assert "Stop the line" in body
    assert 'id="alarm-snapshot"' in body and 'id="control-chart-text"' in body
    assert 'id="alarm-raise-nc"' in body and 'id="alarm-close-form"' in body
    staff = world.client("a1_staff").get(reverse("process:alarm-detail", args=[alarm.pk]))
    assert 'id="alarm-raise-nc"' not in staff.content.decode()


def test_steward_raises_the_nc_from_the_alarm_page(world, alarm):
    client = world.client("a1_steward")
    url = reverse("process:alarm-raise-nc", args=[alarm.pk])
    response = client.post(url)
    nc = Nonconformity.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "improvement:nc-detail", args=[nc.pk]
    )
    assert client.post(url).url == response.url  # a second click: the same NC
    assert Nonconformity.objects.count() == 1
    detail = client.get(reverse("process:alarm-detail", args=[alarm.pk])).content.decode()
    assert 'id="alarm-nc"' in detail and nc.number in detail


def test_staff_raise_is_403_and_other_tenant_404(world, alarm):
    url = reverse("process:alarm-raise-nc", args=[alarm.pk])
    assert world.client("a1_staff").post(url).status_code == 403
    assert world.client("b1_admin").post(url).status_code == 404
    assert not Nonconformity.objects.exists()


def test_closing_from_the_page_needs_a_reason(world, alarm):
    client = world.client("a1_admin")
    url = reverse("process:alarm-close", args=[alarm.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert client.post(url, {"reason": "Gauge error"}).status_code == 302
    alarm.refresh_from_db()
    assert alarm.status == "closed" and alarm.close_reason == "Gauge error"


# ---------------------------------------------------------------- API


def test_api_chart_action(world, rings):
    url = f"/api/v1/parameters/{rings.pk}/chart/"
    data = api(world, "a1_staff").get(url, {"phase": "1", "max_points": 10}).json()
    assert data["phase"] == "1" and data["n_candidates"] == 25 and data["n_shown"] <= 10
    assert data["summary"]["center"] == pytest.approx(74.00118, abs=5e-6)
    assert api(world, "a1_staff").get(url, {"phase": "x"}).status_code == 400
    assert api(world, "b1_admin").get(url).status_code == 404


def test_api_freeze_limits(world, rings):
    url = f"/api/v1/parameters/{rings.pk}/freeze-limits/"
    body = {"first_subgroup": 1, "last_subgroup": 25, "reason": "Re-frozen after audit"}
    response = api(world, "a1_steward").post(url, body, format="json")
    assert response.status_code == 201
    assert response.json()["version"] == 2
    assert response.json()["center"] == pytest.approx(74.00118, abs=5e-6)
    assert api(world, "a1_staff").post(url, body, format="json").status_code == 403
    assert api(world, "b1_admin").post(url, body, format="json").status_code == 404
    bad = api(world, "a1_admin").post(url, {**body, "reason": ""}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["fields"]
    assert LimitSet.objects.filter(parameter=rings).count() == 2


def test_api_alarm_list_filters(world, alarm):
    client = api(world, "cba_auditor1")
    rows = client.get("/api/v1/alarms/", {"status": "open"}).json()["results"]
    assert [r["id"] for r in rows] == [alarm.pk]
    assert rows[0]["rule_label"] == "Western Electric 1"
    assert client.get("/api/v1/alarms/", {"status": "closed"}).json()["results"] == []
    assert api(world, "b1_admin").get("/api/v1/alarms/").json()["results"] == []
    assert api(world, "b1_admin").get(f"/api/v1/alarms/{alarm.pk}/").status_code == 404


def test_api_raise_nc_201_then_200(world, alarm):
    url = f"/api/v1/alarms/{alarm.pk}/raise-nc/"
    assert api(world, "a1_staff").post(url).status_code == 403
    assert api(world, "b1_admin").post(url).status_code == 404
    first = api(world, "a1_steward").post(url)
    assert first.status_code == 201 and first.json()["status"] == "nc_raised"
    second = api(world, "a1_admin").post(url)
    assert second.status_code == 200
    assert second.json()["nonconformity"] == first.json()["nonconformity"]
    assert Nonconformity.objects.count() == 1


def test_api_close_needs_reason(world, alarm):
    url = f"/api/v1/alarms/{alarm.pk}/close/"
    client = api(world, "a1_steward")
    assert client.post(url, {}, format="json").status_code == 400
    response = client.post(url, {"reason": "Re-measured: in control"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "closed"


# ---------------------------------------------------------------- capability report


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_capability_pdf_in_both_languages(world, rings, language):
    response = world.client("a1_staff").get(
        reverse("process:capability-pdf", args=[rings.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_capability_pdf_of_a_parameter_without_readings(world):
    parameter = make_parameter(world.a1)
    response = world.client("a1_admin").get(reverse("process:capability-pdf", args=[parameter.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
