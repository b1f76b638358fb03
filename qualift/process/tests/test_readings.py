"""Recording readings (qualift.process.services.readings) and the shop-floor entry and list
pages: subgroup numbering, X̄ blocks, attributes, time checks, gauge flags, idempotency,
permissions, one audit event per batch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from qualift.core.models import AuditEvent
from qualift.process.models import Alarm, Measurement, MeasurementBatch
from qualift.process.services import alarms as alarm_service
from qualift.process.services import readings as service
from qualift.process.services.readings import (
    IdempotencyConflict,
    ReadingInput,
    ReadingsInvalid,
    record_readings,
    record_subgroup,
)
from qualift.process.testing import add_readings, make_gauge, make_parameter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _ago(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def _record(world, parameter, readings, user="a1_steward", **kwargs):
    kwargs.setdefault("source", "api")
    return record_readings(
        actor=world.users[user], enterprise=parameter.enterprise, readings=readings, **kwargs
    )


def _stored(parameter) -> list[tuple]:
    return list(
        Measurement.objects.filter(parameter=parameter)
        .order_by("id")
        .values_list("subgroup", "value")
    )


def _xbar(world, n=3):
    return make_parameter(world.a1, chart_type="xbar-r", subgroup_size=n, name="Bore")


def test_steward_labels_become_the_next_subgroup_numbers_in_order_of_appearance(world):
    parameter = make_parameter(world.a1, chart_type="xbar-r", subgroup_size=2)
    add_readings(parameter, [1.0, 1.1, 1.2, 1.3])  # subgroups 1 and 2 exist
    readings = [
        ReadingInput(parameter, _ago(5), value=2.0, subgroup="b"),
        ReadingInput(parameter, _ago(5), value=2.1, subgroup="a"),
        ReadingInput(parameter, _ago(5), value=2.2, subgroup="b"),
        ReadingInput(parameter, _ago(5), value=2.3, subgroup="a"),
    ]
    result = _record(world, parameter, readings)
    assert result.created and result.count == 4
    assert _stored(parameter)[4:] == [(3, 2.0), (4, 2.1), (3, 2.2), (4, 2.3)]
    parameter.refresh_from_db()
    assert parameter.next_subgroup == 5
    assert result.subgroups == {parameter.pk: (3, 4)}


def test_steward_unlabelled_xbar_readings_fill_consecutive_blocks_of_the_subgroup_size(world):
    parameter = _xbar(world, n=3)
    values = [10.0, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7]  # 3 + 3 + a short block of 2
    _record(world, parameter, [ReadingInput(parameter, _ago(9), value=v) for v in values])
    assert [s for s, _v in _stored(parameter)] == [1, 1, 1, 2, 2, 2, 3, 3]
    _record(world, parameter, [ReadingInput(parameter, _ago(1), value=v) for v in (1, 2, 3)])
    assert [s for s, _v in _stored(parameter)][-3:] == [4, 4, 4]


def test_steward_imr_readings_get_one_subgroup_each(world):
    parameter = make_parameter(world.a1)
    _record(world, parameter, [ReadingInput(parameter, _ago(3), value=v) for v in (1, 2, 3)])
    assert [s for s, _v in _stored(parameter)] == [1, 2, 3]


def test_steward_xbar_label_with_more_readings_than_the_subgroup_size_is_refused(world):
    parameter = _xbar(world, n=2)
    readings = [ReadingInput(parameter, _ago(1), value=v, subgroup="7") for v in (1, 2, 3)]
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, readings)
    assert [(e.index, e.field) for e in exc.value.reading_errors] == [(2, "subgroup")]
    assert "more readings than the subgroup size (2)" in exc.value.reading_errors[0].message
    assert Measurement.objects.filter(parameter=parameter).count() == 0


def test_steward_xbar_subgroup_of_one_is_refused_but_of_two_out_of_three_accepted(world):
    parameter = _xbar(world, n=3)
    lonely = [ReadingInput(parameter, _ago(1), value=1.0, subgroup="x")]
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, lonely)
    assert "only one reading" in exc.value.reading_errors[0].message
    unlabelled = [ReadingInput(parameter, _ago(1), value=v) for v in (1, 2, 3, 4)]
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, unlabelled)
    assert [(e.index, e.field) for e in exc.value.reading_errors] == [(3, "subgroup")]
    pair = [ReadingInput(parameter, _ago(1), value=v, subgroup="x") for v in (1.0, 1.2)]
    assert _record(world, parameter, pair).count == 2


def test_steward_imr_label_used_twice_is_refused(world):
    parameter = make_parameter(world.a1)
    readings = [ReadingInput(parameter, _ago(1), value=v, subgroup=1) for v in (1.0, 2.0)]
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, readings)
    assert "one reading per subgroup" in exc.value.reading_errors[0].message


def test_staff_records_attribute_counts_with_the_default_sample_size(world):
    parameter = make_parameter(world.a1, kind="attribute", chart_type="p", sample_size=50)
    readings = [
        ReadingInput(parameter, _ago(2), count=3),
        ReadingInput(parameter, _ago(1), count=0, sample_size=40),
    ]
    _record(world, parameter, readings, user="a1_staff")
    rows = Measurement.objects.filter(parameter=parameter).order_by("subgroup")
    assert [(m.subgroup, m.count, m.sample_size, m.value) for m in rows] == [
        (1, 3, 50, None),
        (2, 0, 40, None),
    ]


def test_steward_attribute_errors_are_each_reported(world):
    parameter = make_parameter(world.a1, kind="attribute", chart_type="np", sample_size=20)
    readings = [
        ReadingInput(parameter, _ago(1), count=21),  # more defectives than inspected
        ReadingInput(parameter, _ago(1), count=-1),
        ReadingInput(parameter, _ago(1), count=2, sample_size=0),
        ReadingInput(parameter, _ago(1), value=1.5),
    ]
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, readings)
    found = [(e.index, e.field) for e in exc.value.reading_errors]
    assert found == [(0, "count"), (1, "count"), (2, "sample_size"), (3, "count"), (3, "value")]
    assert "cannot exceed the sample size (20)" in exc.value.reading_errors[0].message


def test_steward_u_chart_without_any_sample_size_is_refused(world):
    parameter = make_parameter(world.a1, kind="attribute", chart_type="u")
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, [ReadingInput(parameter, _ago(1), count=2)])
    assert exc.value.reading_errors[0].field == "sample_size"


def test_steward_variable_values_must_be_finite_numbers(world):
    parameter = make_parameter(world.a1)
    readings = [
        ReadingInput(parameter, _ago(1), value=float("nan")),
        ReadingInput(parameter, _ago(1), value=float("inf")),
        ReadingInput(parameter, _ago(1), value=None),
        ReadingInput(parameter, _ago(1), value="12.5"),
        ReadingInput(parameter, _ago(1), value=True),
    ]
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, readings)
    assert [e.index for e in exc.value.reading_errors] == [0, 1, 2, 3, 4]
    assert exc.value.message_dict["readings[0].value"] == [
        "Enter the measured value (a finite number)."
    ]


def test_steward_future_reading_is_refused_but_a_minute_of_clock_skew_is_allowed(world):
    parameter = make_parameter(world.a1)
    future = timezone.now() + dt.timedelta(minutes=10)
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, [ReadingInput(parameter, future, value=1.0)])
    assert exc.value.reading_errors[0].message == "A reading cannot be taken in the future."
    skewed = timezone.now() + dt.timedelta(minutes=1)
    assert _record(world, parameter, [ReadingInput(parameter, skewed, value=1.0)]).count == 1


def test_steward_naive_time_is_refused(world):
    parameter = make_parameter(world.a1)
    naive = dt.datetime(2026, 1, 5, 8, 0)
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, [ReadingInput(parameter, naive, value=1.0)])
    assert exc.value.reading_errors[0].message == "Give the time with its time zone."


def test_steward_inactive_parameter_takes_no_readings(world):
    parameter = make_parameter(world.a1, is_active=False)
    with pytest.raises(ReadingsInvalid) as exc:
        _record(world, parameter, [ReadingInput(parameter, _ago(1), value=1.0)])
    assert exc.value.reading_errors[0].field == "parameter"


def test_steward_cannot_record_another_enterprises_parameter_or_gauge(world):
    own = make_parameter(world.a1)
    other = make_parameter(world.a2)
    foreign_gauge = make_gauge(world.a2, "G-A2")
    readings = [
        ReadingInput(other, _ago(1), value=1.0),
        ReadingInput(own, _ago(1), value=1.0, gauge=foreign_gauge),
    ]
    with pytest.raises(ReadingsInvalid) as exc:
        record_readings(
            actor=world.users["a1_steward"], enterprise=world.a1, readings=readings, source="api"
        )
    assert [(e.index, e.field) for e in exc.value.reading_errors] == [
        (0, "parameter"),
        (1, "gauge"),
    ]
    assert Measurement.objects.count() == 0


def test_staff_may_record_and_program_office_and_auditor_may_not(world):
    parameter = make_parameter(world.a1)
    one = [ReadingInput(parameter, _ago(1), value=1.0)]
    assert _record(world, parameter, one, user="a1_staff").count == 1
    for user in ("po_admin", "cba_auditor1", "cba_admin", "a2_admin"):
        with pytest.raises(PermissionDenied):
            _record(world, parameter, one, user=user)
    assert Measurement.objects.count() == 1


def test_staff_reading_with_an_overdue_gauge_is_flagged_and_the_gauge_reported(world):
    overdue = make_gauge(world.a1, "G-OLD", due=timezone.localdate() - dt.timedelta(days=1))
    fresh = make_gauge(world.a1, "G-NEW")
    parameter = make_parameter(world.a1, gauge=overdue)
    readings = [
        ReadingInput(parameter, _ago(2), value=1.0),  # the parameter's (overdue) gauge
        ReadingInput(parameter, _ago(1), value=1.1, gauge=fresh),
    ]
    result = _record(world, parameter, readings, user="a1_staff")
    stored = Measurement.objects.filter(parameter=parameter).order_by("subgroup")
    assert [(m.gauge_id, m.gauge_overdue) for m in stored] == [
        (overdue.pk, True),
        (fresh.pk, False),
    ]
    assert [g.code for g in result.overdue_gauges] == ["G-OLD"]


def test_steward_batch_writes_one_audit_event(world, monkeypatch):
    # Alarms opened by the check write their own events; this counts the batch's alone.
    monkeypatch.setattr(alarm_service, "check_new_readings", lambda **kwargs: [])
    parameter = make_parameter(world.a1)
    before = AuditEvent.objects.count()
    readings = [ReadingInput(parameter, _ago(i), value=float(i)) for i in range(1, 51)]
    result = _record(world, parameter, readings, key="run-1")
    events = AuditEvent.objects.filter(verb="readings.record")
    assert AuditEvent.objects.count() == before + 1 and events.count() == 1
    event = events.get()
    assert event.after == {
        "count": 50,
        "parameters": [parameter.pk],
        "source": "api",
        "key": "run-1",
    }
    assert event.target_id == str(result.batch.pk)
    assert event.enterprise_id == world.a1.pk


def test_steward_retry_with_the_same_key_answers_the_stored_batch(world):
    parameter = make_parameter(world.a1)
    readings = [ReadingInput(parameter, _ago(i), value=float(i)) for i in (3, 2, 1)]
    first = _record(world, parameter, readings, key="k-1")
    again = [
        ReadingInput(parameter, r.taken_at.astimezone(dt.UTC), value=r.value) for r in readings
    ]
    second = _record(world, parameter, again, key="k-1")
    assert second.created is False and second.batch.pk == first.batch.pk
    assert Measurement.objects.filter(parameter=parameter).count() == 3
    assert MeasurementBatch.objects.filter(key="k-1").count() == 1
    assert AuditEvent.objects.filter(verb="readings.record").count() == 1


def test_steward_same_key_with_other_readings_is_a_conflict(world):
    parameter = make_parameter(world.a1)
    _record(world, parameter, [ReadingInput(parameter, _ago(2), value=1.0)], key="k-2")
    with pytest.raises(IdempotencyConflict):
        _record(world, parameter, [ReadingInput(parameter, _ago(2), value=1.5)], key="k-2")
    assert Measurement.objects.filter(parameter=parameter).count() == 1


def test_steward_key_is_per_enterprise(world):
    own = make_parameter(world.a1)
    other = make_parameter(world.a2)
    _record(world, own, [ReadingInput(own, _ago(1), value=1.0)], key="same")
    result = _record(
        world, other, [ReadingInput(other, _ago(1), value=1.0)], "a2_admin", key="same"
    )
    assert result.created


def test_concurrent_retry_losing_the_race_answers_as_a_replay(world, monkeypatch):
    parameter = make_parameter(world.a1)
    readings = [ReadingInput(parameter, _ago(1), value=1.0)]
    first = _record(world, parameter, readings, key="race")
    real = service.stored_batch
    calls = []

    def not_yet_visible(enterprise, key):
        calls.append(key)
        # The first look finds nothing (the other request has not committed yet); the look
        # after the unique constraint fired finds its batch.
        return None if len(calls) == 1 else real(enterprise, key)

    monkeypatch.setattr(service, "stored_batch", not_yet_visible)
    second = _record(world, parameter, readings, key="race")
    assert len(calls) == 2
    assert second.created is False and second.batch.pk == first.batch.pk
    assert Measurement.objects.filter(parameter=parameter).count() == 1


def test_alarm_check_runs_once_per_parameter_from_its_first_new_subgroup(world, monkeypatch):
    one = make_parameter(world.a1, "P1")
    two = make_parameter(world.a1, "P2")
    add_readings(one, [1.0, 1.1])
    calls = []

    def check(*, actor, parameter, first_subgroup):
        calls.append((parameter.pk, first_subgroup))
        return []

    monkeypatch.setattr(alarm_service, "check_new_readings", check)
    readings = [
        ReadingInput(one, _ago(3), value=1.0),
        ReadingInput(two, _ago(2), value=2.0),
        ReadingInput(one, _ago(1), value=1.2),
    ]
    _record(world, one, readings)
    assert calls == [(one.pk, 3), (two.pk, 1)]


def test_empty_batch_is_refused(world):
    parameter = make_parameter(world.a1)
    with pytest.raises(ValidationError):
        _record(world, parameter, [])


def test_record_subgroup_reports_errors_by_field(world):
    parameter = _xbar(world, n=3)
    with pytest.raises(ValidationError) as exc:
        record_subgroup(
            actor=world.users["a1_staff"],
            parameter=parameter,
            values=[1.0],
            taken_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert set(exc.value.message_dict) == {"taken_at", "subgroup"}


# ---- the entry page ------------------------------------------------------------------------


def _entry_url(parameter):
    return reverse("process:reading-entry", args=[parameter.pk])


def test_staff_enters_a_subgroup_with_htmx_and_gets_a_cleared_form(world):
    parameter = _xbar(world, n=3)
    add_readings(parameter, [1.0, 1.1, 1.2] * 26)  # subgroups 1–26
    client = world.client("a1_staff")
    page = client.get(_entry_url(parameter))
    body = page.content.decode()
    assert page.status_code == 200
    for i in (1, 2, 3):
        assert f'name="value_{i}"' in body
    assert 'inputmode="decimal"' in body and "form-control-lg" in body and "autofocus" in body
    assert 'id="control-chart-' in body  # the live chart is on the page
    data = {"value_1": "10.01", "value_2": "10.03", "value_3": "9.98", "operator": "Li Wei"}
    response = client.post(_entry_url(parameter), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "readings-saved"
    text = response.content.decode()
    assert "Subgroup 27 saved." in text
    assert "<html" not in text  # the partial only
    assert 'value="10.01"' not in text  # the measured inputs come back empty
    assert 'value="Li Wei"' in text  # the operator stays
    assert "10.01, 10.03, 9.98" in text  # in the table of the last subgroups
    stored = Measurement.objects.filter(parameter=parameter, subgroup=27)
    assert sorted(stored.values_list("value", flat=True)) == [9.98, 10.01, 10.03]
    assert set(stored.values_list("operator_name", flat=True)) == {"Li Wei"}
    assert MeasurementBatch.objects.get().source == "form"
    # The operator is remembered for the next visit.
    assert 'value="Li Wei"' in client.get(_entry_url(parameter)).content.decode()


def test_staff_entry_errors_come_back_inline_with_422_and_nothing_saved(world):
    parameter = _xbar(world, n=3)
    client = world.client("a1_staff")
    response = client.post(
        _entry_url(parameter), {"value_1": "abc", "value_2": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Enter a number." in text and "is-invalid" in text
    response = client.post(_entry_url(parameter), {"value_1": "1.0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "at least 2" in response.content.decode()
    future = (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _entry_url(parameter),
        {"value_1": "1", "value_2": "2", "taken_at": future},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "cannot be taken in the future" in response.content.decode()
    assert Measurement.objects.count() == 0


def test_staff_enters_an_attribute_count(world):
    parameter = make_parameter(world.a1, kind="attribute", chart_type="np", sample_size=80)
    client = world.client("a1_staff")
    body = client.get(_entry_url(parameter)).content.decode()
    assert 'name="count"' in body and 'name="sample_size"' in body and 'value="80"' in body
    response = client.post(
        _entry_url(parameter), {"count": "4", "sample_size": "80"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Subgroup 1 saved." in response.content.decode()
    assert Measurement.objects.get().count == 4


def test_entry_page_warns_about_an_overdue_gauge_and_flags_the_reading(world):
    gauge = make_gauge(world.a1, "CAL-9", due=timezone.localdate() - dt.timedelta(days=3))
    parameter = make_parameter(world.a1, gauge=gauge)
    client = world.client("a1_staff")
    body = client.get(_entry_url(parameter)).content.decode()
    assert 'id="gauge-overdue-warning"' in body
    assert 'class="badge bg-red text-red-fg mb-2" id="gauge-overdue-badge"' in body
    assert "calibration overdue" in body
    response = client.post(_entry_url(parameter), {"value_1": "5.0"}, HTTP_HX_REQUEST="true")
    assert "Gauge CAL-9 is overdue for calibration" in response.content.decode()
    assert Measurement.objects.get().gauge_overdue is True


def test_entry_page_shows_alarms_with_the_rule_and_a_link(world, monkeypatch):
    parameter = make_parameter(world.a1, reaction_plan="Stop the line and call the steward.")
    alarm = Alarm.objects.create(
        enterprise=world.a1,
        parameter=parameter,
        rule_family="we",
        rule=1,
        first_subgroup=1,
        last_subgroup=1,
        taken_at=timezone.now(),
    )
    monkeypatch.setattr(alarm_service, "check_new_readings", lambda **kwargs: [alarm])
    response = world.client("a1_steward").post(
        _entry_url(parameter), {"value_1": "99"}, HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert 'id="reading-alarms"' in text
    assert reverse("process:alarm-detail", args=[alarm.pk]) in text
    from qualift.process.rule_text import rule_words

    assert str(rule_words("we", 1)) in text
    assert "Stop the line and call the steward." in text


def test_auditor_may_not_open_the_entry_page_and_outsiders_get_404(world):
    parameter = make_parameter(world.a1)
    assert world.client("cba_auditor1").get(_entry_url(parameter)).status_code == 403
    assert world.client("cba_auditor1").post(_entry_url(parameter), {}).status_code == 403
    assert world.client("po_admin").get(_entry_url(parameter)).status_code == 404
    assert world.client("a2_admin").post(_entry_url(parameter), {}).status_code == 404
    assert Measurement.objects.count() == 0


# ---- the list ------------------------------------------------------------------------------


def test_auditor_lists_readings_newest_first_filtered_by_date_and_overdue_gauge(world):
    gauge = make_gauge(world.a1, "G-OLD", due=timezone.localdate() - dt.timedelta(days=1))
    parameter = make_parameter(world.a1)
    base = timezone.now() - dt.timedelta(days=10)
    readings = [
        ReadingInput(parameter, base + dt.timedelta(days=i), value=float(i), note=f"note#{i}")
        for i in range(8)
    ]
    readings[5].gauge = gauge
    _record(world, parameter, readings)
    url = reverse("process:reading-list", args=[parameter.pk])
    client = world.client("cba_auditor1")
    # "#" cannot occur in a CSRF token or a static-file hash, so the notes are found only where
    # they are printed.
    body = client.get(url).content.decode()
    assert body.index("note#7") < body.index("note#0")  # newest first
    start = timezone.localtime(base + dt.timedelta(days=6)).date()
    rows = client.get(url, {"start": start.isoformat()}, HTTP_HX_REQUEST="true").content.decode()
    assert "note#6" in rows and "note#7" in rows and "note#5" not in rows and "<html" not in rows
    rows = client.get(url, {"overdue": "on"}).content.decode()
    assert "note#5" in rows and "note#4" not in rows and "calibration overdue" in rows


def test_reading_list_query_count_does_not_grow_with_rows(world):
    gauge = make_gauge(world.a1, "G1")
    parameter = make_parameter(world.a1, gauge=gauge)
    url = reverse("process:reading-list", args=[parameter.pk])
    client = world.client("a1_admin")
    _record(world, parameter, [ReadingInput(parameter, _ago(i), value=1.0) for i in (3, 2)])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _record(world, parameter, [ReadingInput(parameter, _ago(1), value=1.0 + i) for i in range(40)])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
