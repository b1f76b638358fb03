"""`qualift import enterprises` and `qualift export enterprises`: good files import every row,
`--as` acts with that user's permissions and scope, exports are formula-injection-safe (OWASP
"CSV Injection": a cell starting with = + - @ is prefixed with an apostrophe), and an exported
file imports back to the same profiles."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation
from openpyxl import Workbook, load_workbook

from qualift.core.models import AuditEvent
from qualift.enterprises.exporting import EXPORT_COLUMNS
from qualift.enterprises.models import Engagement, Enterprise
from qualift.enterprises.services import enterprise_create
from qualift.enterprises.uscc import make_uscc
from qualift.tenancy.models import Region

FULL_HEADER = [
    "name",
    "name_en",
    "uscc",
    "region",
    "address",
    "miit_industry",
    "gbt4754_division",
    "iaf_codes",
    "employees",
    "revenue",
    "total_assets",
    "legal_representative",
    "steward_name",
    "steward_phone",
    "steward_email",
]
CHINESE_TITLES = {
    "name": "企业名称",
    "uscc": "统一社会信用代码",
    "region": "省份",
    "miit_industry": "行业",
    "employees": "从业人员",
    "revenue": "营业收入",
    "total_assets": "资产总额",
}


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; a request elsewhere in the run may leave another
    # language active in this thread.
    with translation.override("en"):
        yield


def _uscc(serial: int) -> str:
    return make_uscc(f"91330212MA{serial:07d}")


def _row(serial: int) -> dict[str, str]:
    return {
        "name": f"宁波测试{serial}号塑料制品有限公司",
        "name_en": f"Ningbo Test No. {serial} Plastics Co., Ltd.",
        "uscc": _uscc(serial),
        "region": "330000" if serial % 2 else "Jiangsu",
        "address": f"浙江省宁波市鄞州区姜山镇兴业路{serial}号",
        "miit_industry": "industry" if serial % 3 else "5",
        "gbt4754_division": "29",
        "iaf_codes": "14;17" if serial % 2 else "14",
        "employees": str(5 + serial * 7),
        "revenue": f"{120 + serial * 95}.5",
        "total_assets": f"{80 + serial * 40}",
        "legal_representative": "王海峰",
        "steward_name": "徐静",
        "steward_phone": "13800000000",
        "steward_email": f"quality{serial}@example.com",
    }


def _csv(path: Path, rows: list[dict[str, str]], header=FULL_HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _refused(name: str, *args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command(name, *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.returncode == 2
    return caught.value


def _profile(enterprise: Enterprise) -> tuple:
    return (
        enterprise.name,
        enterprise.name_en,
        enterprise.uscc,
        enterprise.region.code,
        enterprise.address,
        enterprise.miit_industry,
        enterprise.gbt4754_division,
        tuple(sorted(c.code for c in enterprise.iaf_codes.all())),
        enterprise.employees,
        enterprise.revenue,
        enterprise.total_assets,
        enterprise.legal_representative,
        enterprise.steward_name,
        enterprise.steward_phone,
        enterprise.steward_email,
        enterprise.size_miit,
        enterprise.size_eu,
    )


def _profiles() -> dict[str, tuple]:
    return {e.uscc: _profile(e) for e in Enterprise.objects.all()}


class _Rollback(Exception):
    pass


def _then_roll_back(work):
    """Run `work` in a transaction that is then undone; return what it returned."""
    box = []
    with pytest.raises(_Rollback), transaction.atomic():
        box.append(work())
        raise _Rollback
    return box[0]


# --- import ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_operator_imports_every_row_of_a_good_csv(tmp_path):
    path = _csv(tmp_path / "good.csv", [_row(i) for i in range(1, 6)])
    out = _run("import_enterprises", str(path))
    assert "5 enterprises imported" in out
    assert Enterprise.objects.count() == 5
    assert AuditEvent.objects.filter(verb="enterprise.create").count() == 5
    imported = Enterprise.objects.get(uscc=_uscc(2))
    assert imported.region.code == "320000"
    assert imported.revenue == Decimal("310.50")
    assert imported.size_miit in ("micro", "small")
    assert imported.registered_by is None  # the operator acts for no organisation


@pytest.mark.django_db
def test_operator_imports_every_row_of_an_xlsx_with_chinese_headers(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    columns = list(CHINESE_TITLES)
    sheet.append([CHINESE_TITLES[c] for c in columns])
    for i in range(1, 4):
        row = _row(i)
        # Numbers as numbers, the way a spreadsheet keeps them.
        row.update(employees=int(row["employees"]), revenue=float(row["revenue"]))
        sheet.append([row[c] for c in columns])
    path = tmp_path / "企业名单.xlsx"
    workbook.save(path)
    out = _run("import_enterprises", str(path), "--json")
    assert json.loads(out) == {"imported": 3, "uscc": [_uscc(1), _uscc(2), _uscc(3)]}
    assert Enterprise.objects.get(uscc=_uscc(3)).employees == 26


@pytest.mark.django_db
def test_cb_admin_import_registers_for_the_cb_with_the_engagement_kind(world, tmp_path):
    path = _csv(tmp_path / "good.csv", [_row(1), _row(2)])
    _run("import_enterprises", str(path), "--as", "cba_admin", "--engagement-kind", "certification")
    for uscc in (_uscc(1), _uscc(2)):
        enterprise = Enterprise.objects.get(uscc=uscc)
        assert enterprise.registered_by == world.cb_a
        engagement = Engagement.objects.get(enterprise=enterprise)
        assert (engagement.cb, engagement.kind) == (world.cb_a, "certification")
    event = AuditEvent.objects.filter(verb="enterprise.create").first()
    assert event.actor == world.users["cba_admin"]


@pytest.mark.parametrize("username", ["a1_staff", "po_viewer", "cba_auditor1", "nobody"])
@pytest.mark.django_db
def test_user_without_import_permission_gets_exit_2_and_nothing_saved(world, tmp_path, username):
    path = _csv(tmp_path / "good.csv", [_row(1)])
    enterprises, events = Enterprise.objects.count(), AuditEvent.objects.count()
    error = _refused("import_enterprises", str(path), "--as", username)
    assert username in str(error)
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == (enterprises, events)


# --- export ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_operator_exports_every_enterprise_as_csv_to_stdout(world):
    out = _run("export_enterprises")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(EXPORT_COLUMNS)  # no byte-order mark on a pipe
    assert {r[2] for r in rows[1:]} == {world.a1.uscc, world.a2.uscc, world.b1.uscc}


@pytest.mark.django_db
def test_enterprise_admin_exports_only_their_own_enterprise(world, tmp_path):
    out = _run("export_enterprises", "--as", "a1_admin")
    assert world.canaries["a1"] in out
    assert world.canaries["a2"] not in out and world.canaries["b1"] not in out
    path = tmp_path / "cb_b.xlsx"
    _run("export_enterprises", "--format", "xlsx", "--out", str(path), "--as", "cbb_admin")
    sheet = load_workbook(path).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [world.b1.name]


@pytest.mark.django_db
def test_export_refusals_exit_2(world, tmp_path):
    assert "--out" in str(_refused("export_enterprises", "--format", "xlsx"))
    assert "a1_staff" in str(_refused("export_enterprises", "--as", "a1_staff"))
    assert "ghost" in str(_refused("export_enterprises", "--as", "ghost"))
    unwritable = tmp_path / "no-such-dir" / "x.csv"
    assert "no-such-dir" in str(_refused("export_enterprises", "--out", str(unwritable)))


DANGEROUS = {
    "name": '=HYPERLINK("http://evil.example/","click me")',
    "name_en": "+1",
    "address": "@SUM(A1:A9)",
    "legal_representative": "-2+3",
}


@pytest.mark.django_db
def test_export_writes_formula_like_text_with_a_leading_apostrophe(tmp_path):
    enterprise_create(
        actor=None,
        data={
            **DANGEROUS,
            "uscc": _uscc(1),
            "region": Region.objects.get(code="330000"),
            "miit_industry": 2,
            "employees": 9,
        },
    )
    stdout_rows = list(csv.reader(io.StringIO(_run("export_enterprises"))))
    csv_path, xlsx_path = tmp_path / "e.csv", tmp_path / "e.xlsx"
    _run("export_enterprises", "--out", str(csv_path))
    _run("export_enterprises", "--format", "xlsx", "--out", str(xlsx_path))
    file_rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    sheet = load_workbook(xlsx_path).active
    xlsx_cells = {c.column - 1: c for c in next(sheet.iter_rows(min_row=2, max_row=2))}
    for column, value in DANGEROUS.items():
        index = EXPORT_COLUMNS.index(column)
        assert stdout_rows[1][index] == "'" + value
        assert file_rows[1][index] == "'" + value
        cell = xlsx_cells[index]
        assert cell.value == "'" + value and cell.data_type == "s"  # text, never a formula


@pytest.mark.django_db
def test_exported_csv_and_xlsx_import_back_to_the_same_profiles(tmp_path):
    source = _csv(tmp_path / "source.csv", [_row(i) for i in range(1, 7)])
    csv_path, xlsx_path = tmp_path / "export.csv", tmp_path / "export.xlsx"

    def import_and_export():
        _run("import_enterprises", str(source))
        _run("export_enterprises", "--out", str(csv_path))
        _run("export_enterprises", "--format", "xlsx", "--out", str(xlsx_path))
        return _profiles()

    original = _then_roll_back(import_and_export)
    assert len(original) == 6 and not Enterprise.objects.exists()

    def import_back(path: Path):
        def work():
            _run("import_enterprises", str(path))
            return _profiles()

        return work

    assert _then_roll_back(import_back(csv_path)) == original
    assert _then_roll_back(import_back(xlsx_path)) == original


# --- through the console script ----------------------------------------------------------------


def _qualift(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("qualift")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qualift.core.cli"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=django_settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite database of its own for the console script."""
    tmp = tmp_path_factory.mktemp("qualift-import")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'cli.sqlite3'}", QUALIFT_VAR_DIR=str(tmp), DJANGO_DEBUG="1"
    )
    migrated = _qualift("manage", "migrate", "--noinput", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return env


@pytest.mark.slow
def test_console_script_import_and_export_exit_codes(cli_env, tmp_path):
    bad = _csv(
        tmp_path / "bad.csv", [_row(1), {**_row(2), "uscc": "123"}, {**_row(3), "region": "?"}]
    )
    refused = _qualift("import", "enterprises", str(bad), "--json", env=cli_env)
    assert refused.returncode == 2
    assert [(e["row"], e["column"]) for e in json.loads(refused.stdout)] == [
        (3, "uscc"),
        (4, "region"),
    ]
    assert "nothing was imported" in refused.stderr

    good = _csv(tmp_path / "good.csv", [_row(1), _row(2)])
    imported = _qualift("import", "enterprises", str(good), env=cli_env)
    assert imported.returncode == 0, imported.stderr
    assert "2 enterprises imported" in imported.stdout
    again = _qualift("import", "enterprises", str(good), "--json", env=cli_env)
    assert again.returncode == 2
    assert {e["reason"] for e in json.loads(again.stdout)} == {
        "An enterprise with this code is already registered."
    }

    exported = _qualift("export", "enterprises", "--format", "csv", env=cli_env)
    assert exported.returncode == 0, exported.stderr
    assert _uscc(1) in exported.stdout and _uscc(2) in exported.stdout
    assert _qualift("export", "enterprises", "--format", "xlsx", env=cli_env).returncode == 2
    assert _qualift("export", "enterprises", "--format", "pdf", env=cli_env).returncode == 2
    missing = _qualift("import", "enterprises", str(tmp_path / "none.csv"), env=cli_env)
    assert missing.returncode == 2 and "none.csv" in missing.stderr
