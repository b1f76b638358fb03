"""Enterprise size classification against the published thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qualift.enterprises.sizing import (
    MIIT_ROWS,
    SIZES,
    MissingIndicator,
    SizeResult,
    classify_eu2003,
    classify_miit2011,
    miit_row,
)

# DOMAIN.md §7, copied by hand from MIIT 2011 (工信部联企业〔2011〕300号) so the module's table is
# checked against an independent transcription: row -> (slug, {indicator: (SME ceiling,
# medium minimum, small minimum)}). Revenue and assets in 10,000 CNY.
TABLE = {
    1: ("agriculture", {"revenue": (20000, 500, 50)}),
    2: ("industry", {"employees": (1000, 300, 20), "revenue": (40000, 2000, 300)}),
    3: ("construction", {"revenue": (80000, 6000, 300), "assets": (80000, 5000, 300)}),
    4: ("wholesale", {"employees": (200, 20, 5), "revenue": (40000, 5000, 1000)}),
    5: ("retail", {"employees": (300, 50, 10), "revenue": (20000, 500, 100)}),
    6: ("transport", {"employees": (1000, 300, 20), "revenue": (30000, 3000, 200)}),
    7: ("warehousing", {"employees": (200, 100, 20), "revenue": (30000, 1000, 100)}),
    8: ("postal", {"employees": (1000, 300, 20), "revenue": (30000, 2000, 100)}),
    9: ("accommodation", {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)}),
    10: ("catering", {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)}),
    11: (
        "information-transmission",
        {"employees": (2000, 100, 10), "revenue": (100000, 1000, 100)},
    ),
    12: ("software-it", {"employees": (300, 100, 10), "revenue": (10000, 1000, 50)}),
    13: (
        "real-estate-development",
        {"revenue": (200000, 1000, 100), "assets": (10000, 5000, 2000)},
    ),
    14: ("property-management", {"employees": (1000, 300, 100), "revenue": (5000, 1000, 500)}),
    15: (
        "leasing-business-services",
        {"employees": (300, 100, 10), "assets": (120000, 8000, 100)},
    ),
    16: ("other", {"employees": (300, 100, 10)}),
}
TIER = {"sme": 0, "medium": 1, "small": 2}
# What a row lands on when every indicator sits at a tier's bound, and when one drops below it.
AT_BOUND = {"sme": "large", "medium": "medium", "small": "small"}
BELOW_BOUND = {"sme": "medium", "medium": "small", "small": "micro"}


def _just_below(name: str, bound: int):
    return bound - 1 if name == "employees" else Decimal(bound) - Decimal("0.01")


def _at(number: int, tier: str) -> dict:
    return {name: bounds[TIER[tier]] for name, bounds in TABLE[number][1].items()}


BOUNDARY_CASES = [
    (number, tier, name)
    for number, (_, indicators) in TABLE.items()
    for tier in TIER
    for name in indicators
]


def test_table_matches_the_published_rows():
    """MIIT 2011 (工信部联企业〔2011〕300号): 16 rows with these indicators and thresholds."""
    assert [row.number for row in MIIT_ROWS] == list(range(1, 17))
    for row in MIIT_ROWS:
        slug, indicators = TABLE[row.number]
        assert row.slug == slug
        assert row.indicators == tuple(indicators)
        for name, (sme, medium, small) in indicators.items():
            assert (row.sme_below[name], row.medium_min[name], row.small_min[name]) == (
                sme,
                medium,
                small,
            )
        assert row.name_en and row.name_zh


def test_chinese_names_follow_the_notice():
    """MIIT 2011 (工信部联企业〔2011〕300号) industry names."""
    assert [row.name_zh for row in MIIT_ROWS] == [
        "农、林、牧、渔业",
        "工业",
        "建筑业",
        "批发业",
        "零售业",
        "交通运输业",
        "仓储业",
        "邮政业",
        "住宿业",
        "餐饮业",
        "信息传输业",
        "软件和信息技术服务业",
        "房地产开发经营",
        "物业管理",
        "租赁和商务服务业",
        "其他未列明行业",
    ]


@pytest.mark.parametrize("number", list(TABLE))
@pytest.mark.parametrize("tier", list(TIER))
def test_all_indicators_at_a_bound(number, tier):
    """MIIT 2011 (工信部联企业〔2011〕300号): "X及以上" includes the bound itself."""
    result = classify_miit2011(number, **_at(number, tier))
    assert result.size == AT_BOUND[tier]


@pytest.mark.parametrize(("number", "tier", "name"), BOUNDARY_CASES)
def test_one_indicator_just_below_a_bound(number, tier, name):
    """MIIT 2011 (工信部联企业〔2011〕300号): one indicator below a bound drops a class.

    Large needs every indicator at or above the SME ceiling; medium and small need every indicator
    at or above their minimum; so missing one bound by a unit is enough to fall one class.
    """
    values = _at(number, tier)
    bound = values[name]
    values[name] = _just_below(name, bound)
    result = classify_miit2011(number, **values)
    assert result.size == BELOW_BOUND[tier]
    label = {"sme": "SME ceiling", "medium": "medium minimum", "small": "small minimum"}[tier]
    assert f"{name} {values[name]} < {bound} ({label})" in result.reason


@pytest.mark.parametrize("number", list(TABLE))
def test_zero_is_micro(number):
    """MIIT 2011 (工信部联企业〔2011〕300号): below every small minimum is micro."""
    values = {name: 0 for name in TABLE[number][1]}
    assert classify_miit2011(number, **values).size == "micro"


def test_either_indicator_keeps_an_enterprise_small():
    """MIIT 2011 (工信部联企业〔2011〕300号), industry: 500 staff but revenue 10 million CNY.

    Staff alone would make it medium; revenue 1,000 (10,000 CNY) is below the medium minimum of
    2,000, and medium needs both, so it is small.
    """
    result = classify_miit2011(2, employees=500, revenue=1000)
    assert result == SizeResult(
        "miit2011",
        "small",
        "industry (row 2): revenue 1000 < 2000 (medium minimum); "
        "employees 500 ≥ 20 and revenue 1000 ≥ 300 (small minimum) → small",
    )


def test_large_needs_both_indicators():
    """MIIT 2011 (工信部联企业〔2011〕300号): an enterprise is an SME if either is below."""
    assert classify_miit2011("industry", employees=5000, revenue=39999).size == "medium"
    assert classify_miit2011("industry", employees=999, revenue=10**6).size == "medium"
    result = classify_miit2011("industry", employees=1000, revenue=40000)
    assert result.size == "large"
    assert result.reason == (
        "industry (row 2): employees 1000 ≥ 1000 and revenue 40000 ≥ 40000 (SME ceiling) → large"
    )


def test_micro_reason_names_the_decisive_comparison():
    """MIIT 2011 (工信部联企业〔2011〕300号): under 20 staff is a micro industrial enterprise."""
    result = classify_miit2011(2, employees=15, revenue=5000)
    assert result.size == "micro"
    assert result.reason == "industry (row 2): employees 15 < 20 (small minimum) → micro"


def test_medium_reason_says_why_not_large():
    """MIIT 2011 (工信部联企业〔2011〕300号), retail: 60 staff, revenue 25 million CNY."""
    result = classify_miit2011("retail", employees=60, revenue=2500)
    assert result.size == "medium"
    assert result.reason == (
        "retail (row 5): employees 60 < 300 and revenue 2500 < 20000 (SME ceiling); "
        "employees 60 ≥ 50 and revenue 2500 ≥ 500 (medium minimum) → medium"
    )


def test_single_indicator_rows():
    """MIIT 2011 (工信部联企业〔2011〕300号): agriculture uses revenue, "other" uses staff only."""
    assert classify_miit2011(1, revenue=49).size == "micro"
    assert classify_miit2011(1, revenue=50).size == "small"
    assert classify_miit2011(1, revenue=500).size == "medium"
    assert classify_miit2011(1, revenue=20000).size == "large"
    assert classify_miit2011(16, employees=9).size == "micro"
    assert classify_miit2011(16, employees=300).size == "large"


def test_extra_indicators_are_ignored():
    """MIIT 2011 (工信部联企业〔2011〕300号): only the row's own indicators count."""
    plain = classify_miit2011("agriculture", revenue=60)
    extra = classify_miit2011("agriculture", revenue=60, employees=0, assets=10**9)
    assert plain == extra
    assert plain.size == "small"


def test_decimal_float_and_fractional_revenue():
    """MIIT 2011 (工信部联企业〔2011〕300号), software and IT: small from revenue 50."""
    assert classify_miit2011(12, employees=10, revenue=Decimal("49.99")).size == "micro"
    assert classify_miit2011(12, employees=10, revenue=49.99).size == "micro"
    assert classify_miit2011(12, employees=10, revenue=50.0).size == "small"
    reason = classify_miit2011(12, employees=10, revenue=Decimal("49.50")).reason
    assert "revenue 49.5 < 50 (small minimum)" in reason


def test_missing_indicator():
    """MIIT 2011 (工信部联企业〔2011〕300号): industry needs both staff and revenue."""
    with pytest.raises(MissingIndicator) as caught:
        classify_miit2011(2, employees=15)
    assert caught.value.indicators == ("revenue",)
    assert str(caught.value) == (
        "industry row 2 (industry) needs employees and revenue; missing: revenue"
    )
    with pytest.raises(MissingIndicator) as caught:
        classify_miit2011("construction")
    assert caught.value.indicators == ("revenue", "assets")
    assert isinstance(caught.value, ValueError)


def test_negative_values_are_rejected():
    """MIIT 2011 (工信部联企业〔2011〕300号) figures are counts and amounts, never negative."""
    with pytest.raises(ValueError, match="employees must not be negative"):
        classify_miit2011(2, employees=-1, revenue=100)
    with pytest.raises(ValueError, match="revenue must not be negative"):
        classify_miit2011(2, employees=1, revenue=Decimal("-0.01"))
    with pytest.raises(ValueError, match="finite"):
        classify_miit2011(2, employees=1, revenue=float("nan"))


@pytest.mark.parametrize("key", [0, 17, "17", "x", "", "mining", 2.0, None])
def test_unknown_row(key):
    """MIIT 2011 (工信部联企业〔2011〕300号) has rows 1-16 only."""
    with pytest.raises(ValueError, match=r"unknown industry row .*; use 1-16 or one of: "):
        miit_row(key)


@pytest.mark.parametrize(
    ("key", "number"),
    [(2, 2), ("2", 2), (" 16 ", 16), ("industry", 2), ("Software-IT", 12), ("other", 16)],
)
def test_row_lookup(key, number):
    """MIIT 2011 (工信部联企业〔2011〕300号) rows by number, numeric string or slug."""
    assert miit_row(key).number == number


def test_slugs_are_unique_and_lookup_round_trips():
    """MIIT 2011 (工信部联企业〔2011〕300号): each row is reachable by its slug."""
    assert len({row.slug for row in MIIT_ROWS}) == 16
    for row in MIIT_ROWS:
        assert miit_row(row.slug) is row
        assert miit_row(str(row.number)) is row


def test_size_result_to_dict():
    result = classify_miit2011(16, employees=5)
    assert result.to_dict() == {"scheme": "miit2011", "size": "micro", "reason": result.reason}
    assert SIZES == ("micro", "small", "medium", "large")


# --- EU -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "size"),
    [
        (9, 2_000_000, None, "micro"),
        (10, 2_000_000, None, "small"),
        (9, 2_000_001, None, "small"),
        (9, None, 2_000_000, "micro"),
        (9, 5_000_000, 2_000_000, "micro"),
        (9, 2_000_001, 2_000_001, "small"),
        (49, 10_000_000, None, "small"),
        (50, 10_000_000, None, "medium"),
        (49, 10_000_001, 10_000_001, "medium"),
        (249, 50_000_000, None, "medium"),
        (250, 1, 1, "large"),
        (249, 50_000_001, None, "large"),
        (249, None, 43_000_000, "medium"),
        (249, 60_000_000, 43_000_000, "medium"),
        (249, 60_000_000, 43_000_001, "large"),
        (0, 0, None, "micro"),
    ],
)
def test_eu_boundaries(employees, turnover, balance, size):
    """Commission Recommendation 2003/361/EC, Annex Art. 2: headcount below the ceiling and
    turnover or balance sheet at or below its limit (micro 10/€2m/€2m, small 50/€10m/€10m,
    medium 250/€50m/€43m)."""
    result = classify_eu2003(employees=employees, turnover_eur=turnover, balance_sheet_eur=balance)
    assert (result.scheme, result.size) == ("eu2003", size)


def test_eu_reasons():
    """Commission Recommendation 2003/361/EC: €2m equality is still micro."""
    micro = classify_eu2003(employees=9, turnover_eur=2_000_000)
    assert micro.reason == (
        "employees 9 < 10 and turnover €2,000,000 ≤ €2,000,000 (micro ceiling) → micro"
    )
    small = classify_eu2003(employees=12, turnover_eur=Decimal("1500000.50"))
    assert small.reason == (
        "employees 12 ≥ 10 (micro ceiling); employees 12 < 50 and turnover €1,500,000.5 ≤ "
        "€10,000,000 (small ceiling) → small"
    )
    medium = classify_eu2003(employees=100, turnover_eur=60_000_000, balance_sheet_eur=40_000_000)
    assert medium.size == "medium"
    assert "balance sheet €40,000,000 ≤ €43,000,000 (medium ceiling)" in medium.reason
    large = classify_eu2003(employees=100, turnover_eur=60_000_000, balance_sheet_eur=50_000_000)
    assert large.reason == (
        "turnover €60,000,000 > €50,000,000 and balance sheet €50,000,000 > €43,000,000 "
        "(medium ceiling) → large"
    )


def test_eu_missing_indicators():
    """Commission Recommendation 2003/361/EC: headcount is mandatory, plus one financial figure."""
    with pytest.raises(MissingIndicator) as caught:
        classify_eu2003(employees=None, turnover_eur=1)
    assert caught.value.indicators == ("employees",)
    with pytest.raises(MissingIndicator) as caught:
        classify_eu2003(employees=5)
    assert caught.value.indicators == ("turnover_eur", "balance_sheet_eur")
    assert "missing: turnover_eur, balance_sheet_eur" in str(caught.value)


def test_eu_negative_values_are_rejected():
    """Commission Recommendation 2003/361/EC figures are never negative."""
    with pytest.raises(ValueError, match="balance_sheet_eur must not be negative"):
        classify_eu2003(employees=5, balance_sheet_eur=-1)
