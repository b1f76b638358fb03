"""fastload.load_rows returns what series.load_series reads, faster (see benchmarks)."""

from __future__ import annotations

import numpy as np
import pytest

from qualift.process.fastload import load_rows
from qualift.process.models import Measurement
from qualift.process.series import load_series
from qualift.process.testing import add_readings, make_parameter


def test_variable_rows_match_load_series(world):
    parameter = make_parameter(world.a1, chart_type="xbar-r", subgroup_size=3)
    add_readings(parameter, [1.5, 2.25, 3.0, 4.0, 5.0, 6.125], [1, 1, 1, 2, 2, 2])
    add_readings(parameter, [9.0, 8.0, 7.0], [3, 3, 3])
    series = load_series(parameter)
    data = load_rows(parameter.pk, ("subgroup", "value"))
    assert data.shape == (9, 2)
    assert np.array_equal(data[:, 0], series.subgroups)
    assert np.array_equal(data[:, 1], series.values)
    later = load_rows(parameter.pk, ("subgroup", "value"), first_subgroup=3)
    assert later[:, 1].tolist() == [9.0, 8.0, 7.0]


def test_attribute_rows_give_nan_for_a_missing_sample_size(world):
    parameter = make_parameter(
        world.a1, kind="attribute", chart_type="p", sample_size=50, name="Cans"
    )
    add_readings(parameter, [3, 4, 5], sizes=[50, 60, 50])
    Measurement.objects.filter(parameter=parameter, subgroup=2).update(sample_size=None)
    data = load_rows(parameter.pk, ("subgroup", "count", "sample_size"))
    assert data[:, 1].tolist() == [3.0, 4.0, 5.0]
    assert data[0, 2] == 50.0 and np.isnan(data[1, 2])


def test_unknown_columns_are_refused(world):
    with pytest.raises(ValueError):
        load_rows(1, ("subgroup", "note"))
