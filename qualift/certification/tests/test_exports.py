"""The certificate register page and its CSV / XLSX export: columns, scope, filters."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from qualift.certification import exports
from qualift.certification.tests.test_certificates_fixtures import make_certificate

pytestmark = pytest.mark.django_db

HEADERS = [
    "Certificate number",
    "Holder",
    "USCC",
    "Scope",
    "IAF codes",
    "Sites",
    "Issued",
    "Expires",
    "Status",
    "Reason",
    "Status since",
    "Certification body",
]


@pytest.fixture
def certificates(world):
    return {
        "a1": make_certificate(world, "a1"),
        "a2": make_certificate(world, "a2", expires_on=dt.date(2020, 1, 31)),
        "b1": make_certificate(world, "b1"),
    }


def test_auditor_rows_cover_own_cb_with_effective_status(world, certificates):
    rows = exports.register_rows(world.users["cba_auditor1"], {}, dt.date(2026, 1, 1))
    by_number = {r["number"]: r for r in rows}
    assert set(by_number) == {"QMS-T-A1", "QMS-T-A2"}
    assert by_number["QMS-T-A1"]["uscc"] == world.a1.uscc
    assert by_number["QMS-T-A1"]["status"] == "Valid"
    assert by_number["QMS-T-A2"]["status"] == "Expired"
    assert by_number["QMS-T-A2"]["since"] == dt.date(2020, 2, 1)
    assert by_number["QMS-T-A1"]["cb"] == world.cb_a.name


def test_client_rows_cover_only_its_own(world, certificates):
    rows = exports.register_rows(world.users["a1_admin"], {})
    assert [r["number"] for r in rows] == ["QMS-T-A1"]


def test_filters_status_and_expiring_within(world, certificates):
    user = world.users["cba_admin"]
    today = dt.date(2028, 1, 1)
    valid = exports.register_queryset(user, {"status": "valid"}, today)
    assert [c.number for c in valid] == ["QMS-T-A1"]
    # A1 expires 2028-03-31: 90 days from 2028-01-01 is 2028-03-31 (hand-computed).
    soon = exports.register_queryset(user, {"expiring_within": 90}, today)
    assert [c.number for c in soon] == ["QMS-T-A1"]
    assert not exports.register_queryset(user, {"expiring_within": 89}, today).exists()
    assert exports.clean_filters({"status": "bogus", "expiring_within": "x"}) == {}


def test_admin_downloads_csv_and_xlsx(world, certificates):
    client = world.client("cba_admin")
    response = client.get("/certification/certificates/?format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == HEADERS
    assert {row[0] for row in table[1:]} == {"QMS-T-A1", "QMS-T-A2"}
    response = client.get("/certification/certificates/?format=xlsx&q=QMS-T-A1")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == HEADERS
    assert [row[0] for row in values[1:]] == ["QMS-T-A1"]


def test_client_sees_register_but_cannot_export(world, certificates):
    client = world.client("a1_admin")
    page = client.get("/certification/certificates/")
    assert page.status_code == 200
    assert b"QMS-T-A1" in page.content and b"QMS-T-A2" not in page.content
    assert client.get("/certification/certificates/?format=csv").status_code == 403
    assert world.client("po_admin").get("/certification/certificates/").status_code == 403


def test_formula_text_is_neutralised(world, certificates):
    certificate = certificates["a1"]
    certificate.scope_text = '=HYPERLINK("x")'
    certificate.save()
    rows = exports.register_rows(world.users["cba_admin"], {"q": "QMS-T-A1"})
    content = exports.register_csv(rows).decode("utf-8-sig")
    assert ",=HYPERLINK" not in content


def test_register_page_query_count_does_not_grow_with_rows(
    world, certificates, django_assert_max_num_queries
):
    client = world.client("cba_admin")
    client.get("/certification/certificates/")  # warm the session and the language
    with django_assert_max_num_queries(12):
        response = client.get("/certification/certificates/")
    assert response.status_code == 200
