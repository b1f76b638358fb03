"""Reading an enterprise list from CSV or XLSX: every row checked first, every problem reported.

Columns (header row, English or Chinese names): name, name_en, uscc, region, address, miit_industry,
gbt4754_division, iaf_codes, employees, revenue, total_assets, legal_representative, steward_name,
steward_phone, steward_email. `region` takes a GB/T 2260 code or a name; `miit_industry` 1–16 or a
slug; `iaf_codes` a list like "17;18".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from qualift.enterprises.models import Enterprise, IafCode
from qualift.enterprises.reference_data import GBT4754_DIVISIONS
from qualift.enterprises.sizing import miit_row
from qualift.enterprises.validators import uscc_error_message
from qualift.tenancy.models import Region

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "name_zh", "企业名称", "名称"),
    "name_en": ("name_en", "英文名称"),
    "uscc": ("uscc", "统一社会信用代码", "credit_code"),
    "region": ("region", "省份", "地区", "region_code"),
    "address": ("address", "地址"),
    "miit_industry": ("miit_industry", "industry", "行业"),
    "gbt4754_division": ("gbt4754_division", "division", "国民经济行业大类"),
    "iaf_codes": ("iaf_codes", "iaf", "IAF代码"),
    "employees": ("employees", "从业人员", "员工人数"),
    "revenue": ("revenue", "营业收入"),
    "total_assets": ("total_assets", "assets", "资产总额"),
    "legal_representative": ("legal_representative", "法定代表人"),
    "steward_name": ("steward_name", "质量负责人"),
    "steward_phone": ("steward_phone", "质量负责人电话"),
    "steward_email": ("steward_email", "质量负责人邮箱"),
}
REQUIRED = ("name", "uscc", "region", "miit_industry", "employees")
DERIVED_COLUMNS = ("size_miit", "size_eu")
FORMULA_GUARDED = ("'=", "'+", "'-", "'@")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class ImportReport:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, header, size)."""


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """Rows of cell strings from a CSV (UTF-8, with or without BOM; or GB18030) or XLSX file."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
        return [
            ["" if c is None else _cell_text(c) for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
        return [row for row in csv.reader(io.StringIO(text))]
    raise ImportFileError(_("Only .csv and .xlsx files can be imported."))


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unguard(text: str) -> str:
    """Undo the export's formula guard (a leading quote before = + - @) on the way back in."""
    return text[1:] if text.startswith(FORMULA_GUARDED) else text


def _header_map(header: list[str]) -> dict[str, int]:
    lookup = {alias.strip().lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        key = lookup.get(str(title).strip().lower())
        if key is None:
            # size_miit/size_eu come from our own export; they are recomputed, so read past them.
            if str(title).strip() and str(title).strip().lower() not in DERIVED_COLUMNS:
                unknown.append(str(title))
            continue
        mapping[key] = index
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        raise ImportFileError(
            _("The header row lacks the required column(s): %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    if unknown:
        raise ImportFileError(
            _("Unknown column(s) in the header row: %(cols)s.") % {"cols": ", ".join(unknown)}
        )
    return mapping


def _region_lookup() -> dict[str, Region]:
    lookup: dict[str, Region] = {}
    for region in Region.objects.all():
        for key in (region.code, region.name_en, region.name_zh, region.name_en.lower()):
            lookup[key] = region
    return lookup


def validate_rows(table: list[list[str]]) -> ImportReport:
    """Check every row; collect every problem (row number as in the file, column, reason)."""
    if not table:
        raise ImportFileError(_("The file is empty."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})
    mapping = _header_map(table[0])
    regions = _region_lookup()
    iaf = {c.code: c for c in IafCode.objects.all()}
    divisions = {code for _s, code, _e, _z in GBT4754_DIVISIONS}
    report = ImportReport()
    seen_uscc: dict[str, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(str(cell).strip() for cell in raw):
            continue
        cells = {
            key: _unguard(raw[i].strip() if i < len(raw) else "") for key, i in mapping.items()
        }
        row: dict[str, Any] = {"row_number": number}
        errors: list[RowError] = []

        def bad(column: str, reason: str, number=number, errors=errors) -> None:
            errors.append(RowError(number, column, reason))

        for column in REQUIRED:
            if not cells.get(column):
                bad(column, _("This value is required."))
        row["name"] = cells.get("name", "")[:200]
        row["name_en"] = cells.get("name_en", "")[:200]
        uscc = cells.get("uscc", "").upper()
        if uscc:
            message = uscc_error_message(uscc)
            if message:
                bad("uscc", message)
            elif uscc in seen_uscc:
                bad("uscc", _("Same code as row %(row)d.") % {"row": seen_uscc[uscc]})
            seen_uscc.setdefault(uscc, number)
        row["uscc"] = uscc
        if cells.get("region"):
            region = regions.get(cells["region"]) or regions.get(cells["region"].lower())
            if region is None:
                bad("region", _("Unknown region %(value)s.") % {"value": cells["region"]})
            row["region"] = region
        if cells.get("miit_industry"):
            try:
                row["miit_industry"] = miit_row(cells["miit_industry"]).number
            except ValueError:
                bad("miit_industry", _("Use an industry row 1–16 or its slug."))
        division = cells.get("gbt4754_division", "")
        if division and division.zfill(2) not in divisions:
            bad(
                "gbt4754_division", _("Unknown GB/T 4754 division %(value)s.") % {"value": division}
            )
        row["gbt4754_division"] = division.zfill(2) if division else ""
        codes = [
            c.strip().zfill(2)
            for c in cells.get("iaf_codes", "").replace(",", ";").replace("、", ";").split(";")
            if c.strip()
        ]
        unknown = [c for c in codes if c not in iaf]
        if unknown:
            bad("iaf_codes", _("Unknown IAF code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
        row["iaf_codes"] = [iaf[c] for c in codes if c in iaf]
        if cells.get("employees"):
            try:
                employees = int(cells["employees"])
                if employees < 0:
                    raise ValueError
                row["employees"] = employees
            except ValueError:
                bad("employees", _("Enter a whole number of people (0 or more)."))
        for column in ("revenue", "total_assets"):
            value = cells.get(column, "")
            row[column] = None
            if value:
                try:
                    amount = Decimal(value.replace(",", ""))
                    if amount < 0 or not amount.is_finite():
                        raise InvalidOperation
                    row[column] = amount.quantize(Decimal("0.01"))
                except InvalidOperation:
                    bad(column, _("Enter an amount in 10,000 CNY (0 or more)."))
        for column in (
            "address",
            "legal_representative",
            "steward_name",
            "steward_phone",
            "steward_email",
        ):
            row[column] = cells.get(column, "")
        email = row["steward_email"]
        if email and ("@" not in email or " " in email):
            bad("steward_email", _("Enter a valid e-mail address."))
        if errors:
            report.errors.extend(errors)
        else:
            report.rows.append(row)
    existing = set(
        Enterprise.objects.filter(uscc__in=list(seen_uscc)).values_list("uscc", flat=True)
    )
    for uscc in sorted(existing, key=lambda u: seen_uscc[u]):
        report.errors.append(
            RowError(
                seen_uscc[uscc], "uscc", _("An enterprise with this code is already registered.")
            )
        )
    report.errors.sort(
        key=lambda e: (e.row, list(COLUMNS).index(e.column) if e.column in COLUMNS else 99)
    )
    if report.errors:
        report.rows = []
    elif not report.rows:
        raise ImportFileError(_("The file has a header but no data rows."))
    return report


def parse_upload(content: bytes, filename: str) -> ImportReport:
    return validate_rows(read_table(content, filename))
