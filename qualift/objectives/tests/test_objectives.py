"""The objectives cascade (issue 5 §3): service checks, roll-up arithmetic for each method and
direction, attainment classification, the roll-up chain refresh, the pages and the
/api/v1/objectives/ and /api/v1/objective-measurements/ endpoints.

Reference numbers are computed by hand in the comments next to each case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from qualift.core.models import AuditEvent
from qualift.objectives.models import Objective, ObjectiveMeasurement
from qualift.objectives.services.objectives import (
    measurement_record,
    measurements_record_series,
    objective_compute,
    objective_create,
    objective_deactivate,
    objective_update,
    objectives_compute_all,
)
from qualift.objectives.services.org import department_save, employee_save, position_save

pytestmark = pytest.mark.django_db

JAN = dt.date(2025, 1, 15)  # a day of a completed monthly period (2025-01-01 – 2025-01-31)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _obj(world, enterprise=None, **data) -> Objective:
    values = {
        "level": "enterprise",
        "name": "First-pass yield",
        "unit": "%",
        "direction": "up",
        "target": D("95"),
        "starts_on": dt.date(2025, 1, 1),
    }
    values.update(data)
    return objective_create(actor=None, enterprise=enterprise or world.a1, data=values)


def _org(world, enterprise=None):
    enterprise = enterprise or world.a1
    dept = department_save(actor=None, enterprise=enterprise, data={"name": "Production"})
    pos = position_save(
        actor=None, enterprise=enterprise, data={"title": "Operator", "department": dept}
    )
    emp = employee_save(actor=None, enterprise=enterprise, data={"name": "Li Na", "position": pos})
    return dept, pos, emp


def _api(world, user: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


# Service checks


def test_steward_creates_objectives_at_every_level_with_one_audit_event_each(world):
    steward = world.users["a1_steward"]
    dept, pos, emp = _org(world)
    base = {"unit": "%", "direction": "up", "target": D("95"), "starts_on": dt.date(2025, 1, 1)}
    top = objective_create(
        actor=steward, enterprise=world.a1, data={**base, "level": "enterprise", "name": "Yield"}
    )
    made = [top]
    for level, holder in (("department", dept), ("position", pos), ("employee", emp)):
        made.append(
            objective_create(
                actor=steward,
                enterprise=world.a1,
                data={**base, "level": level, level: holder, "name": level, "parent": top},
            )
        )
    assert [o.holder for o in made] == [None, dept, pos, emp]
    events = AuditEvent.objects.filter(verb="objective.create", actor=steward)
    assert events.count() == 4
    assert events.first().enterprise_id == world.a1.pk


def test_staff_and_other_tenants_cannot_set_objectives(world):
    data = {"level": "enterprise", "name": "X", "unit": "%", "direction": "up", "target": 1}
    data["starts_on"] = dt.date(2025, 1, 1)
    for user in ("a1_staff", "a2_admin", "cba_expert"):
        with pytest.raises(PermissionDenied):
            objective_create(actor=world.users[user], enterprise=world.a1, data=data)
    assert not Objective.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"level": "department"}, "department"),  # department level needs a department
        ({"level": "position"}, "position"),
        ({"level": "employee"}, "employee"),
        ({"direction": "up", "target": None}, "target"),
        ({"direction": "down", "target": None}, "target"),
        ({"direction": "band", "target_low": D("5"), "target_high": D("4")}, "target_high"),
        ({"direction": "band", "target_low": None, "target_high": D("4")}, "target_low"),
        ({"source": "spc_cpk"}, "source_parameter"),
        ({"source": "rollup"}, "rollup"),
        ({"source": "manual", "rollup": "sum"}, "rollup"),
        ({"starts_on": dt.date(2025, 5, 1), "ends_on": dt.date(2025, 4, 30)}, "ends_on"),
        ({"at_risk_margin": D("-1")}, "at_risk_margin"),
    ],
)
def test_service_rejects_a_malformed_objective(world, data, field):
    with pytest.raises(ValidationError) as exc:
        _obj(world, **data)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert not Objective.objects.exists()


def test_service_rejects_extra_holders_foreign_records_inactive_parents_and_loops(world):
    dept, pos, emp = _org(world)
    with pytest.raises(ValidationError) as exc:
        _obj(world, level="department", department=dept, employee=emp)
    assert "employee" in exc.value.message_dict and "department" not in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _obj(world, level="enterprise", position=pos)
    assert "position" in exc.value.message_dict
    other_dept, _p, other_emp = _org(world, world.a2)
    other_obj = _obj(world, enterprise=world.a2)
    for data, field in (
        ({"level": "department", "department": other_dept}, "department"),
        ({"owner": other_emp}, "owner"),
        ({"parent": other_obj}, "parent"),
    ):
        with pytest.raises(ValidationError) as exc:
            _obj(world, **data)
        assert field in exc.value.message_dict
    top = _obj(world, name="Top")
    mid = _obj(world, name="Mid", parent=top)
    low = _obj(world, name="Low", parent=mid)
    with pytest.raises(ValidationError) as exc:
        objective_update(actor=None, objective=top, data={"parent": low})
    assert "parent" in exc.value.message_dict
    top.refresh_from_db()
    assert top.parent is None
    objective_deactivate(actor=None, objective=mid, reason="Merged into Top")
    with pytest.raises(ValidationError) as exc:
        _obj(world, parent=mid)
    assert "parent" in exc.value.message_dict
    event = AuditEvent.objects.get(verb="objective.deactivate")
    assert event.reason == "Merged into Top"
    with pytest.raises(ValidationError):
        objective_deactivate(actor=None, objective=low, reason="  ")


# Attainment classification (kpi.attainment through measurement_record)


@pytest.mark.parametrize(
    ("objective", "value", "expected"),
    [
        # up, target 95, baseline 75: default margin 10% of |95 − 75| = 2
        ({"direction": "up", "target": D(95), "baseline": D(75)}, "95", "on_track"),
        ({"direction": "up", "target": D(95), "baseline": D(75)}, "99", "on_track"),
        ({"direction": "up", "target": D(95), "baseline": D(75)}, "93", "at_risk"),  # short 2
        ({"direction": "up", "target": D(95), "baseline": D(75)}, "92.9", "missed"),  # 2.1
        # down, target 2, baseline 6: margin 0.4
        ({"direction": "down", "target": D(2), "baseline": D(6)}, "1.5", "on_track"),
        ({"direction": "down", "target": D(2), "baseline": D(6)}, "2.4", "at_risk"),
        ({"direction": "down", "target": D(2), "baseline": D(6)}, "2.5", "missed"),
        # down without baseline: margin 10% of the target (2) = 0.2
        ({"direction": "down", "target": D(2)}, "2.2", "at_risk"),
        ({"direction": "down", "target": D(2)}, "2.21", "missed"),
        # band 20–24: margin 10% of the width = 0.4
        ({"direction": "band", "target_low": D(20), "target_high": D(24)}, "22", "on_track"),
        ({"direction": "band", "target_low": D(20), "target_high": D(24)}, "19.6", "at_risk"),
        ({"direction": "band", "target_low": D(20), "target_high": D(24)}, "24.5", "missed"),
        # explicit margin 5 overrides the default
        ({"direction": "up", "target": D(100), "at_risk_margin": D(5)}, "95", "at_risk"),
        ({"direction": "up", "target": D(100), "at_risk_margin": D(5)}, "94.99", "missed"),
        (
            {"direction": "band", "target_low": D(1), "target_high": D(2), "at_risk_margin": D(0)},
            "2.0001",
            "missed",
        ),
    ],
)
def test_measurement_attainment_is_classified(world, objective, value, expected):
    obj = _obj(world, **objective)
    row = measurement_record(actor=None, objective=obj, day=JAN, value=value)
    assert row.attainment == expected
    obj.refresh_from_db()
    assert obj.attainment == expected and obj.latest_value == D(value)
    assert obj.latest_period_end == dt.date(2025, 1, 31)


def test_changing_the_target_judges_stored_measurements_again(world):
    obj = _obj(world, target=D(95), baseline=D(75))
    measurement_record(actor=None, objective=obj, day=JAN, value="90")
    assert ObjectiveMeasurement.objects.get().attainment == "missed"
    objective_update(actor=None, objective=obj, data={"target": D(90)})
    assert ObjectiveMeasurement.objects.get().attainment == "on_track"
    obj.refresh_from_db()
    assert obj.attainment == "on_track"


# Measurements


def test_second_entry_for_a_period_updates_it_and_is_audited_with_before_and_after(world):
    steward = world.users["a1_steward"]
    obj = _obj(world)
    first = measurement_record(actor=steward, objective=obj, day=dt.date(2025, 1, 3), value="90")
    assert (first.period_start, first.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    second = measurement_record(
        actor=steward, objective=obj, day=dt.date(2025, 1, 28), value="96", note="recount"
    )
    assert second.pk == first.pk and ObjectiveMeasurement.objects.count() == 1
    assert second.value == D("96") and second.recorded_by == steward
    update = AuditEvent.objects.get(verb="objective.measure_update")
    assert update.before["value"] == "90.0000" and update.after["value"] == "96.0000"
    assert AuditEvent.objects.filter(verb="objective.measure").count() == 1


def test_quarterly_objective_stores_the_calendar_quarter(world):
    obj = _obj(world, frequency="quarterly")
    row = measurement_record(actor=None, objective=obj, day=dt.date(2025, 5, 20), value="97")
    assert (row.period_start, row.period_end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))


def test_measurement_refused_for_computed_retired_future_or_out_of_span(world):
    computed = _obj(world, source="nc_count", direction="down", target=D(2))
    with pytest.raises(ValidationError):
        measurement_record(actor=None, objective=computed, day=JAN, value="1")
    obj = _obj(world, starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 6, 30))
    for day in (dt.date(2025, 2, 28), dt.date(2025, 7, 1), dt.date(2999, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            measurement_record(actor=None, objective=obj, day=day, value="1")
        assert "day" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        measurement_record(actor=None, objective=obj, day=dt.date(2025, 3, 5), value="abc")
    assert "value" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        measurement_record(
            actor=world.users["a1_staff"], objective=obj, day=dt.date(2025, 3, 5), value="1"
        )
    objective_deactivate(actor=None, objective=obj, reason="done")
    with pytest.raises(ValidationError):
        measurement_record(actor=None, objective=obj, day=dt.date(2025, 3, 5), value="1")
    assert not ObjectiveMeasurement.objects.exists()


# Roll-up arithmetic: children 80, 90, 97 with weights 1, 1, 2


ROLLUP_CASES = [
    # sum and means do not depend on the direction of good
    ("sum", "up", D("267")),  # 80 + 90 + 97
    ("sum", "down", D("267")),
    ("sum", "band", D("267")),
    ("mean", "up", D("89")),  # 267 / 3
    ("mean", "down", D("89")),
    ("mean", "band", D("89")),
    ("weighted_mean", "up", D("91")),  # (80 + 90 + 2 × 97) / 4 = 364 / 4
    ("weighted_mean", "down", D("91")),
    ("weighted_mean", "band", D("91")),
    ("min", "up", D("80")),  # worst when higher is better: the smallest
    ("min", "down", D("97")),  # worst when lower is better: the largest
    ("min", "band", D("80")),  # band 85–95: 80 is 5 outside, 97 is 2 outside, 90 inside
]


@pytest.mark.parametrize(("method", "direction", "expected"), ROLLUP_CASES)
def test_rollup_method_and_direction(world, method, direction, expected):
    targets = {"target": D(90)}
    if direction == "band":
        targets = {"target": None, "target_low": D(85), "target_high": D(95)}
    parent = _obj(
        world, name="Parent", source="rollup", rollup=method, direction=direction, **targets
    )
    for value, weight in ((80, 1), (90, 1), (97, 2)):
        child = _obj(
            world,
            name=f"Child {value}",
            parent=parent,
            direction=direction,
            weight=D(weight),
            **targets,
        )
        measurement_record(actor=None, objective=child, day=JAN, value=str(value))
    row = ObjectiveMeasurement.objects.get(objective=parent)
    assert row.value == expected and row.origin == "rollup"
    assert row.period_end == dt.date(2025, 1, 31)


def test_rollup_chain_refreshes_every_level_and_skips_retired_children(world):
    """enterprise (sum) ← department (mean) ← two position objectives; a third child of the
    department is retired and does not count."""
    dept, pos, _emp = _org(world)
    top = _obj(world, name="Defects", direction="down", target=D(10), source="rollup", rollup="sum")
    mid = _obj(
        world,
        name="Dept defects",
        level="department",
        department=dept,
        parent=top,
        direction="down",
        target=D(5),
        source="rollup",
        rollup="mean",
    )
    kids = [
        _obj(
            world,
            name=f"Operator defects {n}",
            level="position",
            position=pos,
            parent=mid,
            direction="down",
            target=D(5),
        )
        for n in range(3)
    ]
    objective_deactivate(actor=None, objective=kids[2], reason="position merged")
    measurement_record(actor=None, objective=kids[0], day=JAN, value="4")
    mid.refresh_from_db()
    top.refresh_from_db()
    assert mid.latest_value == D(4) and top.latest_value == D(4)
    measurement_record(actor=None, objective=kids[1], day=JAN, value="9")
    mid.refresh_from_db()
    top.refresh_from_db()
    # department: mean(4, 9) = 6.5 against ≤ 5, margin 0.5 → missed; enterprise: sum = 6.5 ≤ 10
    assert mid.latest_value == D("6.5") and mid.attainment == "missed"
    assert top.latest_value == D("6.5") and top.attainment == "on_track"
    event = AuditEvent.objects.filter(verb="objective.measure").last()
    assert event.after["rolled_up"] == [mid.pk, top.pk]


def test_series_records_new_periods_at_once_and_rolls_up_each(world):
    """Three months of history in one call: one audit event, the parent's sum per month."""
    top = _obj(world, name="Scrap", direction="down", target=D(10), source="rollup", rollup="sum")
    child = _obj(world, name="Line scrap", parent=top, direction="down", target=D(5))
    rows = [(dt.date(2025, m, 10), str(3 + m), "") for m in (1, 2, 3)]
    made = measurements_record_series(actor=None, objective=child, rows=rows)
    assert [m.value for m in made] == [D(4), D(5), D(6)]
    assert [m.attainment for m in made] == ["on_track", "on_track", "missed"]  # ≤ 5, margin 0.5
    child.refresh_from_db()
    assert child.latest_value == D(6) and child.latest_period_end == dt.date(2025, 3, 31)
    sums = list(top.measurements.order_by("period_end").values_list("value", flat=True))
    assert sums == [D(4), D(5), D(6)]
    assert AuditEvent.objects.filter(verb="objective.measure_series").count() == 1


def test_series_reports_every_bad_row_and_saves_nothing(world):
    child = _obj(world, name="Line scrap", direction="down", target=D(5))
    measurement_record(actor=None, objective=child, day=JAN, value="4")
    rows = [
        (dt.date(2025, 2, 1), "3", ""),  # good
        (dt.date(2025, 1, 20), "2", ""),  # January already recorded
        (dt.date(2024, 12, 1), "2", ""),  # before the objective starts
        (dt.date(2025, 3, 1), "many", ""),  # not a number
        (dt.date(2025, 3, 20), "1", ""),  # same month as row 4
    ]
    with pytest.raises(ValidationError) as exc:
        measurements_record_series(actor=None, objective=child, rows=rows)
    messages = exc.value.message_dict["rows"]
    assert [m.split(":")[0] for m in messages] == ["Row 2", "Row 3", "Row 4"]
    assert child.measurements.count() == 1


def test_compute_recomputes_completed_periods_children_before_parents(world):
    top = _obj(world, name="Top", source="rollup", rollup="mean", starts_on=dt.date(2025, 1, 1))
    child = _obj(world, name="Child", parent=top)
    measurement_record(actor=None, objective=child, day=JAN, value="90")
    measurement_record(actor=None, objective=child, day=dt.date(2025, 2, 10), value="96")
    ObjectiveMeasurement.objects.filter(objective=top).delete()
    written = objective_compute(actor=None, objective=top, today=dt.date(2025, 3, 1))
    assert written == 2  # January and February have ended by 1 March; March has not
    assert list(
        ObjectiveMeasurement.objects.filter(objective=top).values_list("value", flat=True)
    ) == [D("90"), D("96")]
    with pytest.raises(ValidationError):
        objective_compute(actor=None, objective=child, today=dt.date(2025, 3, 1))
    assert objectives_compute_all(actor=None, enterprise=world.a1, today=dt.date(2025, 3, 1)) == 2
    with pytest.raises(PermissionDenied):
        objectives_compute_all(
            actor=world.users["a1_staff"], enterprise=world.a1, today=dt.date(2025, 3, 1)
        )


# Pages


def test_tree_shows_the_cascade_indented_with_traffic_lights_and_filters(world):
    dept, pos, emp = _org(world)
    top = _obj(world, name="Yield top", owner=emp)
    mid = _obj(world, name="Yield dept", level="department", department=dept, parent=top)
    _obj(world, name="Other firm objective", enterprise=world.a2)
    measurement_record(actor=None, objective=mid, day=JAN, value="80")
    client = world.client("a1_staff")
    url = reverse("objectives:objective-tree", args=[world.a1.pk])
    body = client.get(url).content.decode()
    assert body.index("Yield top") < body.index("Yield dept")
    assert 'data-depth="1"' in body and "Missed" in body and "Li Na" in body
    assert "Other firm objective" not in body
    body = client.get(url, {"attainment": "missed"}).content.decode()
    assert "Yield dept" in body and "Yield top</a>" not in body
    body = client.get(url, {"level": "enterprise", "q": "yield"}).content.decode()
    assert "Yield top" in body and "Yield dept</a>" not in body
    assert "objective-new" not in body  # staff may not add


def test_create_form_is_prefilled_from_the_query_string_and_saves(world):
    dept, pos, emp = _org(world)
    other_pos = position_save(actor=None, enterprise=world.a2, data={"title": "Elsewhere"})
    client = world.client("a1_steward")
    url = reverse("objectives:objective-create", args=[world.a1.pk])
    body = client.get(url, {"level": "position", "position": pos.pk}).content.decode()
    assert '<option value="position" selected>' in body
    assert f'<option value="{pos.pk}" selected>' in body
    body = client.get(url, {"level": "employee", "employee": emp.pk}).content.decode()
    assert body.count(f'<option value="{emp.pk}" selected>') == 2  # employee and owner
    body = client.get(url, {"position": other_pos.pk}).content.decode()
    assert f'value="{other_pos.pk}"' not in body
    response = client.post(
        url,
        {
            "name": "Scrap rate",
            "level": "position",
            "position": pos.pk,
            "owner": emp.pk,
            "unit": "%",
            "direction": "down",
            "target": "1.5",
            "frequency": "monthly",
            "source": "manual",
            "weight": "1",
            "starts_on": "2025-01-01",
        },
    )
    obj = Objective.objects.get(name="Scrap rate")
    assert response.status_code == 302
    assert response.url == reverse("objectives:objective-detail", args=[obj.pk])
    assert obj.position == pos and obj.target == D("1.5")


def test_form_shows_service_errors_inline_and_saves_nothing(world):
    client = world.client("a1_admin")
    response = client.post(
        reverse("objectives:objective-create", args=[world.a1.pk]),
        {
            "name": "Band",
            "level": "enterprise",
            "unit": "°C",
            "direction": "band",
            "target_low": "24",
            "target_high": "20",
            "frequency": "monthly",
            "source": "manual",
            "weight": "1",
            "starts_on": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "must not be below the lower" in response.content.decode()
    assert not Objective.objects.exists()


def test_detail_records_a_measurement_and_shows_chart_and_table(world):
    obj = _obj(world, name="OTD", unit="%", direction="up", target=D(95))
    client = world.client("a1_steward")
    response = client.post(
        reverse("objectives:objective-measure", args=[obj.pk]),
        {"day": "2025-01-20", "value": "96.5", "note": "ok"},
    )
    assert response.status_code == 302
    body = client.get(reverse("objectives:objective-detail", args=[obj.pk])).content.decode()
    assert 'id="objective-chart"' in body and "objective-chart-data" in body
    assert "96.5 %" in body and "2025-01-01 – 2025-01-31" in body and "On track" in body
    bad = client.post(reverse("objectives:objective-measure", args=[obj.pk]), {"day": "x"})
    assert bad.status_code == 200 and 'id="measure-form"' in bad.content.decode()
    assert ObjectiveMeasurement.objects.count() == 1


def test_compute_buttons_and_permissions_on_pages(world):
    top = _obj(world, name="Top", source="rollup", rollup="sum")
    staff = world.client("a1_staff")
    assert staff.post(reverse("objectives:objective-compute", args=[top.pk])).status_code == 403
    other = world.client("a2_admin")
    assert other.get(reverse("objectives:objective-detail", args=[top.pk])).status_code == 404
    steward = world.client("a1_steward")
    response = steward.post(reverse("objectives:objective-compute", args=[top.pk]))
    assert response.status_code == 302
    response = steward.post(reverse("objectives:objectives-compute", args=[world.a1.pk]))
    assert response.url == reverse("objectives:objective-tree", args=[world.a1.pk])
    assert AuditEvent.objects.filter(verb="objective.compute").count() == 2


# API


def test_api_creates_lists_patches_and_computes(world):
    _dept, pos, emp = _org(world)
    api = _api(world, "a1_steward")
    response = api.post(
        "/api/v1/objectives/",
        {
            "enterprise": world.a1.pk,
            "level": "enterprise",
            "name": "Defects",
            "unit": "pcs",
            "direction": "down",
            "target": "10",
            "source": "rollup",
            "rollup": "sum",
            "starts_on": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    top = response.json()
    response = api.post(
        "/api/v1/objectives/",
        {
            "enterprise": world.a1.pk,
            "level": "position",
            "position": pos.pk,
            "owner": emp.pk,
            "parent": top["id"],
            "name": "Operator defects",
            "unit": "pcs",
            "direction": "down",
            "target": "4",
            "starts_on": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    child = response.json()
    response = api.post(
        "/api/v1/objective-measurements/",
        {"objective": child["id"], "day": "2025-01-09", "value": "3.5", "note": "Jan"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["attainment"] == "on_track"
    assert response.json()["period_end"] == "2025-01-31"
    listing = api.get("/api/v1/objectives/", {"enterprise": world.a1.pk, "level": "position"})
    assert [o["name"] for o in listing.json()["results"]] == ["Operator defects"]
    top_now = api.get(f"/api/v1/objectives/{top['id']}/").json()
    assert top_now["latest_value"] == "3.5000" and top_now["attainment"] == "on_track"
    rows = api.get("/api/v1/objective-measurements/", {"objective": top["id"]}).json()
    assert rows["count"] == 1 and rows["results"][0]["origin"] == "rollup"
    patched = api.patch(f"/api/v1/objectives/{child['id']}/", {"target": "3.2"}, format="json")
    # ≤ 3.2, no baseline: margin 0.32; 3.5 is 0.3 short → at risk
    assert patched.status_code == 200 and patched.json()["attainment"] == "at_risk"
    computed = api.post(f"/api/v1/objectives/{top['id']}/compute/")
    assert computed.status_code == 200 and computed.json()["periods"] >= 1


def test_api_bad_input_is_a_400_json_error_and_changes_nothing(world):
    api = _api(world, "a1_admin")
    response = api.post(
        "/api/v1/objectives/",
        {
            "enterprise": world.a1.pk,
            "level": "department",
            "name": "No dept",
            "unit": "%",
            "direction": "up",
            "target": "1",
            "starts_on": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error", "detail", "fields"}
    assert "department" in response.json()["fields"]
    obj = _obj(world, source="nc_count", direction="down", target=D(2))
    response = api.post(
        "/api/v1/objective-measurements/",
        {"objective": obj.pk, "day": "2025-01-09", "value": "3"},
        format="json",
    )
    assert response.status_code == 400
    manual = _obj(world, name="Manual")
    for body in (
        {"objective": manual.pk, "day": "not a date", "value": "3"},
        {"objective": manual.pk, "day": "2025-01-09", "value": "NaN"},
        {"objective": manual.pk, "day": "2025-01-09", "value": "1e30"},
        {"objective": "x", "day": "2025-01-09", "value": "3"},
    ):
        response = api.post("/api/v1/objective-measurements/", body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert not ObjectiveMeasurement.objects.exists()


def test_api_other_tenant_gets_404_and_staff_403(world):
    obj = _obj(world)
    other = _api(world, "b1_admin")
    assert other.get(f"/api/v1/objectives/{obj.pk}/").status_code == 404
    assert other.patch(f"/api/v1/objectives/{obj.pk}/", {}, format="json").status_code == 404
    assert other.get("/api/v1/objectives/").json()["count"] == 0
    response = other.post(
        "/api/v1/objective-measurements/",
        {"objective": obj.pk, "day": "2025-01-09", "value": "3"},
        format="json",
    )
    assert response.status_code in (400, 403)
    staff = _api(world, "a1_staff")
    assert staff.get(f"/api/v1/objectives/{obj.pk}/").status_code == 200
    assert staff.patch(f"/api/v1/objectives/{obj.pk}/", {}, format="json").status_code == 403
    assert staff.post(f"/api/v1/objectives/{obj.pk}/compute/").status_code == 403
    response = staff.post(
        "/api/v1/objective-measurements/",
        {"objective": obj.pk, "day": "2025-01-09", "value": "3"},
        format="json",
    )
    assert response.status_code == 403
    assert not ObjectiveMeasurement.objects.exists()


def test_tree_query_count_does_not_grow_with_objectives(world, django_assert_max_num_queries):
    _dept, pos, emp = _org(world)
    top = _obj(world, name="Top")
    for n in range(20):
        _obj(world, name=f"Sub {n}", level="position", position=pos, owner=emp, parent=top)
    client = world.client("a1_steward")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("objectives:objective-tree", args=[world.a1.pk]))
    assert response.status_code == 200 and "Sub 19" in response.content.decode()


def test_compute_objectives_command(world):
    from io import StringIO

    from django.core.management import call_command

    top = _obj(world, name="Top", source="rollup", rollup="sum")
    child = _obj(world, name="Child", parent=top)
    measurement_record(actor=None, objective=child, day=JAN, value="5")
    out = StringIO()
    call_command("compute_objectives", "--today", "2025-02-01", stdout=out)
    assert "1 period(s) computed." in out.getvalue()
