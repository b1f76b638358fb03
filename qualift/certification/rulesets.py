"""The certification rule sets a CB may choose (DOMAIN §3), as data.

Every number the audit programme, the daily sweep and the restoration rules use comes from a
`RuleSet` here — not from constants scattered through the code. A CB picks one in its
certification policy (`CertificationPolicy.rule_set`); a new rule set is a new entry in
`RULE_SETS` (and a choice in `choices.RuleSetCode`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import RuleSetCode


@dataclass(frozen=True)
class RuleSet:
    code: str
    label: str
    source: str
    cycle_months: int  # validity of a certificate from its anchor date
    # The first surveillance falls due within `first_within_months` of the certification
    # decision ("decision") or of the certificate's issue date ("issue").
    first_anchor: str
    first_within_months: int
    # Later surveillances: "calendar_year" — at least once per calendar year (except the
    # recertification year); "interval" — at most `interval_months` after the previous one.
    spacing: str
    interval_months: int
    min_surveillances: int  # per cycle
    window_months: int  # a planned audit's due window opens this long before its due date
    recert_window_months: int  # recertification may be held from expiry minus this
    recert_lead_days: int  # ... and must be held by expiry minus this (time to decide)
    suspension_max_months: int  # a suspension not lifted in this time leads to withdrawal
    restore_within_months: int  # an expired certificate can be restored within this
    repeat_stage2_months: int  # a major NC unverified this long after stage 2 → repeat stage 2
    special_audit_days: int  # short-notice audit after a failed spot check, within


RULE_SETS: dict[str, RuleSet] = {
    RuleSetCode.ISO17021: RuleSet(
        code=RuleSetCode.ISO17021,
        label=_("ISO/IEC 17021-1"),
        source="ISO/IEC 17021-1:2015 §9.1.3, §9.6.2, §9.6.3",
        cycle_months=36,
        first_anchor="decision",
        first_within_months=12,
        spacing="calendar_year",
        interval_months=12,
        min_surveillances=2,
        window_months=3,
        recert_window_months=6,
        recert_lead_days=30,
        suspension_max_months=6,
        restore_within_months=6,
        repeat_stage2_months=6,
        special_audit_days=30,
    ),
    RuleSetCode.CNCA2026: RuleSet(
        code=RuleSetCode.CNCA2026,
        label=_("CNCA-QMS-01:2025 (China, from 2026)"),
        source="CNCA-QMS-01:2025, in force 2026-01-01",
        cycle_months=36,
        first_anchor="issue",
        first_within_months=12,
        spacing="interval",
        interval_months=12,
        min_surveillances=2,
        window_months=3,
        recert_window_months=6,
        recert_lead_days=30,
        suspension_max_months=6,
        restore_within_months=6,
        repeat_stage2_months=6,
        special_audit_days=30,
    ),
}


def rule_set(code: str) -> RuleSet:
    return RULE_SETS[code]
