"""Apply the pure size classifiers to an enterprise profile (both schemes, stored with reasons)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from qualift.enterprises.sizing import MissingIndicator, classify_eu2003, classify_miit2011


def _eur(amount_10k_cny: Decimal | None) -> float | None:
    if amount_10k_cny is None:
        return None
    # Whole euros: the thresholds are in millions, and the reason shown to people stays readable.
    return round(float(amount_10k_cny) * 10_000 / settings.QUALIFT_CNY_PER_EUR)


def apply_sizes(enterprise) -> None:
    """Recompute `size_miit` and `size_eu` (and their reasons) from the profile's inputs."""
    try:
        miit = classify_miit2011(
            enterprise.miit_industry,
            employees=enterprise.employees,
            revenue=enterprise.revenue,
            assets=enterprise.total_assets,
        )
        enterprise.size_miit, enterprise.size_miit_reason = miit.size, miit.reason[:300]
    except (MissingIndicator, ValueError, TypeError) as exc:
        enterprise.size_miit, enterprise.size_miit_reason = "", str(exc)[:300]
    try:
        eu = classify_eu2003(
            employees=enterprise.employees,
            turnover_eur=_eur(enterprise.revenue),
            balance_sheet_eur=_eur(enterprise.total_assets),
        )
        reason = f"{eu.reason} (at {settings.QUALIFT_CNY_PER_EUR} CNY/EUR)"
        enterprise.size_eu, enterprise.size_eu_reason = eu.size, reason[:300]
    except (MissingIndicator, ValueError, TypeError) as exc:
        enterprise.size_eu, enterprise.size_eu_reason = "", str(exc)[:300]
