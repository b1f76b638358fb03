"""`qualift import enterprises` checks every row first: each bad row is reported (row, column,
reason), nothing is saved, and the exit status is 2 (ARCHITECTURE §5 rule 3)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from qualift.core.models import AuditEvent
from qualift.enterprises.models import Enterprise
from qualift.enterprises.uscc import make_uscc

pytestmark = pytest.mark.django_db

HEADER = [
    "name",
    "name_en",
    "uscc",
    "region",
    "miit_industry",
    "iaf_codes",
    "employees",
    "revenue",
    "total_assets",
    "steward_email",
]


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; a request elsewhere in the run may leave another
    # language active in this thread.
    with translation.override("en"):
        yield


def _uscc(serial: int) -> str:
    return make_uscc(f"91330106MA{serial:07d}")


def _row(serial: int, **changes: str) -> dict[str, str]:
    row = {
        "name": f"杭州测试{serial}号机械有限公司",
        "name_en": f"Hangzhou Test No. {serial} Machinery Co., Ltd.",
        "uscc": _uscc(serial),
        "region": "330000",
        "miit_industry": "2",
        "iaf_codes": "17;18",
        "employees": "12",
        "revenue": "800",
        "total_assets": "500",
        "steward_email": f"quality{serial}@example.com",
    }
    row.update(changes)
    return row


def _csv(path: Path, rows: list[dict[str, str]], titles=HEADER, encoding="utf-8") -> Path:
    """Write `rows` under a header row of `titles` (one per HEADER column, in order)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(titles)
    for row in rows:
        writer.writerow([row.get(column, "") for column in HEADER])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _import(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_enterprises", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(path: Path, *args: str) -> tuple[CommandError, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_enterprises", str(path), *args, stdout=out, stderr=err)
    assert caught.value.returncode == 2
    return caught.value, out.getvalue(), err.getvalue()


def test_operator_sees_every_bad_row_and_nothing_is_saved(world, tmp_path):
    bad_check = _uscc(3)[:-1] + ("0" if _uscc(3)[-1] != "0" else "1")
    rows = [
        _row(2),  # row 2: good
        _row(3, uscc=bad_check),  # row 3
        _row(4, name="", region="Atlantis"),  # row 4
        _row(5, employees="many", revenue="-1"),  # row 5
        _row(6, uscc=_uscc(2)),  # row 6: same code as row 2
        _row(7, uscc=world.a1.uscc),  # row 7: already registered
        _row(8, steward_email="not an address", miit_industry="17"),  # row 8
        _row(9),  # row 9: good
    ]
    path = _csv(tmp_path / "bad.csv", rows)
    enterprises, events = Enterprise.objects.count(), AuditEvent.objects.count()

    error, out, _err = _refused(path, "--json")

    reported = json.loads(out)
    assert {(e["row"], e["column"]) for e in reported} == {
        (3, "uscc"),
        (4, "name"),
        (4, "region"),
        (5, "employees"),
        (5, "revenue"),
        (6, "uscc"),
        (7, "uscc"),
        (8, "miit_industry"),
        (8, "steward_email"),
    }
    by_place = {(e["row"], e["column"]): e["reason"] for e in reported}
    assert "row 2" in by_place[(6, "uscc")]
    assert "already registered" in by_place[(7, "uscc")]
    assert "check character" in by_place[(3, "uscc")]
    assert "nothing was imported" in str(error)
    assert Enterprise.objects.count() == enterprises
    assert AuditEvent.objects.count() == events


def test_operator_sees_bad_rows_as_a_table_on_stderr(world, tmp_path):
    path = _csv(tmp_path / "bad.csv", [_row(2, region="Atlantis"), _row(3, employees="-4")])
    _error, out, err = _refused(path)
    assert out == ""
    for fragment in ("Row", "Column", "region", "Atlantis", "employees", " 2 ", " 3 "):
        assert fragment in err


def test_chinese_headers_in_a_gb18030_csv_are_understood(db, tmp_path):
    titles = ["企业名称", "英文名称", "统一社会信用代码", "省份", "行业", "IAF代码", "从业人员"]
    titles += ["营业收入", "资产总额", "质量负责人邮箱"]
    rows = [_row(2), _row(3, region="浙江省")]
    # GB18030: what Excel on a Chinese Windows saves a CSV in.
    path = _csv(tmp_path / "中文.csv", rows, titles=titles, encoding="gb18030")
    out, _err = _import(path)
    assert "2 enterprises imported" in out
    assert Enterprise.objects.get(uscc=_uscc(3)).region.code == "330000"


@pytest.mark.parametrize(
    ("filename", "content", "fragment"),
    [
        ("empty.csv", b"", "empty"),
        ("header-only.csv", b"name,uscc,region,miit_industry,employees\n", "no data rows"),
        ("missing.csv", b"name,uscc\nA,B\n", "required column"),
        ("unknown.csv", b"name,uscc,region,miit_industry,employees,colour\n", "colour"),
        ("list.txt", b"name\n", ".csv and .xlsx"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "XLSX"),
    ],
)
def test_operator_gets_exit_2_for_an_unreadable_file(db, tmp_path, filename, content, fragment):
    path = tmp_path / filename
    path.write_bytes(content)
    error, _out, _err = _refused(path)
    assert fragment in str(error)
    assert not Enterprise.objects.exists()


def test_operator_gets_exit_2_for_a_missing_file(db, tmp_path):
    error, _out, _err = _refused(tmp_path / "nowhere.csv")
    assert "nowhere.csv" in str(error)
