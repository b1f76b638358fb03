"""The nonconformity register (不合格登记表) as XLSX and as an A4 landscape PDF.

Columns: number, detected on, title, source, process, clause, severity, status, root cause
category, actions open/total, closed on. The caller passes an already scoped and filtered
queryset (its order is kept); the action counts are added here in the same query.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from qualift.improvement.choices import ACTION_OPEN
from qualift.improvement.models import Nonconformity
from qualift.reports.pdf import render_pdf
from qualift.reports.table import Column, RegisterTable, enterprise_label, local_date, to_xlsx


def _annotated(queryset: QuerySet[Nonconformity]) -> QuerySet[Nonconformity]:
    return queryset.select_related("clause", "enterprise").annotate(
        report_actions=Count("actions", distinct=True),
        report_open=Count("actions", filter=Q(actions__status__in=ACTION_OPEN), distinct=True),
    )


def _rows(queryset) -> tuple[list[Nonconformity], object]:
    ncs = list(_annotated(queryset))
    return ncs, (ncs[0].enterprise if ncs else None)


def _table(ncs: list[Nonconformity], enterprise) -> RegisterTable:
    columns = [
        Column(_("Number"), 13),
        Column(_("Detected on"), 11),
        Column(_("Title"), 40),
        Column(_("Source"), 18),
        Column(_("Process"), 18),
        Column(_("Clause"), 8),
        Column(_("Severity"), 9),
        Column(_("Status"), 12),
        Column(_("Root cause category"), 16),
        Column(_("Open actions"), 8),
        Column(_("Actions"), 8),
        Column(_("Closed on"), 11),
    ]
    rows = [
        [
            nc.number,
            nc.detected_on,
            nc.title,
            nc.get_source_display(),
            nc.process_name,
            nc.clause.number if nc.clause_id else "",
            nc.get_severity_display(),
            nc.get_status_display(),
            nc.get_root_cause_category_display() if nc.root_cause_category else "",
            nc.report_open,
            nc.report_actions,
            local_date(nc.closed_at),
        ]
        for nc in ncs
    ]
    return RegisterTable(
        title=_("Nonconformity register"),
        sheet=_("Nonconformities"),
        enterprise=enterprise_label(enterprise),
        columns=columns,
        rows=rows,
    )


def nc_register_xlsx(
    queryset: QuerySet[Nonconformity], *, enterprise=None, language: str | None = None
) -> bytes:
    """The register as an Excel workbook (one sheet); labels in `language` (default: active)."""
    with translation.override(language or translation.get_language()):
        ncs, first = _rows(queryset)
        return to_xlsx(_table(ncs, enterprise or first))


def nc_register_pdf(enterprise, queryset: QuerySet[Nonconformity], language: str | None) -> bytes:
    """The register as an A4 landscape PDF in `language` (default: active)."""
    with translation.override(language or translation.get_language()):
        ncs, _first = _rows(queryset)
        table = _table(ncs, enterprise)
        context = {
            "table": table,
            "enterprise": enterprise,
            "ncs": ncs,
            "open_count": sum(1 for nc in ncs if nc.status not in ("closed", "cancelled")),
        }
        return render_pdf("reports/nc_register.html", context)
