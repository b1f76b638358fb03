"""Improvement analysis, computed in the database: Pareto by clause, process, cause category and
source; monthly opened / closed / overdue; average days to close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth

from qualift.improvement.choices import CauseCategory, NcSource, NcStatus

PARETO_FIELDS = {
    "clause": "clause__number",
    "process": "process_name",
    "cause": "root_cause_category",
    "source": "source",
}


@dataclass(frozen=True)
class ParetoBar:
    key: str
    label: str
    count: int
    cumulative_pct: float


def _label(dimension: str, key: str) -> str:
    if dimension == "cause":
        return str(CauseCategory(key).label) if key in CauseCategory.values else key
    if dimension == "source":
        return str(NcSource(key).label) if key in NcSource.values else key
    return key


def pareto(ncs, dimension: str) -> list[ParetoBar]:
    """Counts per category, largest first, with the cumulative share (one GROUP BY query).
    Nonconformities without a value for the dimension are left out; cancelled ones too."""
    field = PARETO_FIELDS[dimension]
    rows = list(
        ncs.exclude(status=NcStatus.CANCELLED)
        .exclude(**{f"{field}__isnull": True})
        .exclude(**{field: ""})
        .values(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)
    )
    total = sum(r["n"] for r in rows)
    bars, running = [], 0
    for row in rows:
        running += row["n"]
        key = row[field]
        bars.append(
            ParetoBar(key, _label(dimension, key), row["n"], round(100 * running / total, 1))
        )
    return bars


def month_starts(today: dt.date, months: int = 12) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = first.year, first.month - back
        while month <= 0:
            month += 12
            year -= 1
        starts.append(dt.date(year, month, 1))
    return starts


def _month_end(start: dt.date) -> dt.date:
    nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def monthly_trend(ncs, actions, today: dt.date, months: int = 12) -> list[dict]:
    """Per month: NCs opened, NCs closed, and actions overdue at the month's end (or today)."""
    starts = month_starts(today, months)
    opened = dict(
        ncs.filter(detected_on__gte=starts[0])
        .annotate(m=TruncMonth("detected_on"))
        .values("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    closed = dict(
        ncs.filter(closed_at__isnull=False, closed_at__date__gte=starts[0])
        .annotate(m=TruncMonth("closed_at"))
        .values("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    overdue_q = {}
    for start in starts:
        end = min(_month_end(start), today)
        overdue_q[start.isoformat()] = Count(
            "pk",
            filter=Q(due_on__lt=end)
            & ~Q(status="cancelled")
            & (Q(completed_on__isnull=True) | Q(completed_on__gt=end)),
        )
    overdue = actions.aggregate(**overdue_q) if overdue_q else {}

    def month_key(value) -> dt.date | None:
        if value is None:
            return None
        return value.date().replace(day=1) if isinstance(value, dt.datetime) else value

    opened = {month_key(k): v for k, v in opened.items()}
    closed = {month_key(k): v for k, v in closed.items()}
    return [
        {
            "month": s,
            "opened": opened.get(s, 0),
            "closed": closed.get(s, 0),
            "overdue": overdue.get(s.isoformat(), 0),
        }
        for s in starts
    ]


def average_days_to_close(ncs) -> float | None:
    """Mean time from registration to closure of closed nonconformities, in days."""
    duration = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())
    result = ncs.filter(status=NcStatus.CLOSED, closed_at__isnull=False).aggregate(
        avg=Avg(duration)
    )["avg"]
    return None if result is None else round(result.total_seconds() / 86400, 1)


def action_counts(actions, today: dt.date) -> dict[str, int]:
    return actions.aggregate(
        open=Count("pk", filter=Q(status__in=("open", "in_progress"))),
        overdue=Count("pk", filter=Q(status__in=("open", "in_progress"), due_on__lt=today)),
        effectiveness_due=Count(
            "pk", filter=Q(status="done", effective__isnull=True, effectiveness_due__lte=today)
        ),
        done=Count("pk", filter=Q(status="done")),
    )


def nc_status_counts(ncs) -> dict[str, int]:
    return ncs.aggregate(**{s.value: Count("pk", filter=Q(status=s.value)) for s in NcStatus})
