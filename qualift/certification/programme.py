"""The audit programme of a certified cycle, from dates only (pure: no database).

`schedule()` lists the surveillance audits and the recertification audit with their due windows;
`expiry_for()` gives a certificate's last valid day. Every number comes from the `RuleSet`
(qualift.certification.rulesets); worked examples are in docs/certification-programme.md.

Periods: "within N months of D" ends on `period_end(D, N)` — the day before the same date N
months later; when that date does not exist (29 Feb, 31st) the period ends on the month's last
day instead (2024-02-29 + 12 months ends on 2025-02-28, not on the 27th).

iso17021 (ISO/IEC 17021-1 §9.1.3.3–4): S1 due by the end of 12 months from the decision; each
later surveillance at least once per calendar year — S(n+1) is due by 31 December of the year
after S(n) was held (or was due, while not held) — and never later than the recertification's
due date; at least `min_surveillances`, more while a calendar year before the recertification
year would otherwise have none.

cnca2026 (CNCA-QMS-01:2025): S1 due by the end of 12 months from the certificate's issue;
S(n+1) due `interval_months` after S(n) was held (or was due); at least `min_surveillances`, more
while the next one falls due before the recertification window opens.

Due windows: due_from = due_by − window_months, never before the anchor (the decision or issue
date). Recertification: due_from = expiry − recert_window_months, due_by = expiry −
recert_lead_days (time left for the decision before the certificate runs out).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from qualift.certification.rulesets import RuleSet

SURVEILLANCE = "surveillance"
RECERTIFICATION = "recertification"
# A guard against a rule set that would never reach its recertification.
MAX_SURVEILLANCES = 12


@dataclass(frozen=True)
class Due:
    kind: str  # "surveillance" | "recertification" (AuditKind values)
    sequence: int
    due_from: dt.date
    due_by: dt.date


def period_end(start: dt.date, months: int) -> dt.date:
    """The last day of the period of `months` months starting on `start`."""
    same_day = start + relativedelta(months=months)
    if same_day.day != start.day:  # clamped: the date does not exist in that month
        return same_day
    return same_day - dt.timedelta(days=1)


def expiry_for(rules: RuleSet, issued_on: dt.date) -> dt.date:
    """A certificate issued on `issued_on` is valid to this day inclusive."""
    return period_end(issued_on, rules.cycle_months)


def _window(rules: RuleSet, due_by: dt.date, anchor: dt.date) -> dt.date:
    return max(due_by - relativedelta(months=rules.window_months), anchor)


def recertification_due(rules: RuleSet, expires_on: dt.date) -> Due:
    return Due(
        kind=RECERTIFICATION,
        sequence=1,
        due_from=expires_on - relativedelta(months=rules.recert_window_months),
        due_by=expires_on - dt.timedelta(days=rules.recert_lead_days),
    )


def _surveillance_dues(
    rules: RuleSet, anchor: dt.date, recert: Due, done: dict[int, dt.date]
) -> list[dt.date]:
    due_bys = [period_end(anchor, rules.first_within_months)]
    while len(due_bys) < MAX_SURVEILLANCES:
        n = len(due_bys)
        held = done.get(n) or due_bys[-1]
        if rules.spacing == "calendar_year":
            nxt = min(dt.date(held.year + 1, 12, 31), recert.due_by)
            needed = nxt.year < recert.due_by.year
        else:
            nxt = held + relativedelta(months=rules.interval_months)
            needed = nxt < recert.due_from
        if n >= rules.min_surveillances and not needed:
            break
        due_bys.append(nxt)
    return due_bys


def schedule(
    rules: RuleSet,
    *,
    decision_on: dt.date | None,
    issued_on: dt.date | None,
    expires_on: dt.date | None = None,
    done: dict[int, dt.date] | None = None,
) -> list[Due]:
    """Surveillances 1..n and the recertification of a certified cycle; [] before a decision.

    `done` maps a surveillance's sequence to its actual last day (later ones are spaced from it).
    """
    if decision_on is None or issued_on is None:
        return []
    done = done or {}
    expires_on = expires_on or expiry_for(rules, issued_on)
    anchor = decision_on if rules.first_anchor == "decision" else issued_on
    recert = recertification_due(rules, expires_on)
    dues = [
        Due(SURVEILLANCE, seq, _window(rules, due_by, anchor), due_by)
        for seq, due_by in enumerate(_surveillance_dues(rules, anchor, recert, done), start=1)
    ]
    return [*dues, recert]
