"""The process dashboard's traffic light, one hand-built case per colour.

I-MR data alternating 10.5 / 9.5: centre 10, MR̄ = 1, σ = MR̄/d2(2) = 0.8862 (Montgomery §6.4).
"""

from __future__ import annotations

import pytest

from qualift.process.health import refresh_health
from qualift.process.models import Parameter
from qualift.process.services.alarms import check_new_readings
from qualift.process.services.limits import freeze_limits
from qualift.process.testing import add_readings, make_parameter

STABLE = [10.5, 9.5] * 15


def _param(world, values, **fields):
    parameter = make_parameter(world.a1, **fields)
    add_readings(parameter, values)
    return parameter


def _stored(parameter) -> Parameter:
    return Parameter.objects.get(pk=parameter.pk)


def test_one_reading_is_unknown(world):
    parameter = _param(world, [10.0], lsl=0, usl=20)
    assert refresh_health(parameter) == "unknown"
    stored = _stored(parameter)
    assert stored.health == "unknown" and stored.health_cpk is None and stored.health_at


def test_stable_and_capable_is_green(world):
    parameter = _param(world, STABLE, lsl=0, usl=20)
    assert refresh_health(parameter) == "green"
    stored = _stored(parameter)
    # Cpk = (20 - 10) / (3 · 0.8862) = 3.76
    assert stored.health_cpk == pytest.approx(10 / (3 / 1.1283791671), rel=1e-6)
    assert "3.76" in stored.health_note


def test_attribute_parameter_in_control_is_green_without_cpk(world):
    parameter = make_parameter(
        world.a1, kind="attribute", chart_type="c", name="Scratches", subgroup_size=1
    )
    add_readings(parameter, [3, 4, 2, 5, 3, 4, 3, 2, 4, 3])
    assert refresh_health(parameter) == "green"
    assert _stored(parameter).health_cpk is None


def test_low_cpk_is_amber(world):
    parameter = _param(world, STABLE, lsl=8, usl=12)  # Cpk = 2 / 2.659 = 0.75
    assert refresh_health(parameter) == "amber"
    assert _stored(parameter).health_cpk == pytest.approx(0.752, abs=1e-3)


def test_recent_rule_violation_is_amber(world):
    parameter = _param(world, [*STABLE, 14.0, 10.0], lsl=0, usl=20, rules="we:1")
    assert refresh_health(parameter) == "amber"


def test_open_alarm_is_amber(world):
    parameter = _param(world, STABLE, lsl=0, usl=20, rules="we:1")
    freeze_limits(actor=None, parameter=parameter, first_subgroup=1, last_subgroup=30, reason="P1")
    first = parameter.next_subgroup
    add_readings(parameter, [14.0] + [10.5, 9.5] * 13)  # the spike is then 27 points back
    check_new_readings(actor=None, parameter=parameter, first_subgroup=first)
    assert _stored(parameter).health == "amber"
    assert "alarm" in _stored(parameter).health_note


def test_reading_outside_the_specification_is_red(world):
    parameter = _param(world, [*STABLE, 20.5, 10.0], lsl=0, usl=20, rules="we:1")
    assert refresh_health(parameter) == "red"
    assert "outside the specification" in _stored(parameter).health_note


def test_out_of_spec_reading_older_than_50_points_is_not_red(world):
    parameter = _param(world, [20.5, *STABLE, *STABLE], lsl=0, usl=20, rules="we:1")
    assert refresh_health(parameter) != "red"


def test_subgroup_reading_outside_spec_is_red_even_when_the_mean_is_inside(world):
    parameter = make_parameter(
        world.a1, chart_type="xbar-r", subgroup_size=2, lsl=0, usl=20, rules="we:1"
    )
    add_readings(parameter, [10.5, 9.5] * 10 + [20.5, 0.5])  # the mean 10.5 is in spec
    assert refresh_health(parameter) == "red"
