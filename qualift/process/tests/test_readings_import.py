"""Importing readings from CSV/XLSX (qualift.process.importing_readings) and the import pages:
every bad row reported at once and nothing saved, English and Chinese headers, XLSX, the
enterprise-wide import with a parameter column, the template download."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from qualift.core.models import AuditEvent
from qualift.enterprises.importing import ImportFileError
from qualift.process.importing_readings import import_readings, parse_readings
from qualift.process.models import Measurement, MeasurementBatch
from qualift.process.testing import make_gauge, make_parameter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def _import(world, parameter, content, filename="r.csv", user="a1_steward"):
    return import_readings(
        actor=world.users[user],
        enterprise=parameter.enterprise if parameter else world.a1,
        content=content,
        filename=filename,
        parameter=parameter,
    )


def test_steward_imports_a_csv_file_as_one_batch(world):
    gauge = make_gauge(world.a1, "G-7")
    parameter = make_parameter(world.a1)
    content = _csv(
        "taken_at,value,operator,gauge,note",
        "2026-01-05 08:00,10.01,Li Wei,G-7,first",
        "2026-01-05T09:00:00+08:00,10.02,Li Wei,,",
        "2026-01-05T02:00:00Z,9.99,,g-7,",
    )
    report, result = _import(world, parameter, content, "line-1.csv")
    assert report.errors == [] and result.count == 3
    stored = list(Measurement.objects.filter(parameter=parameter).order_by("subgroup"))
    assert [(m.subgroup, m.value) for m in stored] == [(1, 10.01), (2, 10.02), (3, 9.99)]
    assert stored[0].operator_name == "Li Wei" and stored[0].note == "first"
    assert [m.gauge_id for m in stored] == [gauge.pk, None, gauge.pk]
    batch = MeasurementBatch.objects.get()
    assert (batch.source, batch.filename, batch.count) == ("import", "line-1.csv", 3)
    assert AuditEvent.objects.filter(verb="readings.record").count() == 1


def test_steward_naive_times_are_read_in_the_installations_time_zone(world):
    parameter = make_parameter(world.a1)
    _import(world, parameter, _csv("taken_at,value", "2026-01-05 08:00,1.0"))
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    assert Measurement.objects.get().taken_at == dt.datetime(2026, 1, 5, 8, 0, tzinfo=zone)


def test_steward_bad_file_reports_every_bad_row_and_saves_nothing(world):
    parameter = make_parameter(world.a1)
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    content = _csv(
        "taken_at,value,gauge",
        "2026-01-05 08:00,10.0,",  # row 2: good
        "yesterday,10.1,",  # row 3: bad time
        "2026-01-05 10:00,ten,",  # row 4: bad number
        "2026-01-05 11:00,,",  # row 5: value missing
        f"{future},10.2,",  # row 6: in the future
        "2026-01-05 12:00,10.3,NOPE",  # row 7: unknown gauge
        ",,",  # blank row: skipped
        "2026-01-05 13:00,nan,",  # row 9: not finite
    )
    before = Measurement.objects.count()
    report, result = _import(world, parameter, content)
    assert result is None
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "taken_at"),
        (4, "value"),
        (5, "value"),
        (6, "taken_at"),
        (7, "gauge"),
        (9, "value"),
    ]
    reasons = {e.row: e.reason for e in report.errors}
    assert reasons[5] == "This value is required."
    assert reasons[6] == "A reading cannot be taken in the future."
    assert reasons[7] == "Unknown gauge code NOPE."
    assert Measurement.objects.count() == before
    assert MeasurementBatch.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="readings.record").exists()


def test_steward_chinese_headers_semicolons_and_decimal_commas_are_read(world):
    make_gauge(world.a1, "卡尺-1")
    parameter = make_parameter(world.a1)
    content = _csv(
        "时间;测量值;子组;操作者;量具;备注",
        "2026-01-05 08:00;10,5;;王芳;卡尺-1;首件",
        "2026/01/05 09:00;10.6;;王芳;;",
        encoding="utf-8-sig",
    )
    report, result = _import(world, parameter, content)
    assert report.errors == []
    stored = list(Measurement.objects.order_by("subgroup"))
    assert [m.value for m in stored] == [10.5, 10.6]
    assert stored[0].operator_name == "王芳" and stored[0].note == "首件"
    assert stored[0].gauge.code == "卡尺-1"


def test_steward_gb18030_file_with_chinese_attribute_headers(world):
    parameter = make_parameter(world.a1, kind="attribute", chart_type="p", sample_size=50)
    content = _csv(
        "时间,不合格数,样本量", "2026-01-05 08:00,3,", "2026-01-05 09:00,2,40", encoding="gb18030"
    )
    _report, result = _import(world, parameter, content)
    assert result.count == 2
    assert list(Measurement.objects.order_by("subgroup").values_list("count", "sample_size")) == [
        (3, 50),
        (2, 40),
    ]


def test_steward_imports_an_xlsx_workbook_with_real_dates(world):
    from openpyxl import Workbook

    parameter = make_parameter(world.a1, chart_type="xbar-r", subgroup_size=2)
    book = Workbook()
    sheet = book.active
    sheet.append(["Taken_At", "Subgroup", "Value"])
    sheet.append([dt.datetime(2026, 1, 5, 8, 0), "S1", 10.0])
    sheet.append([dt.datetime(2026, 1, 5, 8, 1), "S1", 10.2])
    sheet.append(["2026-01-05 09:00", "S2", 9.9])
    sheet.append(["2026-01-05 09:01", "S2", 10])
    out = io.BytesIO()
    book.save(out)
    _report, result = _import(world, parameter, out.getvalue(), "line.xlsx")
    assert result.count == 4
    assert list(Measurement.objects.order_by("id").values_list("subgroup", "value")) == [
        (1, 10.0),
        (1, 10.2),
        (2, 9.9),
        (2, 10.0),
    ]


def test_steward_xbar_file_with_an_overfull_subgroup_is_refused_at_its_row(world):
    parameter = make_parameter(world.a1, chart_type="xbar-r", subgroup_size=2)
    content = _csv(
        "taken_at,subgroup,value",
        "2026-01-05 08:00,A,1",
        "2026-01-05 08:00,A,2",
        "2026-01-05 08:00,A,3",
    )
    report, result = _import(world, parameter, content)
    assert result is None
    assert [(e.row, e.column) for e in report.errors] == [(4, "subgroup")]


def test_steward_enterprise_wide_import_uses_the_parameter_column(world):
    bore = make_parameter(world.a1, "P1", name="Bore")
    rejects = make_parameter(world.a1, "P2", kind="attribute", chart_type="c", name="Scratches")
    foreign = make_parameter(world.a2, "P9")
    content = _csv(
        "参数,时间,测量值,不合格数",
        f"{bore.pk},2026-01-05 08:00,10.0,",
        f"{rejects.pk},2026-01-05 08:00,,2",
        f"{bore.pk},2026-01-05 09:00,10.1,",
    )
    report, result = _import(world, None, content)
    assert report.errors == [] and result.count == 3
    assert result.subgroups == {bore.pk: (1, 2), rejects.pk: (1, 1)}
    bad = _csv("parameter,taken_at,value", f"{foreign.pk},2026-01-05 08:00,1", "x,2026-01-05,1")
    report, result = _import(world, None, bad)
    assert result is None
    assert [(e.row, e.column) for e in report.errors] == [(2, "parameter"), (3, "parameter")]
    assert Measurement.objects.filter(parameter=foreign).count() == 0


def test_whole_file_problems_raise_a_file_error(world):
    parameter = make_parameter(world.a1)
    with pytest.raises(ImportFileError, match="lacks the required column"):
        parse_readings(
            _csv("time,note", "2026-01-05,x"), "a.csv", enterprise=world.a1, parameter=parameter
        )
    with pytest.raises(ImportFileError, match="Unknown column"):
        parse_readings(
            _csv("taken_at,value,vaule"), "a.csv", enterprise=world.a1, parameter=parameter
        )
    with pytest.raises(ImportFileError, match="no data rows"):
        parse_readings(_csv("taken_at,value"), "a.csv", enterprise=world.a1, parameter=parameter)
    with pytest.raises(ImportFileError, match="Only .csv and .xlsx"):
        parse_readings(b"x", "a.pdf", enterprise=world.a1, parameter=parameter)
    with pytest.raises(ImportFileError, match="XLSX"):
        parse_readings(b"not a zip", "a.xlsx", enterprise=world.a1, parameter=parameter)


def test_auditor_may_not_import(world):
    parameter = make_parameter(world.a1)
    with pytest.raises(PermissionDenied):
        _import(world, parameter, _csv("taken_at,value", "2026-01-05 08:00,1"), user="cba_auditor1")
    assert Measurement.objects.count() == 0


# ---- the pages -----------------------------------------------------------------------------


def _upload(content: bytes, name: str = "readings.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_steward_import_page_shows_the_error_table_with_htmx(world):
    parameter = make_parameter(world.a1)
    url = reverse("process:reading-import", args=[parameter.pk])
    client = world.client("a1_steward")
    page = client.get(url).content.decode()
    assert 'hx-indicator="#import-progress"' in page and "?template=1" in page
    content = _csv("taken_at,value", "2026-01-05 08:00,x", "bad,1.0")
    response = client.post(url, {"file": _upload(content)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="import-errors"' in text and "nothing was saved" in text and "<html" not in text
    assert "<td>2</td><td><code>value</code></td>" in text
    assert "<td>3</td><td><code>taken_at</code></td>" in text
    assert Measurement.objects.count() == 0


def test_steward_import_page_shows_a_success_summary(world):
    gauge = make_gauge(world.a1, "OLD", due=timezone.localdate() - dt.timedelta(days=5))
    parameter = make_parameter(world.a1, gauge=gauge)
    url = reverse("process:reading-import", args=[parameter.pk])
    content = _csv("taken_at,value", "2026-01-05 08:00,1.0", "2026-01-05 09:00,1.1")
    response = world.client("a1_steward").post(url, {"file": _upload(content)})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="import-success"' in text and "2 readings imported" in text
    assert "subgroups 1–2" in text and 'id="import-overdue"' in text and "OLD" in text
    assert Measurement.objects.filter(gauge_overdue=True).count() == 2


def test_import_page_file_errors_are_shown_on_the_form(world):
    parameter = make_parameter(world.a1)
    url = reverse("process:reading-import", args=[parameter.pk])
    response = world.client("a1_steward").post(url, {"file": _upload(b"x", "a.pdf")})
    assert response.status_code == 422
    assert "Only .csv and .xlsx files can be imported." in response.content.decode()


def test_steward_downloads_the_csv_templates_in_both_languages(world):
    parameter = make_parameter(world.a1, kind="attribute", chart_type="p", sample_size=20)
    client = world.client("a1_steward")
    url = reverse("process:reading-import", args=[parameter.pk])
    response = client.get(url, {"template": "1"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").strip() == (
        "taken_at,subgroup,count,sample_size,operator,gauge,note"
    )
    wide = reverse("process:reading-import-enterprise", args=[world.a1.pk])
    response = client.get(wide, {"template": "1"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    header = response.content.decode("utf-8-sig").strip()
    assert header == "参数,时间,子组,测量值,不合格数,样本量,操作者,量具,备注"
    # …and the Chinese template reads back.
    report = parse_readings(
        response.content + f"{parameter.pk},2026-01-05 08:00,,,3,20,,,\n".encode(),
        "t.csv",
        enterprise=world.a1,
    )
    assert report.errors == [] and report.readings[0].count == 3


def test_enterprise_import_page_lists_parameter_ids_and_imports(world):
    bore = make_parameter(world.a1, "P1", name="Bore")
    url = reverse("process:reading-import-enterprise", args=[world.a1.pk])
    client = world.client("a1_staff")
    page = client.get(url).content.decode()
    assert f"<code>{bore.pk}</code>" in page and "Bore" in page
    content = _csv("parameter,taken_at,value", f"{bore.pk},2026-01-05 08:00,3.5")
    response = client.post(url, {"file": _upload(content)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "1 reading imported" in response.content.decode()
    assert world.client("cba_auditor1").get(url).status_code == 403
    assert world.client("b1_admin").get(url).status_code == 404
