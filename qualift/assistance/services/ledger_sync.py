"""The ledger status follows the assistance work (diagnosing → plan agreed → assisting)."""

from __future__ import annotations

from qualift.programs.choices import LEDGER_FLOW, LedgerStatus
from qualift.programs.models import LedgerEntry
from qualift.programs.services import ledger_move


def advance_ledger(entry: LedgerEntry, to_status: str, note: str) -> LedgerEntry:
    """Move the entry forward step by step up to `to_status`; never backwards, never out of
    closed. The move is the system's (actor None) because it follows a service the user was
    allowed to perform, e.g. the enterprise admin's signature."""
    entry.refresh_from_db(fields=["status", "status_changed_at"])
    if entry.status == LedgerStatus.CLOSED:
        return entry
    target = LEDGER_FLOW.index(to_status)
    while LEDGER_FLOW.index(entry.status) < target:
        next_status = LEDGER_FLOW[LEDGER_FLOW.index(entry.status) + 1]
        entry = ledger_move(actor=None, entry=entry, to_status=next_status, note=note)
    return entry
