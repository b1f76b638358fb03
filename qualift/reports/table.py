"""A titled register table (title, enterprise, generation time, numbered rows) and its XLSX form.

Every text cell goes through `safe_text`, so text a user typed (a title starting with "=", say)
is never read by a spreadsheet program as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.enterprises.exporting import safe_text

SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Column:
    header: str
    width: int = 14  # characters, for the spreadsheet


@dataclass
class RegisterTable:
    """What a register export holds, independent of the file format."""

    title: str
    enterprise: str
    columns: list[Column]
    rows: list[list[Any]]
    generated_at: dt.datetime = field(default_factory=timezone.localtime)
    sheet: str = ""

    @property
    def generated(self) -> str:
        return self.generated_at.strftime("%Y-%m-%d %H:%M")


def enterprise_label(enterprise) -> str:
    if enterprise is None:
        return ""
    if enterprise.name_en and enterprise.name_en != enterprise.name:
        return f"{enterprise.name} ({enterprise.name_en})"
    return enterprise.name


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if value is not None and not isinstance(value, int | float | dt.date):
        return safe_text(str(value))
    return value


def to_xlsx(table: RegisterTable) -> bytes:
    """Title, enterprise and generation time on top, then the header (numbered rows: the first
    column is "No."), one row per record; the header stays in view while scrolling."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME_BAD.sub(" ", table.sheet or table.title)[:31] or "Sheet1"
    sheet.append([safe_text(table.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Enterprise"), safe_text(table.enterprise)])
    sheet.append([_("Generated"), table.generated])
    sheet.append([])
    headers = [_("No."), *(c.header for c in table.columns)]
    sheet.append(headers)
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(table.rows, start=1):
        sheet.append([number, *(_cell(v) for v in row)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 6
    for index, column in enumerate(table.columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None
