"""NC register and action list exports: XLSX cells (opened with openpyxl), formula-injection
safety (OWASP CSV injection guidance), PDF pages and Chinese text (read back with pdftotext)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from qualift.improvement.models import CorrectiveAction, Nonconformity
from qualift.improvement.services.actions import (
    action_complete,
    action_create,
    action_verify,
)
from qualift.improvement.services.nonconformities import (
    cause_add,
    nc_close,
    nc_create,
    nc_transition,
    nc_verify,
    root_mark,
)
from qualift.reports.action_list import action_list_pdf, action_list_xlsx
from qualift.reports.nc_register import nc_register_pdf, nc_register_xlsx

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
CHINESE_TITLE = "来料批次不合格：铝棒硬度偏低"
HEADERS_NC = [
    "No.",
    "Number",
    "Detected on",
    "Title",
    "Source",
    "Process",
    "Clause",
    "Severity",
    "Status",
    "Root cause category",
    "Open actions",
    "Actions",
    "Closed on",
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _nc(world, title: str, detected: dt.date, **extra) -> Nonconformity:
    data = {"title": title, "description": "found at incoming inspection", "detected_on": detected}
    data.update(extra)
    return nc_create(actor=None, enterprise=world.a1, data=data, source="supplier")


def _action(world, nc, title: str, due: dt.date) -> CorrectiveAction:
    return action_create(
        actor=None,
        enterprise=world.a1,
        nonconformity=nc,
        data={"kind": "corrective", "title": title, "owner_name": "王伟", "due_on": due},
    )


@pytest.fixture
def records(world):
    """One closed NC (root cause material, two actions done), one open NC with an overdue
    action and an open one, one whose title is a formula."""
    from qualift.standards.models import Clause

    closed = _nc(
        world, CHINESE_TITLE, dt.date(2026, 1, 10), process_name="来料检验 / Incoming inspection"
    )
    closed.clause = Clause.objects.get(number="8.4")
    Nonconformity.objects.filter(pk=closed.pk).update(clause=closed.clause)
    nc_transition(actor=None, nc=closed, to_status="analysing")
    cause = cause_add(actor=None, nc=closed, category="material", description="供应商热处理不足")
    root_mark(actor=None, item=cause, is_root=True)
    nc_transition(actor=None, nc=closed, to_status="action_plan")
    a1 = _action(world, closed, "退回供应商并换批 / Return the batch", dt.date(2026, 1, 20))
    a2 = _action(world, closed, "增加硬度抽检 / Add hardness sampling", dt.date(2026, 2, 10))
    nc_transition(actor=None, nc=closed, to_status="implementing")
    action_complete(actor=None, action=a1, evidence="退货单", completed_on=dt.date(2026, 1, 18))
    action_complete(actor=None, action=a2, evidence="检验规程", completed_on=dt.date(2026, 2, 8))
    action_verify(actor=None, action=a2, effective=True, note="3 batches OK")
    nc_transition(actor=None, nc=closed, to_status="verifying")
    nc_verify(actor=None, nc=closed, effective=True, note="no recurrence")
    nc_close(actor=None, nc=closed)

    open_nc = _nc(world, "Burr on flange edge", dt.date(2026, 5, 2))
    _action(world, open_nc, "Deburr the batch", dt.date(2026, 5, 20))  # overdue on TODAY
    _action(world, open_nc, "Change the tool", dt.date(2026, 7, 1))
    formula = _nc(world, '=HYPERLINK("http://evil.example","x")', dt.date(2026, 3, 3))
    return {"closed": closed, "open": open_nc, "formula": formula}


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _poppler(tool: str, content: bytes, tmp_path, *args: str) -> str:
    """Run a poppler-utils tool (pdftotext, pdfinfo, pdffonts) on the PDF; skip without it."""
    if not shutil.which(tool):
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _pdf_text(content: bytes, tmp_path) -> str:
    return _poppler("pdftotext", content, tmp_path, "-layout")


def _info(content: bytes, tmp_path) -> dict[str, str]:
    lines = _poppler("pdfinfo", content, tmp_path).splitlines()
    return {k.strip(): v.strip() for k, _sep, v in (line.partition(":") for line in lines)}


def test_steward_exports_the_nc_register_as_xlsx(world, records, django_assert_num_queries):
    queryset = Nonconformity.objects.filter(enterprise=world.a1).order_by("detected_on", "id")
    with django_assert_num_queries(1):
        sheet = _sheet(nc_register_xlsx(queryset))
    assert sheet["A1"].value == "Nonconformity register"
    assert sheet["A2"].value == "Enterprise" and sheet["B2"].value == world.a1.name
    assert sheet["A3"].value == "Generated"
    dt.datetime.strptime(sheet["B3"].value, "%Y-%m-%d %H:%M")
    assert [c.value for c in sheet[5]] == HEADERS_NC
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert [r[0] for r in rows] == [1, 2, 3]
    closed = rows[0]
    assert closed[1] == records["closed"].number
    assert closed[2] == dt.datetime(2026, 1, 10)  # a real date cell, not text
    assert closed[3] == CHINESE_TITLE
    assert closed[4:10] == [
        "Supplier",
        "来料检验 / Incoming inspection",
        "8.4",
        "Minor",
        "Closed",
        "Material (料)",
    ]
    assert closed[10:12] == [0, 2]
    closed_on = timezone.localtime(records["closed"].closed_at).date()
    assert closed[12] == dt.datetime.combine(closed_on, dt.time())
    formula = rows[1]
    assert formula[3] == '\'=HYPERLINK("http://evil.example","x")'
    assert sheet.cell(row=7, column=4).data_type == "s"
    burr = rows[2]
    assert burr[8] == "Draft" and burr[10:13] == [2, 2, None]


def test_nc_register_keeps_working_on_an_annotated_list_queryset(world, records):
    from qualift.improvement.selectors import nc_list

    queryset = nc_list(world.users["a1_steward"], world.a1)
    sheet = _sheet(nc_register_xlsx(queryset))
    counts = {row[1].value: (row[10].value, row[11].value) for row in sheet.iter_rows(min_row=6)}
    assert counts[records["open"].number] == (2, 2)
    assert counts[records["closed"].number] == (0, 2)


def test_empty_register_names_the_enterprise_given(world):
    sheet = _sheet(nc_register_xlsx(Nonconformity.objects.none(), enterprise=world.a2))
    assert sheet["B2"].value == world.a2.name
    assert sheet.max_row == 5


def test_nc_register_pdf_is_a4_landscape_with_the_chinese_title(world, records, tmp_path):
    queryset = Nonconformity.objects.filter(enterprise=world.a1)
    content = nc_register_pdf(world.a1, queryset, "en")
    assert content.startswith(b"%PDF")
    info = _info(content, tmp_path)
    assert int(info["Pages"]) >= 1
    assert info["Page size"].startswith("841.89 x 595.27")  # A4 landscape, in points
    text = _pdf_text(content, tmp_path)
    assert CHINESE_TITLE in text
    assert "Nonconformity register" in text
    assert records["closed"].number in text and records["open"].number in text
    assert re.search(r"\b0\s*/\s*2\b", text)  # actions open/total of the closed one


def test_action_list_xlsx_marks_overdue_and_effective(world, records):
    queryset = CorrectiveAction.objects.filter(enterprise=world.a1).order_by("due_on", "id")
    sheet = _sheet(action_list_xlsx(queryset, today=TODAY))
    assert sheet["A1"].value == "Corrective action list"
    assert [c.value for c in sheet[5]] == [
        "No.",
        "Nonconformity",
        "Kind",
        "Action",
        "Owner",
        "Due",
        "Status",
        "Completed",
        "Effective",
        "Overdue",
    ]
    rows = {row[3].value: [c.value for c in row] for row in sheet.iter_rows(min_row=6)}
    assert list(rows) == [
        "退回供应商并换批 / Return the batch",
        "增加硬度抽检 / Add hardness sampling",
        "Deburr the batch",
        "Change the tool",
    ]
    hardness = rows["增加硬度抽检 / Add hardness sampling"]
    assert hardness[1] == records["closed"].number
    assert hardness[2:9] == [
        "Corrective action",
        "增加硬度抽检 / Add hardness sampling",
        "王伟",
        dt.datetime(2026, 2, 10),
        "Done",
        dt.datetime(2026, 2, 8),
        "Yes",
    ]
    assert rows["退回供应商并换批 / Return the batch"][8] is None  # not yet verified
    assert rows["Deburr the batch"][9] == "Yes"
    assert rows["Change the tool"][9] is None


def test_action_list_pdf_has_the_actions_and_the_overdue_mark(world, records, tmp_path):
    queryset = CorrectiveAction.objects.filter(enterprise=world.a1)
    content = action_list_pdf(world.a1, queryset, "en", today=TODAY)
    assert content.startswith(b"%PDF") and int(_info(content, tmp_path)["Pages"]) >= 1
    text = _pdf_text(content, tmp_path)
    assert "增加硬度抽检" in text
    assert "Corrective action list" in text
    assert "overdue" in text and "1 overdue" in text


def test_pdf_in_chinese_embeds_a_cjk_font(world, records, tmp_path):
    queryset = Nonconformity.objects.filter(enterprise=world.a1)
    content = nc_register_pdf(world.a1, queryset, "zh-hans")
    assert content.startswith(b"%PDF")
    fonts = _poppler("pdffonts", content, tmp_path)
    assert "CJK" in fonts, fonts  # e.g. Noto-Sans-CJK-SC, embedded as a subset
    assert CHINESE_TITLE in _pdf_text(content, tmp_path)
