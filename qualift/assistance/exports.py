"""Program exports: every plan with its measures, milestones and indicators as one workbook, and
the assisted-enterprise list a CB reports to the regulator (CSV or XLSX).

Scope (qualift.assistance.access.reach_cb_ids): the program office gets every ledger entry of
its program, a CB the entries assigned to it. Headers are in the user's language; every text
cell goes through `safe_text` so typed text is never read as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualift.assistance.access import reach_cb_ids, reach_entries
from qualift.assistance.common import division_label
from qualift.enterprises.exporting import safe_text
from qualift.programs.models import LedgerEntry, Program


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    return value


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _day(value) -> Any:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):  # an aware datetime: the local calendar day
        return timezone.localtime(value).date()
    return value


def _scoped(model, program: Program, user) -> QuerySet:
    rows = model.objects.filter(program=program)
    cbs = reach_cb_ids(program, user)
    return rows if cbs is None else rows.filter(cb_id__in=cbs)


def _sheets(program: Program, user) -> list[tuple[str, list[str], list[list]]]:
    from qualift.assistance.models import Measure, Milestone, Plan, PlanIndicator

    today = timezone.localdate()
    plans = (
        _scoped(Plan, program, user)
        .select_related("enterprise", "cb")
        .order_by("enterprise__name", "pk")
    )
    measures = _scoped(Measure, program, user).select_related(
        "enterprise", "plan", "common_issue", "cb_owner", "enterprise_owner", "issue"
    )
    milestones = _scoped(Milestone, program, user).select_related("enterprise", "plan", "measure")
    indicators = _scoped(PlanIndicator, program, user).select_related("enterprise", "plan")
    order = ("enterprise__name", "plan_id")
    return [
        (
            _("Plans"),
            [
                _("Enterprise"),
                _("USCC"),
                _("Certification body"),
                _("Plan"),
                _("Status"),
                _("Revision"),
                _("Agreed on"),
                _("Progress (%)"),
            ],
            [
                [
                    p.enterprise.name,
                    p.enterprise.uscc,
                    p.cb.name,
                    p.title,
                    p.get_status_display(),
                    p.revision,
                    _day(p.agreed_at),
                    p.progress,
                ]
                for p in plans
            ],
        ),
        (
            _("Measures"),
            [
                _("Enterprise"),
                _("Plan"),
                _("Assistance point"),
                _("Kind"),
                _("Measure"),
                _("Group measure of"),
                _("CB owner"),
                _("Enterprise owner"),
                _("Start"),
                _("Due"),
                _("Resources"),
                _("Status"),
            ],
            [
                [
                    m.enterprise.name,
                    m.plan.title,
                    m.issue.title if m.issue else "",
                    m.get_kind_display(),
                    m.title,
                    m.common_issue.title if m.common_issue else "",
                    _person(m.cb_owner),
                    _person(m.enterprise_owner),
                    m.starts_on,
                    m.due_on,
                    m.resources,
                    m.get_status_display(),
                ]
                for m in measures.order_by(*order, "starts_on", "pk")
            ],
        ),
        (
            _("Milestones"),
            [
                _("Enterprise"),
                _("Plan"),
                _("Measure"),
                _("Milestone"),
                _("Due"),
                _("Acceptance criteria"),
                _("Status"),
                _("Achieved on"),
                _("Overdue"),
                _("Evidence"),
            ],
            [
                [
                    m.enterprise.name,
                    m.plan.title,
                    m.measure.title if m.measure else "",
                    m.title,
                    m.due_on,
                    m.acceptance_criteria,
                    m.get_status_display(),
                    m.achieved_on,
                    _("yes") if m.is_overdue(today) else "",
                    m.evidence,
                ]
                for m in milestones.order_by(*order, "due_on", "pk")
            ],
        ),
        (
            _("Indicators"),
            [
                _("Enterprise"),
                _("Plan"),
                _("Indicator"),
                _("Unit"),
                _("Baseline"),
                _("Baseline date"),
                _("Target"),
                _("Direction of good"),
                _("Note"),
            ],
            [
                [
                    i.enterprise.name,
                    i.plan.title,
                    i.name,
                    i.unit,
                    float(i.baseline),
                    i.baseline_on,
                    float(i.target),
                    i.get_direction_display(),
                    i.note,
                ]
                for i in indicators.order_by(*order, "pk")
            ],
        ),
    ]


def _workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_text(v) for v in row])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(header)) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def program_workbook(program: Program, user) -> bytes:
    """XLSX with the sheets Plans, Measures, Milestones and Indicators of the program's plans in
    the user's reach (sheet names and headers in the active language)."""
    return _workbook(_sheets(program, user))


# The assisted-enterprise list: (key, header) in column order.
ASSISTED_COLUMNS = (
    ("enterprise", gettext_lazy("Enterprise")),
    ("uscc", gettext_lazy("USCC")),
    ("industry", gettext_lazy("Industry (GB/T 4754)")),
    ("region", gettext_lazy("Region")),
    ("size", gettext_lazy("Size")),
    ("cb", gettext_lazy("Certification body")),
    ("diagnosis_date", gettext_lazy("Diagnosis date")),
    ("plan_agreed", gettext_lazy("Plan agreed on")),
    ("ledger_status", gettext_lazy("Ledger status")),
    ("last_visit", gettext_lazy("Last visit")),
)


def assisted_queryset(
    program: Program, user, *, cb: int | None = None, status: str = "", q: str = ""
) -> QuerySet[LedgerEntry]:
    """The program's ledger entries in the user's reach, with the first diagnosis date, the plan's
    agreement time and the last visit date annotated (one query)."""
    from qualift.assistance.models import Diagnosis, Plan, Visit

    entries = reach_entries(program, user)
    if cb:
        entries = entries.filter(cb_id=cb)
    if status:
        entries = entries.filter(status=status)
    if q:
        entries = entries.filter(
            Q(enterprise__name__icontains=q)
            | Q(enterprise__name_en__icontains=q)
            | Q(enterprise__uscc__icontains=q)
        )
    first_diagnosis = (
        Diagnosis.objects.filter(ledger_entry=OuterRef("pk"))
        .values("ledger_entry")
        .annotate(first=Min("held_on"))
        .values("first")
    )
    last_visit = (
        Visit.objects.filter(ledger_entry=OuterRef("pk"))
        .values("ledger_entry")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    agreed = Plan.objects.filter(ledger_entry=OuterRef("pk")).values("agreed_at")[:1]
    return (
        entries.select_related("enterprise__region", "cb")
        .annotate(
            diagnosis_date=Subquery(first_diagnosis),
            last_visit=Subquery(last_visit),
            plan_agreed_at=Subquery(agreed),
        )
        .order_by("enterprise__name", "pk")
    )


def assisted_row(entry: LedgerEntry) -> dict:
    enterprise = entry.enterprise
    division = enterprise.gbt4754_division
    return {
        "entry_id": entry.pk,
        "enterprise_id": enterprise.pk,
        "enterprise": enterprise.name,
        "uscc": enterprise.uscc,
        "industry": f"{division} {division_label(division)}".strip(),
        "region": enterprise.region.name if enterprise.region_id else "",
        "size": enterprise.get_size_miit_display() if enterprise.size_miit else "",
        "cb": entry.cb.name,
        "diagnosis_date": entry.diagnosis_date,
        "plan_agreed": _day(entry.plan_agreed_at),
        "ledger_status": entry.get_status_display(),
        "last_visit": entry.last_visit,
    }


def assisted_rows(program: Program, user, **filters) -> list[dict]:
    """The assisted-enterprise list as dicts keyed by ASSISTED_COLUMNS' keys (plus entry_id and
    enterprise_id)."""
    return [assisted_row(e) for e in assisted_queryset(program, user, **filters)]


def assisted_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(header) for _key, header in ASSISTED_COLUMNS])
    for row in rows:
        writer.writerow(
            ["" if row[key] is None else _text(row[key]) for key, _header in ASSISTED_COLUMNS]
        )
    # With a BOM so spreadsheet programs read the Chinese names as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def assisted_xlsx(rows: list[dict]) -> bytes:
    headers = [str(header) for _key, header in ASSISTED_COLUMNS]
    body = [[row[key] for key, _header in ASSISTED_COLUMNS] for row in rows]
    return _workbook([(_("Assisted enterprises"), headers, body)])
