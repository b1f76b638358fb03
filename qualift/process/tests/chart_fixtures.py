"""Shared data for the chart, limit and alarm tests.

Reference: qcc 3.0 vignette / Montgomery, Introduction to SQC, Example 6.1 (pistonrings: 40
samples of 5 ring diameters; samples 1-25 are phase I).
"""

from __future__ import annotations

import csv
from pathlib import Path

from qualift.process.testing import add_readings, make_parameter

DATA = Path(__file__).resolve().parent / "data"


def pistonrings_rows() -> list[dict]:
    with open(DATA / "pistonrings.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def pistonrings_parameter(enterprise, upto_sample: int = 40, **fields):
    """An X̄-R parameter (spec 73.95-74.05) holding pistonrings samples 1…`upto_sample`."""
    values = {
        "chart_type": "xbar-r",
        "subgroup_size": 5,
        "lsl": 73.95,
        "usl": 74.05,
        "name": "Ring diameter",
        "reaction_plan": "Stop the line, check the forging temperature, call the steward.",
        "rules": "we:1",
    }
    values.update(fields)
    parameter = make_parameter(enterprise, **values)
    add_pistonrings(parameter, 1, upto_sample)
    return parameter


def add_pistonrings(parameter, first: int, last: int):
    rows = [r for r in pistonrings_rows() if first <= int(r["sample"]) <= last]
    add_readings(parameter, [float(r["diameter"]) for r in rows], [int(r["sample"]) for r in rows])
