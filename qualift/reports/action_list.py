"""The corrective action list (纠正措施清单) as XLSX and as an A4 landscape PDF.

Columns: NC number, kind, action, owner, due, status, completed, effective (and, in the
workbook, whether it is overdue). The caller passes an already scoped and filtered queryset.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualift.improvement.choices import ACTION_OPEN
from qualift.improvement.models import CorrectiveAction
from qualift.reports.pdf import render_pdf
from qualift.reports.table import Column, RegisterTable, enterprise_label, to_xlsx, yes_no


def _rows(queryset, today: dt.date) -> tuple[list[CorrectiveAction], object]:
    actions = list(queryset.select_related("nonconformity", "enterprise"))
    for action in actions:
        action.report_overdue = action.status in ACTION_OPEN and action.due_on < today
    return actions, (actions[0].enterprise if actions else None)


def _table(actions: list[CorrectiveAction], enterprise, *, with_overdue: bool) -> RegisterTable:
    columns = [
        Column(_("Nonconformity"), 13),
        Column(_("Kind"), 16),
        Column(_("Action"), 44),
        Column(_("Owner"), 14),
        Column(_("Due"), 11),
        Column(_("Status"), 12),
        Column(_("Completed"), 11),
        Column(_("Effective"), 9),
    ]
    rows = [
        [
            a.nonconformity.number if a.nonconformity_id else "",
            a.get_kind_display(),
            a.title,
            a.owner_name,
            a.due_on,
            a.get_status_display(),
            a.completed_on,
            yes_no(a.effective),
        ]
        for a in actions
    ]
    if with_overdue:
        columns.append(Column(_("Overdue"), 9))
        for row, action in zip(rows, actions, strict=True):
            row.append(_("Yes") if action.report_overdue else "")
    return RegisterTable(
        title=_("Corrective action list"),
        sheet=_("Actions"),
        enterprise=enterprise_label(enterprise),
        columns=columns,
        rows=rows,
    )


def action_list_xlsx(
    queryset: QuerySet[CorrectiveAction],
    *,
    enterprise=None,
    language: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The action list as an Excel workbook; labels in `language` (default: active)."""
    today = today or timezone.localdate()
    with translation.override(language or translation.get_language()):
        actions, first = _rows(queryset, today)
        return to_xlsx(_table(actions, enterprise or first, with_overdue=True))


def action_list_pdf(
    enterprise,
    queryset: QuerySet[CorrectiveAction],
    language: str | None,
    *,
    today: dt.date | None = None,
) -> bytes:
    """The action list as an A4 landscape PDF in `language`; overdue actions are marked."""
    today = today or timezone.localdate()
    with translation.override(language or translation.get_language()):
        actions, _first = _rows(queryset, today)
        table = _table(actions, enterprise, with_overdue=False)
        context = {
            "table": table,
            "enterprise": enterprise,
            "actions": actions,
            "overdue_count": sum(1 for a in actions if a.report_overdue),
        }
        return render_pdf("reports/action_list.html", context)
