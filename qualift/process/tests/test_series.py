"""Loading a parameter's readings and analysing them with its chart, spec and limit set.

Reference values: qcc 3.0 vignette (pistonrings, Montgomery Example 6.1; orangejuice p chart).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qualift.process.models import LimitSet
from qualift.process.series import NotEnoughData, analyze_parameter, load_series
from qualift.process.testing import add_readings, make_parameter

DATA = Path(__file__).resolve().parent / "data"


def _rows(name):
    with open(DATA / name, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def pistonrings(world):
    rows = _rows("pistonrings.csv")
    parameter = make_parameter(
        world.a1, chart_type="xbar-r", subgroup_size=5, lsl=73.95, usl=74.05, name="Ring diameter"
    )
    add_readings(parameter, [float(r["diameter"]) for r in rows], [int(r["sample"]) for r in rows])
    return parameter


def test_series_loads_readings_in_subgroup_order(pistonrings):
    series = load_series(pistonrings)
    assert series.n_readings == 200
    assert series.n_points == 40
    assert list(series.point_subgroups[:3]) == [1, 2, 3]
    assert series.values[0] == pytest.approx(74.030)  # first diameter in the data set


def test_trial_limits_from_phase1_reproduce_qcc(pistonrings):
    analysis = analyze_parameter(pistonrings, limit_set=None, phase1_subgroups=(1, 25))
    out = analysis.result.to_dict()
    assert out["center"] == pytest.approx(74.00118, abs=1e-5)
    assert out["sigma"] == pytest.approx(0.009785039, rel=1e-3)
    assert [v["index"] for v in out["violations"] if v["rule"] == 1] == [37, 38, 39]
    assert out["capability"]["cp"] == pytest.approx(1.70, abs=0.01)


def test_frozen_limit_set_judges_phase2(pistonrings):
    frozen = LimitSet.objects.create(
        enterprise=pistonrings.enterprise,
        parameter=pistonrings,
        version=1,
        chart_type="xbar-r",
        center=74.00118,
        sigma=0.009785039,
        first_subgroup=1,
        last_subgroup=25,
        n_points=25,
        reason="Phase I of Montgomery Example 6.1",
    )
    analysis = analyze_parameter(pistonrings)
    assert analysis.limit_set == frozen
    assert analysis.result.lcl == pytest.approx(73.98805, abs=1e-5)
    assert analysis.result.ucl == pytest.approx(74.0143, abs=1e-4)
    assert int(analysis.result.phase1.sum()) == 25
    assert {v["index"] for v in analysis.result.violations() if v["rule"] == 1} == {37, 38, 39}


def test_attribute_parameter_reads_counts_and_sizes(world):
    rows = [r for r in _rows("orangejuice.csv") if r["trial"] == "TRUE"]
    parameter = make_parameter(
        world.a1, kind="attribute", chart_type="p", sample_size=50, name="Cans"
    )
    add_readings(parameter, [int(r["D"]) for r in rows], sizes=[int(r["size"]) for r in rows])
    out = analyze_parameter(parameter).result.to_dict()
    assert out["center"] == pytest.approx(0.2313333, abs=1e-6)
    assert out["ucl"] == pytest.approx(0.4102391, abs=1e-6)


def test_too_few_readings_is_not_enough_data(world):
    parameter = make_parameter(world.a1)
    add_readings(parameter, [1.0])
    with pytest.raises(NotEnoughData):
        analyze_parameter(parameter)
