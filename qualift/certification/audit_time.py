"""Audit time (IAF MD 5, Table QMS 1; DOMAIN §4): a pure calculation, no database.

Steps, each one said in the justification that goes to the client:

1. Effective personnel = full-time staff in scope + part-time staff as full-time equivalents,
   rounded up to a whole person. With shifts (S shift staff working K ≥ 2 shifts) the common CB
   rule counts the shift staff as ceil(S ÷ (K − 1)): effective = (employees − S) + ceil(S ÷ (K − 1))
   + ceil(FTE).
2. Table QMS 1 (`BANDS`) gives the initial-audit days (stage 1 + stage 2) for that many people.
   Above 10 700 people the table continues at +1 day per further 2 200 people or part of it (2 200
   = the width of the table's last band, 8 501–10 700): 10 701–12 900 → 23, 12 901–15 100 → 24 …
3. Adjustments (pct, reason), increases positive, are added up; a net reduction is capped at −30 %.
4. Rounded to the half day (`round_half`: nearest 0.5, ties up): initial = table × (1 + net/100);
   stage 1 = initial × stage-1 share; surveillance = initial ÷ 3; recertification = initial × 2/3.
   Not rounded again: stage 2 = initial − stage 1 (already a multiple of 0.5). The on-site minimum
   is a floor (80 % of the initial time), so it is rounded UP to the half day (`ceil_half`):
   rounding it down would allow less than 80 % on site.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

# (highest effective personnel of the band, initial audit days) — IAF MD 5 Table QMS 1.
BANDS: tuple[tuple[int, Decimal], ...] = tuple(
    (upper, Decimal(days))
    for upper, days in (
        (5, "1.5"),
        (10, "2"),
        (15, "2.5"),
        (25, "3"),
        (45, "4"),
        (65, "5"),
        (85, "6"),
        (125, "7"),
        (175, "8"),
        (275, "9"),
        (425, "10"),
        (625, "11"),
        (875, "12"),
        (1175, "13"),
        (1550, "14"),
        (2025, "15"),
        (2675, "16"),
        (3450, "17"),
        (4350, "18"),
        (5450, "19"),
        (6800, "20"),
        (8500, "21"),
        (10700, "22"),
    )
)
# The table's last band (8 501–10 700) is 2 200 people wide; beyond it, +1 day per 2 200 or part.
PROGRESSION_WIDTH = BANDS[-1][0] - BANDS[-2][0]
MAX_REDUCTION_PCT = 30
ONSITE_SHARE = Fraction(4, 5)
HALF = Decimal("0.5")


class AuditTimeError(ValueError):
    """Bad input, naming the input (`field`) it is about."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AuditTime:
    effective_personnel: int
    table_days: Decimal
    adjustment_pct: int  # the net adjustment applied (after the cap)
    initial_days: Decimal
    stage1_days: Decimal
    stage2_days: Decimal
    surveillance_days: Decimal
    recertification_days: Decimal
    onsite_min_days: Decimal
    justification: str

    def as_dict(self) -> dict:
        """Plain JSON values: days as numbers (2.5), the same in the CLI and the API."""
        return {
            key: float(value) if isinstance(value, Decimal) else value
            for key, value in asdict(self).items()
        }


def round_half(value: Fraction) -> Decimal:
    """The nearest half day; a tie (x.25, x.75) goes up."""
    value = Fraction(value)
    doubled = Decimal(value.numerator * 2) / Decimal(value.denominator)
    return doubled.quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def ceil_half(value: Fraction) -> Decimal:
    """Up to the next half day (a minimum must not be rounded down)."""
    doubled = Decimal(value.numerator * 2) / Decimal(value.denominator)
    return doubled.quantize(Decimal(1), rounding=ROUND_CEILING) / 2


def table_days(personnel: int) -> Decimal:
    """Table QMS 1 for `personnel` effective people (≥ 1), continued above 10 700."""
    for upper, days in BANDS:
        if personnel <= upper:
            return days
    extra = math.ceil((personnel - BANDS[-1][0]) / PROGRESSION_WIDTH)
    return BANDS[-1][1] + extra


def band_label(personnel: int) -> str:
    lower = 1
    for upper, _days in BANDS:
        if personnel <= upper:
            return f"{lower}–{upper}"
        lower = upper + 1
    steps = math.ceil((personnel - BANDS[-1][0]) / PROGRESSION_WIDTH)
    top = BANDS[-1][0] + steps * PROGRESSION_WIDTH
    return f"{top - PROGRESSION_WIDTH + 1}–{top}"


_ADJUSTMENT = re.compile(r"^([+-])(\d{1,3}):(.*)$", re.DOTALL)


def parse_adjustment(text: str) -> tuple[int, str]:
    """ "+10:several sites" → (10, "several sites"); ValueError for anything else (no sign, not a
    whole number, no reason, more than 100 %)."""
    match = _ADJUSTMENT.match(text.strip())
    if not match:
        raise ValueError(
            _("An adjustment reads like +10:reason or -20:reason, not %(text)r.") % {"text": text}
        )
    sign, number, reason = match.groups()
    pct = int(number) * (-1 if sign == "-" else 1)
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Each adjustment needs a reason (after the colon)."))
    if abs(pct) > 100:
        raise ValueError(
            _("An adjustment is at most 100 %% either way, not %(pct)d %%.") % {"pct": pct}
        )
    return pct, reason


def _number(value, field: str, *, whole: bool) -> Fraction:
    if isinstance(value, bool) or value is None:
        raise AuditTimeError(field, _("A number is needed."))
    try:
        number = Fraction(str(value)) if not isinstance(value, int | Fraction) else Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise AuditTimeError(field, _("A number is needed.")) from None
    if whole and number.denominator != 1:
        raise AuditTimeError(field, _("A whole number is needed."))
    return number


def _days(value: Decimal) -> str:
    return f"{value:.1f}"


def audit_time(
    *,
    employees: int,
    part_time_fte=0,
    shift_staff=None,
    shifts=None,
    adjustments=(),
    stage1_share=Fraction(1, 3),
) -> AuditTime:
    """The audit time for a QMS client (IAF MD 5 Table QMS 1), with its justification."""
    staff = int(_number(employees, "employees", whole=True))
    if staff < 1:
        raise AuditTimeError("employees", _("At least one person works in the scope."))
    fte = _number(part_time_fte or 0, "part_time_fte", whole=False)
    if fte < 0:
        raise AuditTimeError("part_time_fte", _("Part-time equivalents cannot be negative."))
    share = Fraction(stage1_share)
    if not 0 < share < 1:
        raise AuditTimeError("stage1_share", _("The stage 1 share lies between 0 and 1."))
    fte_people = math.ceil(fte)
    sentences = []
    if shift_staff is not None or shifts is not None:
        if shift_staff is None or shifts is None:
            field = "shifts" if shifts is None else "shift_staff"
            raise AuditTimeError(field, _("Give both the shift staff and the number of shifts."))
        on_shifts = int(_number(shift_staff, "shift_staff", whole=True))
        count = int(_number(shifts, "shifts", whole=True))
        if count < 2:
            raise AuditTimeError("shifts", _("Shift work means at least 2 shifts."))
        if not 0 <= on_shifts <= staff:
            raise AuditTimeError(
                "shift_staff", _("Shift staff are between 0 and the full-time staff in scope.")
            )
        counted = math.ceil(Fraction(on_shifts, count - 1))
        personnel = staff - on_shifts + counted + fte_people
        sentences.append(
            _(
                "Effective personnel %(n)d: %(others)d staff not on shifts, plus %(s)d shift "
                "staff over %(k)d shifts counted as %(s)d ÷ (%(k)d − 1) = %(c)d (rounded up; a "
                "common certification-body rule), plus part-time staff of %(fte)s full-time "
                "equivalents counted as %(p)d."
            )
            % {
                "n": personnel,
                "others": staff - on_shifts,
                "s": on_shifts,
                "k": count,
                "c": counted,
                "fte": _fraction_text(fte),
                "p": fte_people,
            }
        )
    elif fte:
        personnel = staff + fte_people
        sentences.append(
            _(
                "Effective personnel %(n)d: %(staff)d full-time staff in scope plus part-time "
                "staff of %(fte)s full-time equivalents, rounded up to %(p)d."
            )
            % {"n": personnel, "staff": staff, "fte": _fraction_text(fte), "p": fte_people}
        )
    else:
        personnel = staff
        sentences.append(
            _("Effective personnel %(n)d: the full-time staff in scope.") % {"n": personnel}
        )
    base = table_days(personnel)
    if personnel > BANDS[-1][0]:
        sentences.append(
            _(
                "Above 10,700 people IAF MD 5 Table QMS 1 is continued at one more day per "
                "further %(w)d people or part of them: %(days)s auditor-days for %(band)s people."
            )
            % {"w": PROGRESSION_WIDTH, "days": _days(base), "band": band_label(personnel)}
        )
    else:
        sentences.append(
            _("IAF MD 5 Table QMS 1 gives %(days)s auditor-days for %(band)s people.")
            % {"days": _days(base), "band": band_label(personnel)}
        )
    items = [
        (int(_number(pct, "adjustments", whole=True)), str(reason)) for pct, reason in adjustments
    ]
    net = sum(pct for pct, _reason in items)
    applied = max(net, -MAX_REDUCTION_PCT)
    if items:
        listed = "; ".join(f"{pct:+d} % ({reason})" for pct, reason in items)
        sentences.append(
            _("Adjustments: %(list)s; net %(net)+d %%.") % {"list": listed, "net": net}
        )
        if applied != net:
            sentences.append(
                _("The total reduction is capped at %(cap)d %%, so %(applied)+d %% is applied.")
                % {"cap": MAX_REDUCTION_PCT, "applied": applied}
            )
    else:
        sentences.append(_("No adjustment."))
    initial = round_half(Fraction(base) * (1 + Fraction(applied, 100)))
    stage1 = round_half(Fraction(initial) * share)
    stage2 = initial - stage1
    surveillance = round_half(Fraction(initial) / 3)
    recertification = round_half(Fraction(initial) * 2 / 3)
    onsite = ceil_half(Fraction(initial) * ONSITE_SHARE)
    sentences.append(
        _(
            "Initial audit %(initial)s auditor-days (rounded to the half day): stage 1 "
            "%(s1)s (share %(share)s), stage 2 %(s2)s. Surveillance audits %(surv)s "
            "(one third), recertification %(recert)s (two thirds). At least %(onsite)s days on "
            "site (80 %%, rounded up). An audit day is 8 hours."
        )
        % {
            "initial": _days(initial),
            "s1": _days(stage1),
            "share": f"{share.numerator}/{share.denominator}",
            "s2": _days(stage2),
            "surv": _days(surveillance),
            "recert": _days(recertification),
            "onsite": _days(onsite),
        }
    )
    return AuditTime(
        effective_personnel=personnel,
        table_days=base,
        adjustment_pct=applied,
        initial_days=initial,
        stage1_days=stage1,
        stage2_days=stage2,
        surveillance_days=surveillance,
        recertification_days=recertification,
        onsite_min_days=onsite,
        justification=" ".join(sentences),
    )


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"
