"""Writing the enterprise list to CSV or XLSX, with formula-injection-safe text cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from qualift.enterprises.models import Enterprise

EXPORT_COLUMNS = (
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
    "size_miit",
    "size_eu",
)
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value: str) -> str:
    """Prefix a quote so spreadsheet programs never read the text as a formula (OWASP CSV
    injection guidance)."""
    if value and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def export_rows(enterprises: Iterable[Enterprise]) -> Iterable[list]:
    yield list(EXPORT_COLUMNS)
    for e in enterprises:
        codes = ";".join(c.code for c in e.iaf_codes.all())
        yield [
            safe_text(e.name),
            safe_text(e.name_en),
            e.uscc,
            e.region.code,
            safe_text(e.address),
            e.miit_industry,
            e.gbt4754_division,
            codes,
            e.employees,
            float(e.revenue) if e.revenue is not None else None,
            float(e.total_assets) if e.total_assets is not None else None,
            safe_text(e.legal_representative),
            safe_text(e.steward_name),
            safe_text(e.steward_phone),
            safe_text(e.steward_email),
            e.size_miit,
            e.size_eu,
        ]


def to_csv(enterprises: Iterable[Enterprise]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in export_rows(enterprises):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(enterprises: Iterable[Enterprise]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("enterprises")
    for row in export_rows(enterprises):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_queryset(queryset):
    return queryset.select_related("region").prefetch_related("iaf_codes").order_by("name", "pk")
