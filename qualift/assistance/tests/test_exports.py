"""Program exports (issue 6 §6): the plans workbook (Plans, Measures, Milestones, Indicators) and
the assisted-enterprise list (page, CSV, XLSX), each scoped to the office's whole program or the
CB's own ledger entries. Fixture records are made with Model.objects.create (test data only)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from qualift.assistance.exports import assisted_csv, assisted_rows, program_workbook
from qualift.assistance.models import Measure, Milestone, PlanIndicator, Visit
from qualift.assistance.tests.test_common import add_issue, add_plan, put_in_division

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Direct calls read the active language; a request in Chinese must not leak into them."""
    with translation.override("en"):
        yield


# Pinned from a run on this fixture (session, user, scope, program, rows, filter choices); a
# third plan on the program did not change either count.
QUERY_LIMITS = {"assistance:assisted-list": 8, "assistance:common-list": 7}

ASSISTED_HEADER = [
    "Enterprise",
    "USCC",
    "Industry (GB/T 4754)",
    "Region",
    "Size",
    "Certification body",
    "Diagnosis date",
    "Plan agreed on",
    "Ledger status",
    "Last visit",
]


def _records(world, enterprise, *, overdue: bool):
    """A plan with one measure, one milestone (overdue or not) and one indicator."""
    plan = add_plan(world, enterprise, "agreed")
    plan.agreed_at = timezone.make_aware(dt.datetime(2026, 3, 5, 10, 0))
    plan.save(update_fields=["agreed_at"])
    keys = {"plan": plan, "enterprise": enterprise, "cb": plan.cb, "program": plan.program}
    measure = Measure.objects.create(
        **keys,
        kind="spc",
        title=f"Control chart for {enterprise.name}",
        starts_on=dt.date(2026, 3, 10),
        due_on=dt.date(2026, 6, 30),
        cb_owner=world.users["cba_expert"],
    )
    Milestone.objects.create(
        **keys,
        measure=measure,
        title="Chart running",
        due_on=dt.date(2020, 1, 1) if overdue else dt.date(2099, 1, 1),
        acceptance_criteria="25 subgroups plotted",
    )
    PlanIndicator.objects.create(
        **keys,
        name="First-pass yield",
        unit="%",
        baseline=Decimal("91.5"),
        baseline_on=dt.date(2026, 2, 1),
        target=Decimal("97"),
        direction="up",
    )
    return plan


@pytest.fixture
def plans(world):
    put_in_division(world)
    add_issue(world, world.a1, "key_process")  # makes a1's diagnosis (held 2026-02-10)
    entry = world.entry(world.a1)
    Visit.objects.create(
        ledger_entry=entry,
        enterprise=world.a1,
        cb=entry.cb,
        program=entry.program,
        held_on=dt.date(2026, 4, 2),
    )
    _records(world, world.a1, overdue=True)
    _records(world, world.b1, overdue=False)
    return world


def _sheet_rows(content: bytes, name: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return list(workbook[name].iter_rows(values_only=True))


def test_office_workbook_has_four_sheets_with_headers_and_every_plan(plans):
    world = plans
    content = program_workbook(world.program, world.users["po_viewer"])
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Plans", "Measures", "Milestones", "Indicators"]
    rows = _sheet_rows(content, "Plans")
    assert rows[0] == (
        "Enterprise",
        "USCC",
        "Certification body",
        "Plan",
        "Status",
        "Revision",
        "Agreed on",
        "Progress (%)",
    )
    assert sorted(r[0] for r in rows[1:]) == sorted([world.a1.name, world.b1.name])
    a1_row = next(r for r in rows[1:] if r[0] == world.a1.name)
    assert a1_row[1] == world.a1.uscc
    assert a1_row[4] == "Agreed"
    assert a1_row[6].date() == dt.date(2026, 3, 5)
    measures = _sheet_rows(content, "Measures")
    assert measures[0][3:5] == ("Kind", "Measure")
    assert {r[3] for r in measures[1:]} == {"Measurement and SPC set-up"}
    milestones = _sheet_rows(content, "Milestones")
    overdue = {r[0]: r[8] for r in milestones[1:]}
    assert overdue == {world.a1.name: "yes", world.b1.name: None}
    indicators = _sheet_rows(content, "Indicators")
    assert indicators[1][2:8] == (
        "First-pass yield",
        "%",
        91.5,
        dt.datetime(2026, 2, 1),
        97,
        "Higher is better",
    )


def test_cb_workbook_holds_only_its_own_plans(plans):
    world = plans
    content = program_workbook(world.program, world.users["cba_admin"])
    for sheet in ("Plans", "Measures", "Milestones", "Indicators"):
        names = {r[0] for r in _sheet_rows(content, sheet)[1:]}
        assert names == {world.a1.name}, sheet


def test_assisted_rows_for_office_and_cb(plans):
    world = plans
    rows = assisted_rows(world.program, world.users["po_admin"])
    assert [r["enterprise"] for r in rows] == sorted([world.a1.name, world.a2.name, world.b1.name])
    a1 = next(r for r in rows if r["enterprise_id"] == world.a1.pk)
    assert a1["uscc"] == world.a1.uscc
    assert a1["industry"] == "33 Manufacture of metal products"
    assert a1["region"] == world.a1.region.name
    assert a1["cb"] == world.cb_a.name
    assert a1["diagnosis_date"] == dt.date(2026, 2, 10)
    assert a1["plan_agreed"] == dt.date(2026, 3, 5)
    assert a1["ledger_status"] == "Screened"
    assert a1["last_visit"] == dt.date(2026, 4, 2)
    a2 = next(r for r in rows if r["enterprise_id"] == world.a2.pk)
    assert (a2["diagnosis_date"], a2["plan_agreed"], a2["last_visit"]) == (None, None, None)
    cb_b = assisted_rows(world.program, world.users["cbb_admin"])
    assert [r["enterprise_id"] for r in cb_b] == [world.b1.pk]


def test_assisted_csv_header_and_rows(plans):
    world = plans
    content = assisted_csv(assisted_rows(world.program, world.users["cba_expert"]))
    assert content.startswith(b"\xef\xbb\xbf")  # BOM for spreadsheet programs
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ASSISTED_HEADER
    assert sorted(r[0] for r in rows[1:]) == sorted([world.a1.name, world.a2.name])


def test_assisted_text_is_never_a_formula(plans):
    world = plans
    rows = assisted_rows(world.program, world.users["po_admin"])
    rows[0]["enterprise"] = "=HYPERLINK(1)"
    content = assisted_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


# Pages


def test_office_downloads_the_plans_workbook(plans):
    world = plans
    url = reverse("assistance:program-export", kwargs={"pk": world.program.pk})
    response = world.client("po_viewer").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Plans"


def test_enterprise_and_auditor_cannot_export(plans):
    world = plans
    url = reverse("assistance:program-export", kwargs={"pk": world.program.pk})
    for username in ("a1_admin", "cba_auditor1", "po2_admin"):
        assert world.client(username).get(url).status_code == 404, username


def test_assisted_page_filters_and_downloads(plans):
    world = plans
    client = world.client("po_admin")
    url = reverse("assistance:assisted-list", kwargs={"pk": world.program.pk})
    page = client.get(url, {"cb": world.cb_b.pk})
    assert page.status_code == 200
    assert [r["enterprise_id"] for r in page.context["rows"]] == [world.b1.pk]
    xlsx = client.get(url, {"format": "xlsx", "q": world.a2.uscc})
    rows = _sheet_rows(xlsx.content, "Assisted enterprises")
    assert list(rows[0]) == ASSISTED_HEADER
    assert [r[0] for r in rows[1:]] == [world.a2.name]
    csv_response = client.get(url, {"format": "csv", "status": "closed"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert len(csv_response.content.decode("utf-8-sig").strip().splitlines()) == 1  # header only


def test_assisted_page_for_cb_shows_only_its_entries(plans):
    world = plans
    url = reverse("assistance:assisted-list", kwargs={"pk": world.program.pk})
    response = world.client("cbb_admin").get(url)
    body = response.content.decode()
    assert world.b1.name in body
    assert world.a1.name not in body and world.a2.name not in body


def test_list_pages_use_a_fixed_number_of_queries(plans, django_assert_max_num_queries):
    world = plans
    client = world.client("po_admin")
    for name, limit in QUERY_LIMITS.items():
        url = reverse(name, kwargs={"pk": world.program.pk})
        client.get(url)
        with django_assert_max_num_queries(limit, info=name):
            client.get(url)
