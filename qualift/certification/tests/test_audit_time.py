"""Audit time (IAF MD 5 Table QMS 1, DOMAIN §4): the pure calculation and the CLI.

Reference numbers (band edges) are Table QMS 1 as listed in DOMAIN §4. Other expected figures are
hand-computed in the comments: table × (1 + net/100) rounded to the nearest half day (ties up).
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from qualift.certification.audit_time import (
    AuditTimeError,
    audit_time,
    parse_adjustment,
    round_half,
    table_days,
)
from qualift.core.cli import main


@pytest.fixture(autouse=True)
def _english():
    """The justification is written in the active language: these tests read the English one,
    whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


KEYS = {
    "effective_personnel",
    "table_days",
    "adjustment_pct",
    "initial_days",
    "stage1_days",
    "stage2_days",
    "surveillance_days",
    "recertification_days",
    "onsite_min_days",
    "justification",
}


@pytest.mark.parametrize(
    ("people", "days"),
    [
        (1, "1.5"),
        (5, "1.5"),
        (6, "2"),
        (10, "2"),
        (11, "2.5"),
        (45, "4"),
        (46, "5"),
        (1175, "13"),
        (1176, "14"),
        (10700, "22"),
    ],
)
def test_table_qms1_band_edges_match_iaf_md5(people, days):
    assert table_days(people) == Decimal(days)
    assert audit_time(employees=people).table_days == Decimal(days)


@pytest.mark.parametrize(
    ("people", "days"),
    [(10701, 23), (12900, 23), (12901, 24), (15100, 24), (15101, 25)],
)
def test_above_10700_each_further_2200_people_add_a_day(people, days):
    # The documented rule: last band 8501–10700 is 2200 wide; +1 day per 2200 or part beyond.
    assert table_days(people) == days
    assert "10,700" in audit_time(employees=people).justification


def test_part_time_fte_is_added_and_rounded_up_to_a_whole_person():
    # 10 + 0.4 → 11 people → band 11–15 → 2.5 days (10 alone would be 2).
    result = audit_time(employees=10, part_time_fte="0.4")
    assert result.effective_personnel == 11
    assert result.table_days == Decimal("2.5")
    assert "rounded up to 1" in result.justification


def test_shift_staff_count_as_shift_staff_over_shifts_minus_one():
    # 100 staff, 60 on 3 shifts: 40 + ceil(60 / 2) = 70 → band 66–85 → 6 days.
    result = audit_time(employees=100, shift_staff=60, shifts=3)
    assert result.effective_personnel == 70
    assert result.table_days == 6
    assert "common certification-body rule" in result.justification
    # 50 staff, 25 on 4 shifts, 2.5 FTE: 25 + ceil(25 / 3) = 9, + ceil(2.5) = 3 → 37 → 4 days.
    mixed = audit_time(employees=50, shift_staff=25, shifts=4, part_time_fte="2.5")
    assert mixed.effective_personnel == 37
    assert mixed.table_days == 4


@pytest.mark.parametrize(
    ("adjustments", "applied", "initial"),
    [
        ([(10, "two sites")], 10, "4.5"),  # 4 × 1.1 = 4.4 → 4.5
        ([(-20, "simple processes")], -20, "3.0"),  # 4 × 0.8 = 3.2 → 3.0
        ([(-40, "mature system")], -30, "3.0"),  # capped: 4 × 0.7 = 2.8 → 3.0
        ([(15, "high risk"), (-25, "single product")], -10, "3.5"),  # 4 × 0.9 = 3.6 → 3.5
        ([(-20, "a"), (-20, "b"), (10, "c")], -30, "3.0"),  # net −30: exactly the cap
    ],
)
def test_adjustments_sum_and_a_net_reduction_is_capped_at_30_pct(adjustments, applied, initial):
    result = audit_time(employees=30, adjustments=adjustments)  # 26–45 → 4 days
    assert result.adjustment_pct == applied
    assert result.initial_days == Decimal(initial)


def test_capped_reduction_is_said_in_the_justification():
    result = audit_time(employees=30, adjustments=[(-40, "mature system")])
    assert "capped at 30 %" in result.justification
    assert "mature system" in result.justification


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(11, 10), "1.0"),  # 1.1
        (Fraction(5, 4), "1.5"),  # 1.25: a tie goes up
        (Fraction(7, 4), "2.0"),  # 1.75: a tie goes up
        (Fraction(22, 10), "2.0"),  # 2.2
        (Fraction(13, 5), "2.5"),  # 2.6
    ],
)
def test_round_half_is_nearest_half_day_with_ties_up(value, expected):
    assert round_half(value) == Decimal(expected)


def test_stage_split_one_third_and_one_quarter():
    # 46 people → 5 days. 1/3: 5/3 = 1.67 → 1.5, stage 2 3.5. 1/4: 1.25 → 1.5, stage 2 3.5.
    third = audit_time(employees=46)
    assert (third.stage1_days, third.stage2_days) == (Decimal("1.5"), Decimal("3.5"))
    # 126 people → 8 days. 1/3: 2.67 → 2.5 / 5.5; 1/4: 2.0 / 6.0.
    assert audit_time(employees=126).stage1_days == Decimal("2.5")
    quarter = audit_time(employees=126, stage1_share=Fraction(1, 4))
    assert (quarter.stage1_days, quarter.stage2_days) == (Decimal("2.0"), Decimal("6.0"))
    assert quarter.stage1_days + quarter.stage2_days == quarter.initial_days


def test_surveillance_recertification_and_onsite_figures():
    # 126 people → 8 days: surveillance 8/3 = 2.67 → 2.5; recertification 16/3 = 5.33 → 5.5;
    # on site 6.4 → up to 6.5 (a minimum is rounded up).
    result = audit_time(employees=126)
    assert result.surveillance_days == Decimal("2.5")
    assert result.recertification_days == Decimal("5.5")
    assert result.onsite_min_days == Decimal("6.5")
    # 3 people → 1.5 days: surveillance 0.5, recertification 1.0, on site 1.2 → 1.5.
    small = audit_time(employees=3)
    assert (small.surveillance_days, small.recertification_days) == (Decimal("0.5"), 1)
    assert small.onsite_min_days == Decimal("1.5")


def test_as_dict_has_exactly_the_contract_keys_with_json_numbers():
    data = audit_time(employees=12).as_dict()
    assert set(data) == KEYS
    assert data["table_days"] == 2.5 and isinstance(data["initial_days"], float)
    assert isinstance(data["effective_personnel"], int)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"employees": 0}, "employees"),
        ({"employees": 10, "shift_staff": 5}, "shifts"),
        ({"employees": 10, "shifts": 3}, "shift_staff"),
        ({"employees": 10, "shift_staff": 5, "shifts": 1}, "shifts"),
        ({"employees": 10, "shift_staff": 11, "shifts": 2}, "shift_staff"),
        ({"employees": 10, "part_time_fte": "-1"}, "part_time_fte"),
        ({"employees": "ten"}, "employees"),
    ],
)
def test_bad_inputs_name_the_input(kwargs, field):
    with pytest.raises(AuditTimeError) as caught:
        audit_time(**kwargs)
    assert caught.value.field == field


def test_parse_adjustment_reads_signed_pct_and_reason():
    assert parse_adjustment("+10:two sites") == (10, "two sites")
    assert parse_adjustment("-20: simple processes ") == (-20, "simple processes")


@pytest.mark.parametrize("text", ["10:no sign", "+ten:reason", "+10", "+10:", "+101:too much", ""])
def test_parse_adjustment_rejects_malformed_text(text):
    with pytest.raises(ValueError):
        parse_adjustment(text)


def test_operator_gets_json_with_the_contract_keys(capsys):
    main(["audit-time", "--employees", "30", "--adjust=-40:mature", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert set(data) == KEYS
    assert data["adjustment_pct"] == -30 and data["initial_days"] == 3.0


def test_operator_gets_a_readable_table(capsys):
    main(["audit-time", "--employees", "12", "--part-time-fte", "1.5"])
    out = capsys.readouterr().out
    assert "Effective personnel" in out and "14" in out and "Table QMS 1" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--employees", "0"],
        ["--employees", "ten"],
        ["--employees", "10", "--adjust", "10:no sign"],
        ["--employees", "10", "--shift-staff", "5"],
        ["--employees", "10", "--shift-staff", "5", "--shifts", "1"],
        ["--employees", "10", "--shift-staff", "11", "--shifts", "2"],
    ],
)
def test_operator_gets_exit_2_for_bad_input(args, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["audit-time", *args, "--json"])
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip()
