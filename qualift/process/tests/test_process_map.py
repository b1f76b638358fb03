"""The process map and its registers: services (validation changes nothing, one audit event per
call, calibration and maintenance due dates, one-sided specifications, chart/kind checks), the
pages (steward writes, staff reads, other tenants get 404, overdue gauges flagged) and the API
(CRUD through the services, JSON errors, 404 across tenants)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from qualift.core.audit import verify_chain
from qualift.core.models import AuditEvent
from qualift.core.testing import pin_today
from qualift.process.models import ControlPoint, Equipment, Gauge, Parameter, Process
from qualift.process.services.process_map import (
    add_months,
    control_point_save,
    equipment_maintained,
    equipment_save,
    gauge_calibrated,
    gauge_save,
    parameter_save,
    process_save,
)
from qualift.process.testing import add_readings

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _one_day_throughout(monkeypatch):
    """TODAY is read once, at import: the services' "today" stays equal to it."""
    pin_today(monkeypatch, TODAY)


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; another test may leave a language active in the thread.
    with translation.override("en"):
        yield


def _user(world, name):
    return world.users[name] if name else None


def _process(world, enterprise=None, user="a1_steward", **extra) -> Process:
    data = {
        "code": "P20",
        "name": "CNC turning / 数控车削",
        "is_key": True,
        "inputs": "Bar stock 45#",
        "outputs": "Turned shafts",
        "factor_machine": "CNC lathe CK6140",
    }
    data.update(extra)
    return process_save(actor=_user(world, user), enterprise=enterprise or world.a1, data=data)


def _point(world, process, user="a1_steward") -> ControlPoint:
    return control_point_save(
        actor=_user(world, user), process=process, data={"name": "Final turning"}
    )


def _gauge(world, enterprise=None, code="G-01", **extra) -> Gauge:
    data = {"code": code, "name": "Outside micrometer 0-25 mm", "calibration_interval_months": 6}
    data.update(extra)
    return gauge_save(actor=None, enterprise=enterprise or world.a1, data=data)


def _parameter(world, point, user="a1_steward", **extra) -> Parameter:
    data = {"name": "Shaft diameter", "unit": "mm", "lsl": 19.95, "usl": 20.05, "target": 20.0}
    data.update(extra)
    return parameter_save(actor=_user(world, user), control_point=point, data=data)


def _map(world, enterprise=None):
    process = _process(world, enterprise=enterprise, user=None)
    point = _point(world, process, user=None)
    return process, point, _parameter(world, point, user=None)


def _api(world, user: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


# -- services ----------------------------------------------------------------------------------


def test_steward_maps_a_process_point_and_parameter_with_audit_events(world):
    process = _process(world)
    point = _point(world, process)
    parameter = _parameter(world, point)
    assert (process.enterprise, point.enterprise, parameter.enterprise) == (world.a1,) * 3
    assert parameter.control_point == point and parameter.chart_type == "imr"
    for verb, obj in (
        ("process.create", process),
        ("control_point.create", point),
        ("parameter.create", parameter),
    ):
        event = AuditEvent.objects.get(verb=verb, target_id=str(obj.pk))
        assert event.actor == world.users["a1_steward"]
        assert event.enterprise_id == world.a1.pk
    assert verify_chain().ok


def test_steward_update_records_only_the_changed_fields(world):
    process = _process(world)
    process_save(
        actor=world.users["a1_steward"],
        enterprise=world.a1,
        data={"name": "Turning", "sequence": 30},
        process=process,
    )
    event = AuditEvent.objects.get(verb="process.update")
    assert event.before == {"name": "CNC turning / 数控车削", "sequence": 10}
    assert event.after == {"name": "Turning", "sequence": 30}


def test_steward_cannot_reuse_a_process_code_and_nothing_changes(world):
    _process(world)
    with pytest.raises(ValidationError) as caught:
        _process(world, name="Another")
    assert "code" in caught.value.message_dict
    assert Process.objects.count() == 1
    assert AuditEvent.objects.filter(verb="process.create").count() == 1
    # The same code in another enterprise is fine.
    _process(world, enterprise=world.a2, user="a2_admin")


def test_staff_and_auditor_cannot_write_the_map(world):
    process = _process(world)
    for user in ("a1_staff", "cba_auditor1", "po_admin"):
        with pytest.raises(PermissionDenied):
            _process(world, user=user, code="P99")
        with pytest.raises(PermissionDenied):
            _point(world, process, user=user)
    assert Process.objects.count() == 1 and not ControlPoint.objects.exists()


def test_steward_gets_a_one_sided_specification(world):
    point = _point(world, _process(world))
    upper_only = _parameter(world, point, name="Roughness Ra", lsl=None, usl=1.6, target=None)
    lower_only = _parameter(world, point, name="Hardness HRC", lsl=45.0, usl=None, target=None)
    assert (upper_only.lsl, upper_only.usl) == (None, 1.6)
    assert (lower_only.lsl, lower_only.usl) == (45.0, None)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"kind": "variable", "chart_type": "p"}, "chart_type"),
        ({"kind": "attribute", "chart_type": "imr", "lsl": None, "usl": None}, "chart_type"),
        ({"chart_type": "xbar-r", "subgroup_size": 1}, "subgroup_size"),
        ({"lsl": 20.1, "usl": 20.0, "target": None}, "usl"),
        ({"target": 25.0}, "target"),
        ({"rules": "western"}, "rules"),
        ({"chart_type": "ewma", "ewma_lambda": 1.5}, "ewma_lambda"),
        ({"lsl": float("nan")}, "lsl"),
    ],
)
def test_steward_gets_field_errors_for_a_bad_parameter_and_nothing_is_saved(
    world, fields, error_field
):
    point = _point(world, _process(world))
    with pytest.raises(ValidationError) as caught:
        _parameter(world, point, **fields)
    assert error_field in caught.value.message_dict
    assert not Parameter.objects.exists()
    assert not AuditEvent.objects.filter(verb="parameter.create").exists()


def test_attribute_parameter_drops_options_its_chart_does_not_use(world):
    point = _point(world, _process(world))
    parameter = _parameter(
        world,
        point,
        name="Defective pieces",
        kind="attribute",
        chart_type="np",
        sample_size=50,
        subgroup_size=5,
        lsl=None,
        usl=None,
        target=None,
        ewma_lambda=0.3,
        rules="Nelson: 1, 2",
    )
    assert parameter.subgroup_size == 1 and parameter.sample_size == 50
    assert parameter.ewma_lambda is None and parameter.rules == "nelson:1,2"


def test_parameter_kind_is_fixed_once_readings_exist(world):
    _process_, point, parameter = _map(world)
    add_readings(parameter, [20.0, 20.01, 19.99])
    with pytest.raises(ValidationError) as caught:
        parameter_save(
            actor=None,
            control_point=point,
            parameter=parameter,
            data={"kind": "attribute", "chart_type": "c", "lsl": None, "usl": None},
        )
    assert "kind" in caught.value.message_dict
    assert Parameter.objects.get(pk=parameter.pk).kind == "variable"


def test_parameter_refuses_a_gauge_of_another_enterprise(world):
    _process_, point, parameter = _map(world)
    foreign = _gauge(world, enterprise=world.a2)
    with pytest.raises(ValidationError) as caught:
        parameter_save(
            actor=None, control_point=point, parameter=parameter, data={"gauge": foreign}
        )
    assert "gauge" in caught.value.message_dict
    assert Parameter.objects.get(pk=parameter.pk).gauge is None


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    assert add_months(dt.date(2025, 6, 30), 12) == dt.date(2026, 6, 30)


def test_gauge_due_date_follows_the_last_calibration(world):
    gauge = _gauge(world, last_calibrated_on=dt.date(2025, 8, 31))
    assert gauge.calibration_due == dt.date(2026, 2, 28)  # six months, end of February
    # Changing the interval recomputes the due date when it is left as it was.
    gauge = gauge_save(
        actor=None,
        enterprise=world.a1,
        gauge=gauge,
        data={"calibration_interval_months": 12, "calibration_due": gauge.calibration_due},
    )
    assert gauge.calibration_due == dt.date(2026, 8, 31)
    # A due date typed in (a certificate may name one) wins.
    gauge = gauge_save(
        actor=None, enterprise=world.a1, gauge=gauge, data={"calibration_due": dt.date(2026, 5, 1)}
    )
    assert gauge.calibration_due == dt.date(2026, 5, 1)


def test_gauge_without_calibration_counts_as_overdue(world):
    assert _gauge(world).calibration_overdue()
    assert not _gauge(world, code="G-02", last_calibrated_on=TODAY).calibration_overdue()


def test_steward_records_a_calibration(world):
    gauge = _gauge(world, last_calibrated_on=TODAY - dt.timedelta(days=400))
    assert gauge.calibration_overdue()
    gauge = gauge_calibrated(
        actor=world.users["a1_steward"],
        gauge=gauge,
        calibrated_on=TODAY,
        certificate_ref="JL-2026-0417",
    )
    assert gauge.calibration_due == add_months(TODAY, 6)
    assert not gauge.calibration_overdue()
    event = AuditEvent.objects.get(verb="gauge.calibrate")
    assert event.after["certificate_ref"] == "JL-2026-0417"
    assert event.after["calibration_due"] == add_months(TODAY, 6).isoformat()


def test_calibration_in_the_future_or_before_the_last_is_refused(world):
    gauge = _gauge(world, last_calibrated_on=TODAY - dt.timedelta(days=10))
    for day in (TODAY + dt.timedelta(days=1), TODAY - dt.timedelta(days=20)):
        with pytest.raises(ValidationError) as caught:
            gauge_calibrated(actor=None, gauge=gauge, calibrated_on=day)
        assert "calibrated_on" in caught.value.message_dict
    assert Gauge.objects.get(pk=gauge.pk).last_calibrated_on == TODAY - dt.timedelta(days=10)
    assert not AuditEvent.objects.filter(verb="gauge.calibrate").exists()


def test_equipment_maintenance_dates(world):
    process = _process(world)
    machine = equipment_save(
        actor=None,
        enterprise=world.a1,
        data={
            "code": "CK6140-01",
            "name": "CNC lathe",
            "process": process,
            "operating_instruction": "Warm up 10 min; check coolant level.",
            "last_maintained_on": dt.date(2026, 1, 10),
            "maintenance_interval_days": 90,
        },
    )
    assert machine.next_maintenance_on == dt.date(2026, 4, 10)
    machine = equipment_maintained(
        actor=world.users["a1_steward"], equipment=machine, maintained_on=TODAY
    )
    assert machine.last_maintained_on == TODAY
    assert machine.next_maintenance_on == TODAY + dt.timedelta(days=90)
    assert AuditEvent.objects.filter(verb="equipment.maintain").count() == 1


def test_equipment_refuses_another_enterprises_process_and_document(world):
    from qualift.documents.models import ControlledDocument

    foreign_process = _process(world, enterprise=world.a2, user=None)
    document = ControlledDocument.objects.create(
        enterprise=world.a2, code="WI-01", title="Lathe instruction", kind="instruction"
    )
    with pytest.raises(ValidationError) as caught:
        equipment_save(
            actor=None,
            enterprise=world.a1,
            data={
                "code": "M1",
                "name": "Lathe",
                "process": foreign_process,
                "instruction_document": document,
                "maintenance_interval_days": 0,
            },
        )
    assert set(caught.value.message_dict) >= {
        "process",
        "instruction_document",
        "maintenance_interval_days",
    }
    assert not Equipment.objects.exists()


# -- pages -------------------------------------------------------------------------------------


def test_steward_creates_a_process_from_the_form(world):
    client = world.client("a1_steward")
    url = reverse("process:process-create", args=[world.a1.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": "P30",
            "name": "Heat treatment",
            "is_key": "on",
            "sequence": 30,
            "factor_environment": "Furnace hall 25 °C",
        },
    )
    process = Process.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("process:process-detail", args=[process.pk])
    assert process.is_key and process.enterprise == world.a1
    detail = client.get(response.url).content.decode()
    assert "Furnace hall 25 °C" in detail and 'id="factors-6m"' in detail


def test_staff_gets_403_on_the_forms_but_reads_the_map(world):
    process, point, parameter = _map(world)
    client = world.client("a1_staff")
    for url in (
        reverse("process:process-create", args=[world.a1.pk]),
        reverse("process:control-point-create", args=[process.pk]),
        reverse("process:parameter-create", args=[point.pk]),
        reverse("process:parameter-edit", args=[parameter.pk]),
        reverse("process:gauge-create", args=[world.a1.pk]),
        reverse("process:equipment-create", args=[world.a1.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"code": "X", "name": "X"}).status_code == 403, url
    assert Process.objects.count() == 1
    page = client.get(reverse("process:process-list", args=[world.a1.pk])).content.decode()
    assert "Shaft diameter" in page and "key process" in page
    assert 'id="process-new"' not in page


def test_other_tenants_get_404(world):
    process, point, parameter = _map(world)
    gauge = _gauge(world)
    urls = [
        reverse("process:process-list", args=[world.a1.pk]),
        reverse("process:process-detail", args=[process.pk]),
        reverse("process:parameter-detail", args=[parameter.pk]),
        reverse("process:control-point-edit", args=[point.pk]),
        reverse("process:gauge-calibrate", args=[gauge.pk]),
    ]
    for user in ("a2_admin", "b1_admin", "cbb_admin", "po_admin"):
        client = world.client(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)


def test_parameter_form_shows_model_errors_inline(world):
    process, point, _parameter_ = _map(world)
    response = world.client("a1_steward").post(
        reverse("process:parameter-create", args=[point.pk]),
        {
            "name": "Defects",
            "kind": "variable",
            "chart_type": "c",
            "subgroup_size": 1,
            "rules": "we",
            "alarm_mode": "one_click",
            "sequence": 10,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "A p, np, c or u chart needs an attribute parameter." in body
    assert 'id="field-ewma_lambda"' in body  # shown or hidden by the page's script
    assert Parameter.objects.count() == 1


def test_overdue_gauge_is_flagged_on_the_parameter_page_and_in_the_lists(world):
    process, point, parameter = _map(world)
    gauge = _gauge(world, code="MIC-07", last_calibrated_on=TODAY - dt.timedelta(days=365))
    parameter_save(actor=None, control_point=point, parameter=parameter, data={"gauge": gauge})
    client = world.client("a1_staff")
    page = client.get(reverse("process:parameter-detail", args=[parameter.pk])).content.decode()
    assert 'id="gauge-overdue-alert"' in page and "gauge-overdue" in page
    assert "MIC-07" in page
    listing = client.get(reverse("process:gauge-list", args=[world.a1.pk])).content.decode()
    assert "gauge-overdue-row" in listing
    mapped = client.get(reverse("process:process-list", args=[world.a1.pk])).content.decode()
    assert "gauge-overdue" in mapped
    # Calibrated today: the flag goes away everywhere.
    gauge_calibrated(actor=None, gauge=gauge, calibrated_on=TODAY)
    page = client.get(reverse("process:parameter-detail", args=[parameter.pk])).content.decode()
    assert "gauge-overdue" not in page


def test_gauge_list_filters_overdue(world):
    _gauge(world, code="OLD", last_calibrated_on=TODAY - dt.timedelta(days=400))
    _gauge(world, code="NEW", last_calibrated_on=TODAY)
    url = reverse("process:gauge-list", args=[world.a1.pk])
    page = world.client("a1_steward").get(url, {"overdue": "on"}).content.decode()
    assert "OLD" in page and ">NEW<" not in page


def test_steward_records_a_calibration_and_a_maintenance_from_the_pages(world):
    gauge = _gauge(world)
    machine = equipment_save(
        actor=None,
        enterprise=world.a1,
        data={"code": "M1", "name": "Lathe", "maintenance_interval_days": 30},
    )
    client = world.client("a1_steward")
    response = client.post(
        reverse("process:gauge-calibrate", args=[gauge.pk]),
        {"calibrated_on": TODAY.isoformat(), "certificate_ref": "C-1"},
    )
    assert response.status_code == 302
    assert Gauge.objects.get(pk=gauge.pk).calibration_due == add_months(TODAY, 6)
    response = client.post(
        reverse("process:equipment-maintained", args=[machine.pk]),
        {"maintained_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert Equipment.objects.get(pk=machine.pk).next_maintenance_on == TODAY + dt.timedelta(30)
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("process:gauge-calibrate", args=[gauge.pk]), {"calibrated_on": future}
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()


def test_process_map_query_count_does_not_grow_with_the_map(world):
    process, point, parameter = _map(world)
    client = world.client("a1_steward")
    url = reverse("process:process-list", args=[world.a1.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(4):
        extra = _process(world, user=None, code=f"P{40 + i}")
        for j in range(3):
            cp = _point(world, extra, user=None)
            gauge = _gauge(world, code=f"G{i}{j}")
            _parameter(world, cp, user=None, gauge=gauge)
    with CaptureQueriesContext(connection) as big:
        body = client.get(url).content.decode()
    assert body.count("parameter-row") == 13
    assert len(big) == len(small)


# -- API ---------------------------------------------------------------------------------------


def test_steward_builds_the_map_through_the_api(world):
    client = _api(world, "a1_steward")
    response = client.post(
        "/api/v1/processes/",
        {"enterprise": world.a1.pk, "code": "P10", "name": "Stamping", "is_key": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    process_id = response.json()["id"]
    response = client.post(
        "/api/v1/control-points/", {"process": process_id, "name": "Die exit"}, format="json"
    )
    assert response.status_code == 201, response.json()
    point_id = response.json()["id"]
    assert response.json()["enterprise"] == world.a1.pk
    gauge = client.post(
        "/api/v1/gauges/",
        {
            "enterprise": world.a1.pk,
            "code": "H-1",
            "name": "Height gauge",
            "last_calibrated_on": "2026-01-15",
            "calibration_interval_months": 12,
        },
        format="json",
    )
    assert gauge.status_code == 201 and gauge.json()["calibration_due"] == "2027-01-15"
    response = client.post(
        "/api/v1/parameters/",
        {
            "control_point": point_id,
            "name": "Flange height",
            "unit": "mm",
            "usl": 12.2,
            "chart_type": "xbar-r",
            "subgroup_size": 5,
            "rules": "nelson",
            "gauge": gauge.json()["id"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["lsl"] is None and data["usl"] == 12.2 and data["process"] == process_id
    assert data["gauge_overdue"] is False
    patch = client.patch(f"/api/v1/parameters/{data['id']}/", {"usl": 12.3}, format="json")
    assert patch.status_code == 200 and patch.json()["usl"] == 12.3
    listed = client.get("/api/v1/parameters/", {"enterprise": world.a1.pk, "kind": "variable"})
    assert [p["id"] for p in listed.json()["results"]] == [data["id"]]
    assert AuditEvent.objects.filter(verb="parameter.update").count() == 1


def test_api_rejects_a_chart_that_does_not_fit_the_kind_as_json(world):
    process, point, parameter = _map(world)
    client = _api(world, "a1_steward")
    response = client.post(
        "/api/v1/parameters/",
        {"control_point": point.pk, "name": "Defects", "kind": "variable", "chart_type": "u"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid" and "chart_type" in body["fields"]
    bad = client.patch(f"/api/v1/parameters/{parameter.pk}/", {"kind": "colour"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()["fields"]
    assert Parameter.objects.count() == 1
    assert Parameter.objects.get(pk=parameter.pk).kind == "variable"


def test_api_hides_other_tenants_and_refuses_staff_writes(world):
    process, point, parameter = _map(world)
    gauge = _gauge(world)
    outsider = _api(world, "b1_admin")
    for url in (
        f"/api/v1/processes/{process.pk}/",
        f"/api/v1/control-points/{point.pk}/",
        f"/api/v1/parameters/{parameter.pk}/",
        f"/api/v1/gauges/{gauge.pk}/",
    ):
        assert outsider.get(url).status_code == 404, url
        assert outsider.patch(url, {"name": "x"}, format="json").status_code == 404, url
    assert outsider.get("/api/v1/processes/").json()["results"] == []
    response = outsider.post(
        "/api/v1/control-points/", {"process": process.pk, "name": "x"}, format="json"
    )
    assert response.status_code == 400 and "process" in response.json()["fields"]
    staff = _api(world, "a1_staff")
    assert staff.get(f"/api/v1/parameters/{parameter.pk}/").status_code == 200
    assert staff.patch(f"/api/v1/parameters/{parameter.pk}/", {}, format="json").status_code == 403
    response = staff.post(
        "/api/v1/processes/", {"enterprise": world.a1.pk, "code": "P9", "name": "x"}, format="json"
    )
    assert response.status_code == 403
    assert Process.objects.count() == 1


def test_api_gauge_overdue_filter_and_calibrate_action(world):
    old = _gauge(world, code="OLD", last_calibrated_on=TODAY - dt.timedelta(days=400))
    _gauge(world, code="NEW", last_calibrated_on=TODAY)
    client = _api(world, "a1_steward")
    listed = client.get("/api/v1/gauges/", {"overdue": "true"}).json()["results"]
    assert [g["code"] for g in listed] == ["OLD"] and listed[0]["calibration_overdue"]
    response = client.post(
        f"/api/v1/gauges/{old.pk}/calibrate/", {"calibrated_on": TODAY.isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["calibration_overdue"] is False
    assert response.json()["calibration_due"] == add_months(TODAY, 6).isoformat()
    assert client.get("/api/v1/gauges/", {"overdue": "true"}).json()["results"] == []


def test_api_equipment_maintained_action(world):
    client = _api(world, "a1_steward")
    response = client.post(
        "/api/v1/equipment/",
        {
            "enterprise": world.a1.pk,
            "code": "PR-1",
            "name": "Press 63 t",
            "maintenance_interval_days": 14,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    done = client.post(
        f"/api/v1/equipment/{pk}/maintained/", {"maintained_on": TODAY.isoformat()}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["next_maintenance_on"] == (TODAY + dt.timedelta(days=14)).isoformat()
    bad = client.post(f"/api/v1/equipment/{pk}/maintained/", {}, format="json")
    assert bad.status_code == 400 and "maintained_on" in bad.json()["fields"]


def test_api_process_owner_must_be_a_member_of_the_enterprise(world):
    client = _api(world, "cba_admin")  # sees A1 and A2, may change neither's map
    body = {"enterprise": world.a1.pk, "code": "P1", "name": "Cutting"}
    assert client.post("/api/v1/processes/", body, format="json").status_code == 403
    steward = _api(world, "a1_steward")
    staff_id = world.users["a1_staff"].pk
    response = steward.post("/api/v1/processes/", {**body, "owner": staff_id}, format="json")
    assert response.status_code == 201 and response.json()["owner"] == staff_id
    pk = response.json()["id"]
    foreign = world.users["a2_admin"].pk  # not visible to the A1 steward: reads as not found
    response = steward.patch(f"/api/v1/processes/{pk}/", {"owner": foreign}, format="json")
    assert response.status_code == 400 and "owner" in response.json()["fields"]
    with pytest.raises(ValidationError) as caught:
        process_save(
            actor=None,
            enterprise=world.a1,
            process=Process.objects.get(pk=pk),
            data={"owner": world.users["a2_admin"]},
        )
    assert "owner" in caught.value.message_dict
    put = steward.put(
        f"/api/v1/processes/{pk}/",
        {"code": "P1", "name": "Laser cutting", "is_key": True},
        format="json",
    )
    assert put.status_code == 200 and put.json()["name"] == "Laser cutting"
    assert put.json()["enterprise"] == world.a1.pk
