"""The audit programme from dates (programme.py). Dates are worked by hand from the rules in
ISO/IEC 17021-1 §9.1.3 (first surveillance within 12 months of the decision, then at least once
per calendar year) and CNCA-QMS-01:2025 (first within 12 months of issue, then every 12 months),
with the numbers of qualift.certification.rulesets."""

from __future__ import annotations

import datetime as dt

from qualift.certification.programme import Due, expiry_for, period_end, schedule
from qualift.certification.rulesets import rule_set

D = dt.date
ISO = rule_set("iso17021")
CNCA = rule_set("cnca2026")


def test_period_end_is_the_day_before_the_anniversary():
    assert period_end(D(2025, 3, 10), 12) == D(2026, 3, 9)
    # 29 Feb has no anniversary in 2025: the 12 months end on 28 Feb (not the 27th).
    assert period_end(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert period_end(D(2025, 1, 1), 12) == D(2025, 12, 31)


def test_expiry_is_three_years_less_a_day():
    assert expiry_for(ISO, D(2025, 3, 10)) == D(2028, 3, 9)
    assert expiry_for(ISO, D(2024, 2, 29)) == D(2027, 2, 28)


def test_iso_schedule_on_time():
    # Decision and issue 2025-03-10 → expiry 2028-03-09.
    # S1 by 2026-03-09 (window opens 3 months earlier: 2025-12-09).
    # S2 by 31 Dec of the year after S1's (2026) → 2027-12-31, window from 2027-09-30.
    # Recertification from expiry − 6 months (2027-09-09) to expiry − 30 days (2028-02-08).
    dues = schedule(ISO, decision_on=D(2025, 3, 10), issued_on=D(2025, 3, 10), done={})
    assert dues == [
        Due("surveillance", 1, D(2025, 12, 9), D(2026, 3, 9)),
        Due("surveillance", 2, D(2027, 9, 30), D(2027, 12, 31)),
        Due("recertification", 1, D(2027, 9, 9), D(2028, 2, 8)),
    ]


def test_iso_schedule_year_end_decision_and_early_s1_adds_a_year():
    # Decision 2025-12-31: S1 by 2026-12-30 (window from 2026-09-30).
    dues = schedule(ISO, decision_on=D(2025, 12, 31), issued_on=D(2025, 12, 31))
    assert dues[0] == Due("surveillance", 1, D(2026, 9, 30), D(2026, 12, 30))
    # S2 by 2027-12-31; recertification by 2028-11-30 (expiry 2028-12-30 − 30 days).
    assert dues[1].due_by == D(2027, 12, 31)
    assert dues[-1] == Due("recertification", 1, D(2028, 6, 30), D(2028, 11, 30))
    assert len(dues) == 3
    # Held early (2025-11-20 for a 2025-03-10 decision), S2 falls in 2026 and 2027 would have
    # no surveillance: a third is due by 2027-12-31 (the recertification year 2028 needs none).
    early = schedule(
        ISO, decision_on=D(2025, 3, 10), issued_on=D(2025, 3, 10), done={1: D(2025, 11, 20)}
    )
    assert [d.due_by for d in early if d.kind == "surveillance"] == [
        D(2026, 3, 9),
        D(2026, 12, 31),
        D(2027, 12, 31),
    ]


def test_iso_leap_day_decision():
    dues = schedule(ISO, decision_on=D(2024, 2, 29), issued_on=D(2024, 2, 29))
    assert dues[0].due_by == D(2025, 2, 28)
    assert dues[0].due_from == D(2024, 11, 28)
    # expiry 2027-02-28; recertification by 2027-01-29, from 2026-08-28.
    assert dues[-1] == Due("recertification", 1, D(2026, 8, 28), D(2027, 1, 29))


def test_window_never_opens_before_the_anchor():
    # An anchor less than 3 months before the due date is impossible for 12 months, so check
    # the rule on the recertification-capped S2 instead: due_from is never before the decision.
    dues = schedule(ISO, decision_on=D(2025, 3, 10), issued_on=D(2025, 3, 10))
    assert all(d.due_from >= D(2025, 3, 10) for d in dues)


def test_cnca_schedule_anchored_on_issue_and_spaced_from_the_last_held():
    # Decided 2026-01-05, issued 2026-01-15 → expiry 2029-01-14.
    # S1 by 2027-01-14 (12 months from issue, not decision); S2 = S1 due + 12 months.
    dues = schedule(CNCA, decision_on=D(2026, 1, 5), issued_on=D(2026, 1, 15))
    assert dues == [
        Due("surveillance", 1, D(2026, 10, 14), D(2027, 1, 14)),
        Due("surveillance", 2, D(2027, 10, 14), D(2028, 1, 14)),
        Due("recertification", 1, D(2028, 7, 14), D(2028, 12, 15)),
    ]


def test_cnca_late_s1_moves_s2():
    # S1 held late on 2027-03-01 → S2 due 12 months after that: 2028-03-01.
    dues = schedule(
        CNCA, decision_on=D(2026, 1, 5), issued_on=D(2026, 1, 15), done={1: D(2027, 3, 1)}
    )
    assert dues[1] == Due("surveillance", 2, D(2027, 12, 1), D(2028, 3, 1))
    assert len(dues) == 3


def test_cnca_early_s1_needs_a_third_surveillance():
    # S1 held early on 2026-06-01 → S2 by 2027-06-01 → S3 by 2028-06-01, which is before the
    # recertification window opens (2028-07-14), so a third surveillance is in the programme.
    dues = schedule(
        CNCA, decision_on=D(2026, 1, 5), issued_on=D(2026, 1, 15), done={1: D(2026, 6, 1)}
    )
    assert [(d.kind, d.sequence, d.due_by) for d in dues] == [
        ("surveillance", 1, D(2027, 1, 14)),
        ("surveillance", 2, D(2027, 6, 1)),
        ("surveillance", 3, D(2028, 6, 1)),
        ("recertification", 1, D(2028, 12, 15)),
    ]


def test_no_schedule_before_a_decision():
    assert schedule(ISO, decision_on=None, issued_on=None) == []
