"""Alarms: run-rule violations in newly entered readings, and the nonconformities they raise."""

from __future__ import annotations


def check_new_readings(*, actor, parameter, first_subgroup: int) -> list:
    """Judge the readings from `first_subgroup` on (just recorded) and open or extend alarms;
    raise the nonconformity at once when the parameter's alarm mode is automatic. Refreshes the
    parameter's dashboard status. Returns the alarms opened or extended.

    Called by the reading services after every saved batch, inside their transaction."""
    return []
