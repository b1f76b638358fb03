"""Enterprise size classification: China MIIT 2011 and EU Recommendation 2003/361/EC.

MIIT 2011 (工信部联企业〔2011〕300号, 《中小企业划型标准规定》): revenue and assets are in
10,000 CNY (万元). "X以下" in the notice is ``< X`` and "X及以上" is ``>= X``. An enterprise is
large only if all of its row's indicators are at or above the SME ceiling; within SMEs, medium and
small need all indicators at or above the lower bound; otherwise micro.

EU 2003/361/EC: headcount is mandatory; then turnover or balance-sheet total, either one sufficing.

Pure module: no Django imports; the thresholds live here as data so they can be shown and tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SIZES = ("micro", "small", "medium", "large")
INDICATORS = ("employees", "revenue", "assets", "turnover_eur", "balance_sheet_eur")

Number = Decimal | float | int


@dataclass(frozen=True)
class SizeResult:
    """A size class with the scheme that produced it and the comparison that decided it."""

    scheme: str
    size: str
    reason: str

    def to_dict(self) -> dict:
        return {"scheme": self.scheme, "size": self.size, "reason": self.reason}


class MissingIndicator(ValueError):
    """An indicator the scheme needs was not given; ``indicators`` names the missing ones."""

    def __init__(self, message: str, indicators: tuple[str, ...]) -> None:
        super().__init__(message)
        self.indicators = indicators


@dataclass(frozen=True)
class MiitRow:
    """One industry row of the MIIT 2011 table; thresholds keyed by indicator name."""

    number: int
    slug: str
    name_en: str
    name_zh: str
    indicators: tuple[str, ...]
    sme_below: dict
    medium_min: dict
    small_min: dict


def _row(
    number: int,
    slug: str,
    name_en: str,
    name_zh: str,
    indicators: tuple[str, ...],
    sme_below: tuple[int, ...],
    medium_min: tuple[int, ...],
    small_min: tuple[int, ...],
) -> MiitRow:
    return MiitRow(
        number=number,
        slug=slug,
        name_en=name_en,
        name_zh=name_zh,
        indicators=indicators,
        sme_below=dict(zip(indicators, sme_below, strict=True)),
        medium_min=dict(zip(indicators, medium_min, strict=True)),
        small_min=dict(zip(indicators, small_min, strict=True)),
    )


_ER = ("employees", "revenue")
_RA = ("revenue", "assets")

# Columns: SME if below (either), medium at or above (all), small at or above (all).
MIIT_ROWS: tuple[MiitRow, ...] = (
    _row(
        1,
        "agriculture",
        "Agriculture, forestry, animal husbandry, fishery",
        "农、林、牧、渔业",
        ("revenue",),
        (20000,),
        (500,),
        (50,),
    ),
    _row(
        2,
        "industry",
        "Industry (mining, manufacturing, utilities)",
        "工业",
        _ER,
        (1000, 40000),
        (300, 2000),
        (20, 300),
    ),
    _row(
        3, "construction", "Construction", "建筑业", _RA, (80000, 80000), (6000, 5000), (300, 300)
    ),
    _row(4, "wholesale", "Wholesale", "批发业", _ER, (200, 40000), (20, 5000), (5, 1000)),
    _row(5, "retail", "Retail", "零售业", _ER, (300, 20000), (50, 500), (10, 100)),
    _row(
        6,
        "transport",
        "Transport (excluding rail)",
        "交通运输业",
        _ER,
        (1000, 30000),
        (300, 3000),
        (20, 200),
    ),
    _row(7, "warehousing", "Warehousing", "仓储业", _ER, (200, 30000), (100, 1000), (20, 100)),
    _row(8, "postal", "Postal services", "邮政业", _ER, (1000, 30000), (300, 2000), (20, 100)),
    _row(9, "accommodation", "Accommodation", "住宿业", _ER, (300, 10000), (100, 2000), (10, 100)),
    _row(10, "catering", "Catering", "餐饮业", _ER, (300, 10000), (100, 2000), (10, 100)),
    _row(
        11,
        "information-transmission",
        "Information transmission",
        "信息传输业",
        _ER,
        (2000, 100000),
        (100, 1000),
        (10, 100),
    ),
    _row(
        12,
        "software-it",
        "Software and information technology services",
        "软件和信息技术服务业",
        _ER,
        (300, 10000),
        (100, 1000),
        (10, 50),
    ),
    _row(
        13,
        "real-estate-development",
        "Real-estate development",
        "房地产开发经营",
        _RA,
        (200000, 10000),
        (1000, 5000),
        (100, 2000),
    ),
    _row(
        14,
        "property-management",
        "Property management",
        "物业管理",
        _ER,
        (1000, 5000),
        (300, 1000),
        (100, 500),
    ),
    _row(
        15,
        "leasing-business-services",
        "Leasing and business services",
        "租赁和商务服务业",
        ("employees", "assets"),
        (300, 120000),
        (100, 8000),
        (10, 100),
    ),
    _row(
        16,
        "other",
        "Other industries not listed",
        "其他未列明行业",
        ("employees",),
        (300,),
        (100,),
        (10,),
    ),
)

_BY_NUMBER = {row.number: row for row in MIIT_ROWS}
_BY_SLUG = {row.slug: row for row in MIIT_ROWS}


def miit_row(key: int | str) -> MiitRow:
    """Look a row up by number (1-16, int or string) or slug."""
    row: MiitRow | None = None
    if isinstance(key, int) and not isinstance(key, bool):
        row = _BY_NUMBER.get(key)
    elif isinstance(key, str):
        text = key.strip()
        row = _BY_NUMBER.get(int(text)) if text.isdigit() else _BY_SLUG.get(text.lower())
    if row is None:
        raise ValueError(f"unknown industry row {key!r}; use 1-16 or one of: {', '.join(_BY_SLUG)}")
    return row


def _number(name: str, value: object) -> Decimal:
    """Coerce a non-negative finite figure to Decimal (floats via str, to keep 0.1 as 0.1)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return number


def _fmt(value: Decimal | int) -> str:
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _compare(values: dict[str, Decimal], bounds: dict, *, met: bool) -> str:
    """Describe the comparisons that were met (>=) or failed (<) against ``bounds``."""
    parts = []
    for name, bound in bounds.items():
        if (values[name] >= bound) == met:
            sign = "≥" if met else "<"
            parts.append(f"{name} {_fmt(values[name])} {sign} {_fmt(bound)}")
    return " and ".join(parts)


def _needs(names: tuple[str, ...], joiner: str) -> str:
    return f" {joiner} ".join(names)


def classify_miit2011(
    industry: int | str,
    *,
    employees: int | None = None,
    revenue: Number | None = None,
    assets: Number | None = None,
) -> SizeResult:
    """Classify by the MIIT 2011 table; revenue and assets in 10,000 CNY."""
    row = miit_row(industry)
    given = {"employees": employees, "revenue": revenue, "assets": assets}
    missing = tuple(name for name in row.indicators if given[name] is None)
    if missing:
        raise MissingIndicator(
            f"industry row {row.number} ({row.slug}) needs {_needs(row.indicators, 'and')}; "
            f"missing: {', '.join(missing)}",
            missing,
        )
    values = {name: _number(name, given[name]) for name in row.indicators}

    def all_at_least(bounds: dict) -> bool:
        return all(values[name] >= bound for name, bound in bounds.items())

    prefix = f"{row.slug} (row {row.number}): "
    tiers = (
        ("large", row.sme_below, "SME ceiling"),
        ("medium", row.medium_min, "medium minimum"),
        ("small", row.small_min, "small minimum"),
    )
    failed: str | None = None
    for size, bounds, label in tiers:
        if all_at_least(bounds):
            reason = f"{_compare(values, bounds, met=True)} ({label})"
            if failed is not None:
                reason = f"{failed}; {reason}"
            return SizeResult("miit2011", size, f"{prefix}{reason} → {size}")
        failed = f"{_compare(values, bounds, met=False)} ({label})"
    return SizeResult("miit2011", "micro", f"{prefix}{failed} → micro")


# EU 2003/361/EC, Annex Article 2: headcount below the ceiling, and turnover or balance sheet at
# or below its limit (euros).
EU_CLASSES: tuple[tuple[str, int, int, int], ...] = (
    ("micro", 10, 2_000_000, 2_000_000),
    ("small", 50, 10_000_000, 10_000_000),
    ("medium", 250, 50_000_000, 43_000_000),
)
_EU_LABELS = {"turnover_eur": "turnover", "balance_sheet_eur": "balance sheet"}


def _eur(value: Decimal | int) -> str:
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"€{value.normalize():,f}"
    return f"€{int(value):,}"


def classify_eu2003(
    *,
    employees: int | None,
    turnover_eur: Number | None = None,
    balance_sheet_eur: Number | None = None,
) -> SizeResult:
    """Classify by Commission Recommendation 2003/361/EC (headcount, then turnover or balance)."""
    if employees is None:
        raise MissingIndicator("EU 2003/361/EC needs employees; missing: employees", ("employees",))
    if turnover_eur is None and balance_sheet_eur is None:
        raise MissingIndicator(
            "EU 2003/361/EC needs turnover_eur or balance_sheet_eur; "
            "missing: turnover_eur, balance_sheet_eur",
            ("turnover_eur", "balance_sheet_eur"),
        )
    staff = _number("employees", employees)
    money = {
        name: _number(name, value)
        for name, value in (
            ("turnover_eur", turnover_eur),
            ("balance_sheet_eur", balance_sheet_eur),
        )
        if value is not None
    }
    not_lower: str | None = None
    for size, headcount, turnover_limit, balance_limit in EU_CLASSES:
        limits = {"turnover_eur": turnover_limit, "balance_sheet_eur": balance_limit}
        within = [name for name in money if money[name] <= limits[name]]
        if staff < headcount and within:
            name = within[0]
            reason = (
                f"employees {_fmt(staff)} < {headcount} and {_EU_LABELS[name]} "
                f"{_eur(money[name])} ≤ {_eur(limits[name])} ({size} ceiling)"
            )
            if not_lower is not None:
                reason = f"{not_lower}; {reason}"
            return SizeResult("eu2003", size, f"{reason} → {size}")
        if staff >= headcount:
            not_lower = f"employees {_fmt(staff)} ≥ {headcount} ({size} ceiling)"
        else:
            over = " and ".join(
                f"{_EU_LABELS[name]} {_eur(money[name])} > {_eur(limits[name])}" for name in money
            )
            not_lower = f"{over} ({size} ceiling)"
    return SizeResult("eu2003", "large", f"{not_lower} → large")
