"""Reading an employee list from CSV or XLSX: every row checked first, every problem reported,
nothing saved unless every row is good (services.org.org_import saves).

Columns (header row, English or Chinese): name/姓名 (required), position/岗位 (a position title
the enterprise already has), department/部门 (a department name; defaults to the position's),
manager/上级 (the name of another employee in the file or already stored), start_date/入职日期
(YYYY-MM-DD), phone/电话, email/邮箱.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from qualift.enterprises.importing import (
    ImportFileError,
    ImportReport,
    RowError,
    _cell_text,
    _unguard,
    read_table,
)
from qualift.enterprises.models import Enterprise
from qualift.objectives.models import Department, Employee, Position

__all__ = ["COLUMNS", "ImportFileError", "ImportReport", "RowError", "parse_upload"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "姓名", "员工姓名"),
    "position": ("position", "岗位", "职位"),
    "department": ("department", "部门"),
    "manager": ("manager", "上级", "直接上级"),
    "start_date": ("start_date", "入职日期"),
    "phone": ("phone", "电话", "手机"),
    "email": ("email", "e-mail", "邮箱"),
}
MAX_ROWS = 5_000


def _header_map(header: list[str]) -> dict[str, int]:
    lookup = {alias.lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        text = _cell_text(title) if title else ""
        key = lookup.get(text.lower())
        if key is None:
            if text:
                unknown.append(text)
            continue
        mapping[key] = index
    if "name" not in mapping:
        raise ImportFileError(
            _("The header row lacks the required column(s): %(cols)s.") % {"cols": "name"}
        )
    if unknown:
        raise ImportFileError(
            _("Unknown column(s) in the header row: %(cols)s.") % {"cols": ", ".join(unknown)}
        )
    return mapping


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _loops(managers: dict[int, int]) -> set[int]:
    """Rows whose chain of in-file managers comes back to a row already on the chain."""
    looping: set[int] = set()
    for start in managers:
        chain: list[int] = []
        node: int | None = start
        while node is not None and node not in chain:
            chain.append(node)
            node = managers.get(node)
        if node is not None:
            looping.update(chain[chain.index(node) :])
    return looping


def validate_rows(table: list[list[str]], enterprise: Enterprise) -> ImportReport:
    """Check every row against the enterprise's positions, departments and employees."""
    if not table:
        raise ImportFileError(_("The file is empty."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})
    mapping = _header_map(table[0])
    positions = {p.title: p for p in Position.objects.filter(enterprise=enterprise)}
    departments = {d.name: d for d in Department.objects.filter(enterprise=enterprise)}
    stored: dict[str, list[Employee]] = {}
    for emp in Employee.objects.filter(enterprise=enterprise, is_active=True):
        stored.setdefault(emp.name, []).append(emp)
    report = ImportReport()
    rows: list[dict[str, Any]] = []
    in_file: dict[str, list[int]] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(str(cell).strip() for cell in raw):
            continue
        cells = {
            key: _unguard(str(raw[i]).strip() if i < len(raw) else "") for key, i in mapping.items()
        }
        row: dict[str, Any] = {"row_number": number, "manager_name": cells.get("manager", "")}

        def bad(column: str, reason: str, number=number) -> None:
            report.errors.append(RowError(number, column, reason))

        row["name"] = cells.get("name", "")
        if not row["name"]:
            bad("name", _("This value is required."))
        elif len(row["name"]) > 100:
            bad("name", _("At most 100 characters."))
        else:
            in_file.setdefault(row["name"], []).append(number)
        title = cells.get("position", "")
        row["position"] = positions.get(title) if title else None
        if title and row["position"] is None:
            bad("position", _("No position titled %(value)s; add it first.") % {"value": title})
        name = cells.get("department", "")
        row["department"] = departments.get(name) if name else None
        if name and row["department"] is None:
            bad("department", _("No department named %(value)s.") % {"value": name})
        if cells.get("start_date"):
            try:
                row["start_date"] = _parse_date(cells["start_date"])
            except ValueError:
                bad("start_date", _("Enter a date as YYYY-MM-DD."))
        row["phone"] = cells.get("phone", "")
        if len(row["phone"]) > 30:
            bad("phone", _("At most 30 characters."))
        row["email"] = cells.get("email", "")
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                bad("email", _("Enter a valid e-mail address."))
        rows.append(row)
    managers: dict[int, int] = {}
    for row in rows:
        name = row.pop("manager_name")
        if not name:
            continue
        local = in_file.get(name, [])
        if len(local) > 1 or (not local and len(stored.get(name, [])) > 1):
            report.errors.append(
                RowError(row["row_number"], "manager", _("More than one employee is so named."))
            )
        elif local:
            if local[0] == row["row_number"]:
                report.errors.append(
                    RowError(row["row_number"], "manager", _("Nobody reports to themselves."))
                )
            else:
                row["manager_row"] = local[0]
                managers[row["row_number"]] = local[0]
        elif name in stored:
            row["manager"] = stored[name][0]
        else:
            report.errors.append(
                RowError(
                    row["row_number"],
                    "manager",
                    _("No employee named %(value)s in the file or already stored.")
                    % {"value": name},
                )
            )
    for number in sorted(_loops(managers)):
        report.errors.append(RowError(number, "manager", _("The reporting lines form a loop.")))
    order = list(COLUMNS)
    report.errors.sort(key=lambda e: (e.row, order.index(e.column)))
    if report.errors:
        report.rows = []
    elif not rows:
        raise ImportFileError(_("The file has a header but no data rows."))
    else:
        report.rows = rows
    return report


def parse_upload(content: bytes, filename: str, enterprise: Enterprise) -> ImportReport:
    return validate_rows(read_table(content, filename), enterprise)
