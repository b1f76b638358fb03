"""Reading readings from CSV or XLSX: every row checked first, every problem reported.

Columns (header row; English or Chinese names, any case, any order):

    parameter / 参数     parameter id (the enterprise-wide import only)
    taken_at / 时间      ISO 8601 ("2026-01-05T08:00:00+08:00") or "2026-01-05 08:00"; a time
                         without a zone is in the installation's time zone (TIME_ZONE)
    subgroup / 子组      optional label; rows sharing a label form one subgroup
    value / 测量值       the measured value (variable parameters)
    count / 不合格数     defects or defectives (attribute parameters)
    sample_size / 样本量 units inspected (attributes; defaults to the parameter's)
    operator / 操作者    optional
    gauge / 量具         optional gauge code (defaults to the parameter's gauge)
    note / 备注          optional

CSV: UTF-8 (with or without BOM) or GB18030, comma- or semicolon-separated. The rows are parsed
in one tight loop (10⁶ rows in a few seconds), then checked as a batch by the readings service
(`check_readings`), so the file import and the API apply the same rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.enterprises.importing import ImportFileError, RowError, _cell_text
from qualift.enterprises.models import Enterprise
from qualift.process.choices import MeasurementSource
from qualift.process.models import Gauge, Parameter
from qualift.process.services.readings import (
    BatchResult,
    ReadingInput,
    ReadingsInvalid,
    check_readings,
    record_readings,
)
from qualift.tenancy.permissions import require

COLUMNS: dict[str, tuple[str, ...]] = {
    "parameter": ("parameter", "parameter_id", "参数", "参数id", "参数编号"),
    "taken_at": ("taken_at", "time", "datetime", "时间", "测量时间", "日期时间"),
    "subgroup": ("subgroup", "子组", "子组号"),
    "value": ("value", "测量值", "数值", "读数"),
    "count": ("count", "不合格数", "缺陷数", "不合格品数"),
    "sample_size": ("sample_size", "样本量", "样本数", "抽样数"),
    "operator": ("operator", "operator_name", "操作者", "操作员", "测量人"),
    "gauge": ("gauge", "gauge_code", "量具", "量具编号"),
    "note": ("note", "备注"),
}
# The Chinese header of each column (the template's headers when the page is in Chinese).
CHINESE = {
    "parameter": "参数",
    "taken_at": "时间",
    "subgroup": "子组",
    "value": "测量值",
    "count": "不合格数",
    "sample_size": "样本量",
    "operator": "操作者",
    "gauge": "量具",
    "note": "备注",
}
# A service error's field → the column it is reported in.
FIELD_COLUMN = {"operator_name": "operator"}
MAX_ROWS = 2_000_000
EXTRA_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y.%m.%d %H:%M")


@dataclass
class ReadingsReport:
    """The parsed readings with the file row each came from, or every problem found."""

    readings: list[ReadingInput] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.readings)


def template_columns(parameter: Parameter | None) -> list[str]:
    """The header row of the downloadable template (per parameter, or enterprise-wide)."""
    if parameter is None:
        return ["parameter", "taken_at", "subgroup", "value", "count", "sample_size"] + [
            "operator",
            "gauge",
            "note",
        ]
    measured = ["count", "sample_size"] if parameter.is_attribute else ["value"]
    return ["taken_at", "subgroup", *measured, "operator", "gauge", "note"]


def iter_rows(content: bytes, filename: str) -> Iterator[list[str]]:
    """Rows of cell strings from a CSV (UTF-8 with or without BOM, or GB18030; comma or
    semicolon) or XLSX file, read lazily."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = workbook.active
            rows = sheet.iter_rows(values_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
        return (["" if c is None else _cell_text(c) for c in row] for row in rows)
    if lower.endswith((".csv", ".txt")):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
        first = text[: text.find("\n")] if "\n" in text else text
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return csv.reader(io.StringIO(text), delimiter=delimiter)
    raise ImportFileError(_("Only .csv and .xlsx files can be imported."))


def _header_map(header: list[str], *, wide: bool, parameter: Parameter | None) -> dict[str, int]:
    lookup = {alias.strip().lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    for index, title in enumerate(header):
        text = str(title).strip()
        if not text:
            continue
        key = lookup.get(text.lower())
        if key is None:
            unknown.append(text)
        elif key in mapping:
            raise ImportFileError(_("The column %(col)s appears twice.") % {"col": text})
        else:
            mapping[key] = index
    if unknown:
        raise ImportFileError(
            _("Unknown column(s) in the header row: %(cols)s.") % {"cols": ", ".join(unknown)}
        )
    required = ["taken_at"]
    if wide:
        required.insert(0, "parameter")
        if "value" not in mapping and "count" not in mapping:
            required.append("value")
    else:
        required.append("count" if parameter.is_attribute else "value")
    missing = [c for c in required if c not in mapping]
    if missing:
        raise ImportFileError(
            _("The header row lacks the required column(s): %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    return mapping


def _parse_time(text: str) -> dt.datetime | None:
    """The formats besides ISO 8601 that spreadsheets write (2026/01/05 08:00)."""
    for fmt in EXTRA_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _parse_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        if "," in text and "." not in text:  # a decimal comma (semicolon-separated files)
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return None
        return None


def _parse_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        number = _parse_float(text)
        if number is not None and number.is_integer():
            return int(number)
        return None


def parse_readings(
    content: bytes,
    filename: str,
    *,
    enterprise: Enterprise,
    parameter: Parameter | None = None,
    check: bool = True,
) -> ReadingsReport:
    """Parse and check an upload: for one `parameter`, or enterprise-wide (a parameter column)
    when `parameter` is None. With `check`, the parsed readings are also checked by the readings
    service (every problem reported); without it, only when the file has other problems (the
    service checks them again when recording). Raises ImportFileError for problems with the
    file as a whole."""
    rows = iter_rows(content, filename)
    header = next(rows, None)
    while header is not None and not any(str(c).strip() for c in header):
        header = next(rows, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    wide = parameter is None
    mapping = _header_map(header, wide=wide, parameter=parameter)
    if wide:
        parameters = {
            p.pk: p for p in Parameter.objects.filter(enterprise=enterprise).select_related("gauge")
        }
    else:
        parameters = {parameter.pk: parameter}
    gauges: dict[str, Gauge] = {}
    for gauge in Gauge.objects.filter(enterprise=enterprise):
        gauges.setdefault(gauge.code.lower(), gauge)
        gauges[gauge.code] = gauge
    zone = timezone.get_default_timezone()
    report = ReadingsReport()
    readings, numbers, errors = report.readings, report.rows, report.errors
    fail = errors.append
    keep = readings.append
    at = numbers.append
    i_param = mapping.get("parameter")
    i_time = mapping["taken_at"]
    i_sub = mapping.get("subgroup")
    i_value = mapping.get("value")
    i_count = mapping.get("count")
    i_size = mapping.get("sample_size")
    i_oper = mapping.get("operator")
    i_gauge = mapping.get("gauge")
    i_note = mapping.get("note")
    width = max(mapping.values()) + 1
    only = None if wide else parameter
    msg_param = _("Enter the id of one of this enterprise's parameters.")
    msg_other = _("This file is for parameter %(id)s only.") % {"id": getattr(only, "pk", "")}
    msg_time = _('Enter a date and time such as "2026-01-05 08:00" or ISO 8601.')
    msg_value = _("Enter a number.")
    msg_whole = _("Enter a whole number.")
    msg_required = _("This value is required.")
    msg_gauge = _("Unknown gauge code %(code)s.")
    new = ReadingInput
    fromisoformat = dt.datetime.fromisoformat
    parse_float, parse_int = _parse_float, _parse_int
    attribute = {p.pk: p.is_attribute for p in parameters.values()}
    only_attribute = attribute.get(getattr(only, "pk", None), False)
    for number, raw in enumerate(rows, start=2):
        if len(raw) < width:
            if not any(raw):
                continue
            raw = [*raw, *([""] * (width - len(raw)))]
        elif not raw[i_time] and not any(raw):
            continue
        if number > MAX_ROWS + 1:
            raise ImportFileError(
                _("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS}
            )
        bad = False
        if only is None:
            text = raw[i_param].strip()
            target = parameters.get(int(text)) if text.isdigit() else None
            if target is None:
                fail(RowError(number, "parameter", msg_param))
                bad = True
        else:
            target = only
            if i_param is not None:
                text = raw[i_param].strip()
                if text and text != str(only.pk):
                    fail(RowError(number, "parameter", msg_other))
                    bad = True
        text = raw[i_time]
        try:
            taken_at = fromisoformat(text)
        except ValueError:
            text = text.strip()
            try:
                taken_at = fromisoformat(text)
            except ValueError:
                taken_at = _parse_time(text) if text else None
        if taken_at is None:
            fail(RowError(number, "taken_at", msg_time if text else msg_required))
            bad = True
        elif taken_at.tzinfo is None:
            taken_at = taken_at.replace(tzinfo=zone)
        value = count = size = None
        if i_value is not None:
            try:
                value = float(raw[i_value])  # the common case; float() ignores spaces itself
            except ValueError:
                text = raw[i_value].strip()
                if text:
                    value = parse_float(text)
                    if value is None:
                        fail(RowError(number, "value", msg_value))
                        bad = True
        if i_count is not None:
            text = raw[i_count].strip()
            if text:
                count = parse_int(text)
                if count is None:
                    fail(RowError(number, "count", msg_whole))
                    bad = True
        if i_size is not None:
            text = raw[i_size].strip()
            if text:
                size = parse_int(text)
                if size is None:
                    fail(RowError(number, "sample_size", msg_whole))
                    bad = True
        if target is not None and not bad:
            # The measured column the parameter needs must be filled (the service says so too,
            # but "required" reads better than "enter a finite number" for an empty cell).
            if only_attribute if only is not None else attribute[target.pk]:
                if count is None:
                    fail(RowError(number, "count", msg_required))
                    bad = True
            elif value is None:
                fail(RowError(number, "value", msg_required))
                bad = True
        gauge = None
        if i_gauge is not None:
            text = raw[i_gauge].strip()
            if text:
                gauge = gauges.get(text) or gauges.get(text.lower())
                if gauge is None:
                    fail(RowError(number, "gauge", msg_gauge % {"code": text}))
                    bad = True
        if bad:
            continue
        keep(
            new(
                target,
                taken_at,
                value,
                count,
                size,
                (raw[i_sub].strip() or None) if i_sub is not None else None,
                raw[i_oper].strip() if i_oper is not None else "",
                gauge,
                raw[i_note].strip() if i_note is not None else "",
            )
        )
        at(number)
    if not readings and not errors:
        raise ImportFileError(_("The file has a header but no data rows."))
    if readings and (check or errors):
        for error in check_readings(enterprise=enterprise, readings=readings):
            fail(_row_error(error, numbers))
    if errors:
        order = list(COLUMNS)
        errors.sort(key=lambda e: (e.row, order.index(e.column) if e.column in order else 99))
        report.readings, report.rows = [], []
    return report


def _row_error(error, numbers: list[int]) -> RowError:
    return RowError(numbers[error.index], FIELD_COLUMN.get(error.field, error.field), error.message)


def import_readings(
    *,
    actor,
    enterprise: Enterprise,
    content: bytes,
    filename: str,
    parameter: Parameter | None = None,
) -> tuple[ReadingsReport, BatchResult | None]:
    """Check the file and, when every row is good, record all its readings as one batch.
    Returns the report (its `errors` list every bad row) and the batch result (None when
    nothing was saved). Raises ImportFileError for problems with the file as a whole."""
    require(actor, "measurement.create", [enterprise.organization_id])
    report = parse_readings(
        content, filename, enterprise=enterprise, parameter=parameter, check=False
    )
    if not report.ok:
        return report, None
    try:
        result = record_readings(
            actor=actor,
            enterprise=enterprise,
            readings=report.readings,
            source=MeasurementSource.IMPORT,
            filename=filename,
        )
    except ReadingsInvalid as exc:  # changed between the check and the write (rare)
        report.errors = [_row_error(e, report.rows) for e in exc.reading_errors]
        report.readings, report.rows = [], []
        return report, None
    return report, result
