"""Ledger statuses and incentive policy kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerStatus(models.TextChoices):
    SCREENED = "screened", _("Screened")
    DIAGNOSING = "diagnosing", _("Diagnosing")
    PLAN_AGREED = "plan_agreed", _("Plan agreed")
    ASSISTING = "assisting", _("Assisting")
    EVALUATED = "evaluated", _("Evaluated")
    CLOSED = "closed", _("Closed")


LEDGER_FLOW: tuple[str, ...] = tuple(LedgerStatus.values)


def allowed_moves(status: str) -> tuple[str, ...]:
    """Forward one step; back one step (to correct a mistake); close early from any open status."""
    if status == LedgerStatus.CLOSED:
        return ()
    index = LEDGER_FLOW.index(status)
    moves = [LEDGER_FLOW[index + 1]]
    if index > 0:
        moves.append(LEDGER_FLOW[index - 1])
    if LedgerStatus.CLOSED not in moves:
        moves.append(LedgerStatus.CLOSED)
    return tuple(moves)


class PolicyKind(models.TextChoices):
    SUBSIDY = "subsidy", _("Subsidy")
    CERTIFICATION_LOAN = "certification_loan", _("Certification loan")
    INSURANCE = "insurance", _("Insurance")
    AWARD = "award", _("Award")
    OTHER = "other", _("Other")
