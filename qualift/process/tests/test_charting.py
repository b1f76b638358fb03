"""The browser's chart data: display arrays, downsampling to ≤ 5,000 points with every flagged
point kept, phases, the R chart, the capability histogram.

Reference: qcc 3.0 vignette / Montgomery Example 6.1 (pistonrings; samples 1-25 phase I;
37-39 beyond the limits; Cp 1.70 with specs 73.95/74.05).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from qualift.process.charting import (
    chart_payload,
    downsample,
    parameter_chart_payload,
    parse_max_points,
    snapshot,
)
from qualift.process.models import Measurement
from qualift.process.series import analyze_parameter
from qualift.process.services.limits import freeze_limits
from qualift.process.testing import T0, add_readings, make_parameter
from qualift.process.tests.chart_fixtures import pistonrings_parameter


def test_downsample_keeps_every_flagged_point_of_100000():
    rng = np.random.default_rng(4)
    values = rng.normal(0, 1, 100_000)
    values[60_000:61_000] += 5  # a shift
    flagged = np.zeros(values.size, dtype=bool)
    flagged[rng.choice(values.size, 700, replace=False)] = True
    idx = downsample(values, np.arange(values.size), flagged, 5000)
    assert idx.size <= 5000
    assert np.all(np.diff(idx) > 0)
    assert set(np.flatnonzero(flagged)) <= set(idx.tolist())
    assert idx[0] == 0 and idx[-1] == values.size - 1
    shown = values[idx]
    assert shown.max() == values.max() and shown.min() == values.min()
    # The shift is still visible: many displayed points fall inside it.
    assert np.count_nonzero((idx >= 60_000) & (idx < 61_000)) >= 40


def test_downsample_leaves_short_series_alone_and_caps_huge_flag_counts():
    values = np.arange(100.0)
    assert downsample(values, np.arange(100), np.zeros(100, bool), 5000).tolist() == list(
        range(100)
    )
    # More flagged points than fit: the newest 3,998 stay, a fifth of the budget keeps the shape.
    values = np.random.default_rng(1).normal(0, 1, 20_000)
    idx = downsample(values, np.arange(20_000), np.ones(20_000, dtype=bool), 5000)
    assert 4000 < idx.size <= 5000 and idx[0] == 0 and idx[-1] == 19_999
    assert set(range(20_000 - 3_999, 20_000)) <= set(idx.tolist())
    assert np.count_nonzero(idx < 10_000) > 400  # the older half is still drawn


def test_max_points_is_clamped():
    assert parse_max_points("100000") == 5000
    assert parse_max_points("abc") == 5000
    assert parse_max_points("1") == 10
    assert parse_max_points("800") == 800


@pytest.fixture
def rings(world):
    parameter = pistonrings_parameter(world.a1)
    freeze_limits(actor=None, parameter=parameter, first_subgroup=1, last_subgroup=25, reason="P1")
    return parameter


def test_payload_of_pistonrings_has_the_chart_r_chart_and_histogram(rings):
    payload = chart_payload(analyze_parameter(rings))
    assert payload["n_points"] == payload["n_shown"] == 40
    assert payload["downsampled"] is False
    assert payload["phase1_range"] == [1, 25] and payload["has_phase2"]
    assert payload["parameter"]["limit_set"]["version"] == 1
    summary = payload["summary"]
    assert summary["center"] == pytest.approx(74.00118, abs=5e-6)
    assert [v["index"] for v in summary["violations"]] == [37, 38, 39]
    points = payload["points"]
    assert points["subgroup"] == list(range(1, 41))
    assert points["ucl"] == pytest.approx(74.0143, abs=5e-5)  # one level: a scalar
    assert points["zones"]["hi1"] == pytest.approx(74.00118 + 0.009785039 / np.sqrt(5), abs=1e-5)
    assert [i + 1 for i, c in enumerate(points["code"]) if c] == [37, 38, 39]
    assert points["phase1"][:25] == [1] * 25 and points["phase1"][25:] == [0] * 15
    assert points["taken_at"][0] == "2026-01-05 16:00"  # T0 08:00 UTC in Asia/Shanghai
    assert points["secondary"]["chart"] == "R"
    assert len(points["secondary"]["value"]) == 40
    assert payload["rules"]["1"]["label"] == "Western Electric 1"
    assert "3 sigma" in payload["rules"]["1"]["words"]
    assert payload["rules"]["R"]["label"] == "R chart"
    hist = payload["histogram"]
    assert sum(hist["counts"]) == 125  # the 25 phase I samples of 5
    assert (hist["lsl"], hist["usl"]) == (73.95, 74.05)
    assert payload["capability"]["cp"] == pytest.approx(1.70, abs=0.005)


def test_payload_phase_switch(rings):
    analysis = analyze_parameter(rings)
    phase1 = chart_payload(analysis, phase="1")
    assert phase1["points"]["subgroup"] == list(range(1, 26))
    phase2 = chart_payload(analysis, phase="2")
    assert phase2["points"]["subgroup"] == list(range(26, 41))
    with pytest.raises(ValueError):
        chart_payload(analysis, phase="3")


def test_payload_of_a_parameter_without_readings_says_why(world):
    parameter = make_parameter(world.a1)
    add_readings(parameter, [1.0])
    payload = parameter_chart_payload(parameter)
    assert payload["points"] is None and payload["n_points"] == 0
    assert payload["message"]


def test_p_chart_with_varying_sizes_sends_per_point_limits(world):
    parameter = make_parameter(
        world.a1, kind="attribute", chart_type="p", sample_size=50, name="Cans", subgroup_size=1
    )
    add_readings(parameter, [5, 4, 6, 3, 5, 7], sizes=[50, 60, 50, 70, 50, 40])
    payload = chart_payload(analyze_parameter(parameter))
    assert isinstance(payload["points"]["ucl"], list) and len(payload["points"]["ucl"]) == 6
    assert payload["summary"]["ucl"] is None and payload["summary"]["ucl_varies"]
    assert payload["histogram"] is None and payload["points"]["secondary"] is None


def test_100000_points_send_at_most_5000_with_every_flag(world):
    parameter = make_parameter(world.a1, rules="we:1", name="Big")
    rng = np.random.default_rng(7)
    values = rng.normal(10.0, 1.0, 100_000)
    values[[5_000, 42_000, 77_777]] = [20.0, 0.0, 21.0]  # beyond any 3σ limit
    rows = [
        Measurement(
            enterprise_id=parameter.enterprise_id,
            parameter=parameter,
            taken_at=T0 + dt.timedelta(minutes=i),
            subgroup=i + 1,
            value=float(v),
        )
        for i, v in enumerate(values)
    ]
    Measurement.objects.bulk_create(rows, batch_size=5000)
    analysis = analyze_parameter(parameter)
    flagged = set((analysis.point_subgroups[analysis.result.codes != 0]).tolist())
    flagged |= set(analysis.point_subgroups[analysis.result.secondary.codes != 0].tolist())
    assert {5_001, 42_001, 77_778} <= flagged
    payload = chart_payload(analysis)
    assert payload["n_points"] == 100_000
    assert payload["n_shown"] <= 5000 and payload["downsampled"] is True
    shown = payload["points"]["subgroup"]
    assert flagged <= set(shown)
    assert shown[0] == 1 and shown[-1] == 100_000
    assert all(payload["points"]["taken_at"])
    assert len(payload["summary"]["violations"]) <= 5000


def test_snapshot_holds_the_50_points_up_to_the_alarm(world):
    parameter = make_parameter(world.a1, rules="we:1")
    add_readings(parameter, [10.5, 9.5] * 40)
    analysis = analyze_parameter(parameter)
    snap = snapshot(analysis, 69)
    assert snap["points"]["subgroup"] == list(range(21, 71))
    assert snap["chart"] == "imr" and snap["points"]["secondary"]["chart"] == "MR"
