"""Run rules (Western Electric 1-4, Nelson 1-8): hand-made patterns, boundaries, parsing, and an
equivalence check against a plain-Python reference written straight from the rule texts.

Rule texts: Nelson, "The Shewhart control chart — tests for special causes", J. Qual. Technol.
16(4), 1984; Western Electric Statistical Quality Control Handbook (1956); Montgomery,
Introduction to Statistical Quality Control, §5.3.6. The small one-pattern-per-rule cases follow
the style of the rule cases in the R package qcc.
"""

from __future__ import annotations

import numpy as np
import pytest

from qualift.process.spc.rules import FAMILIES, evaluate, parse_rules


def flagged(codes: np.ndarray) -> dict[int, int]:
    return {int(i): int(codes[i]) for i in np.flatnonzero(codes)}


# --- a plain-Python reference, one loop per point, straight from the rule texts ---------------


def _ref_rule(family, number, x, c, s, i):
    def above(j, k):
        return x[j] > c[j] + k * s[j]

    def below(j, k):
        return x[j] < c[j] - k * s[j]

    def last(length):
        return range(i - length + 1, i + 1) if i >= length - 1 else None

    def k_of_m(zone, k, m):
        window = range(max(0, i - m + 1), i + 1)
        if above(i, zone) and sum(above(j, zone) for j in window) >= k:
            return True
        return below(i, zone) and sum(below(j, zone) for j in window) >= k

    def one_side(length):
        w = last(length)
        return w is not None and (all(above(j, 0) for j in w) or all(below(j, 0) for j in w))

    if number == 1:
        return above(i, 3) or below(i, 3)
    if family == "we":
        return {2: lambda: k_of_m(2, 2, 3), 3: lambda: k_of_m(1, 4, 5), 4: lambda: one_side(8)}[
            number
        ]()
    if number == 2:
        return one_side(9)
    if number == 3:
        w = last(6)
        if w is None:
            return False
        steps = [x[j] - x[j - 1] for j in list(w)[1:]]
        return all(d > 0 for d in steps) or all(d < 0 for d in steps)
    if number == 4:
        w = last(14)
        if w is None:
            return False
        # +1 up, -1 down, 0 flat or NaN (a NaN is neither up nor down)
        signs = [(x[j] > x[j - 1]) - (x[j] < x[j - 1]) for j in list(w)[1:]]
        return all(a != 0 and b != 0 and a != b for a, b in zip(signs, signs[1:], strict=False))
    if number == 5:
        return k_of_m(2, 2, 3)
    if number == 6:
        return k_of_m(1, 4, 5)
    if number == 7:
        w = last(15)
        return w is not None and all(c[j] - s[j] <= x[j] <= c[j] + s[j] for j in w)
    w = last(8)
    return (
        w is not None
        and all(above(j, 1) or below(j, 1) for j in w)
        and any(above(j, 1) for j in w)
        and any(below(j, 1) for j in w)
    )


def reference(values, center, sigma, rules):
    family, numbers = parse_rules(rules)
    n = len(values)
    x = [float(v) for v in values]
    c = [float(v) for v in np.broadcast_to(center, (n,))]
    s = [float(v) for v in np.broadcast_to(sigma, (n,))]
    out = []
    for i in range(n):
        fired = [k for k in numbers if _ref_rule(family, k, x, c, s, i)]
        out.append(min(fired) if fired else 0)
    return np.array(out, dtype=np.int8)


# --- one small pattern per rule ------------------------------------------------------------------


def test_rule1_flags_points_strictly_beyond_three_sigma():
    x = [0.5, 3.0, -3.0, 3.01, -3.5, 0.0]
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:1")) == {3: 1, 4: 1}
    assert flagged(evaluate(x, 0.0, 1.0, "we:1")) == {3: 1, 4: 1}


def test_rule1_uses_center_and_sigma():
    x = [10.0, 10.31, 9.69, 10.3]
    assert flagged(evaluate(x, 10.0, 0.1, "nelson:1")) == {1: 1, 2: 1}


def test_nelson2_needs_nine_on_one_side_and_flags_the_continuation():
    x = [0.5] * 8 + [-0.5] + [0.5] * 11
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:2")) == {17: 2, 18: 2, 19: 2}


def test_nelson2_below_the_centre_line():
    x = [0.2] + [-0.4] * 9
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:2")) == {9: 2}


def test_we4_needs_eight_on_one_side():
    x = [0.5] * 7 + [-0.5] + [0.5] * 8 + [-0.1]
    assert flagged(evaluate(x, 0.0, 1.0, "we:4")) == {15: 4}


def test_we4_flags_the_eighth_point_and_every_later_point_of_the_run():
    x = [-0.3] * 12
    assert flagged(evaluate(x, 0.0, 1.0, "we:4")) == {i: 4 for i in range(7, 12)}


def test_point_on_the_centre_line_breaks_a_one_side_run():
    broken = [0.5] * 4 + [0.0] + [0.5] * 4
    assert flagged(evaluate(broken, 0.0, 1.0, "we:4")) == {}
    assert flagged(evaluate(broken, 0.0, 1.0, "nelson:2")) == {}
    whole = [0.5] * 4 + [0.1] + [0.5] * 4
    assert flagged(evaluate(whole, 0.0, 1.0, "we:4")) == {7: 4, 8: 4}
    assert flagged(evaluate(whole, 0.0, 1.0, "nelson:2")) == {8: 2}


def test_nelson3_counts_six_points_that_is_five_increases():
    five = [0.0, 0.1, 0.2, 0.3, 0.4]
    assert flagged(evaluate(five, 0.0, 1.0, "nelson:3")) == {}
    seven = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    assert flagged(evaluate(seven, 0.0, 1.0, "nelson:3")) == {5: 3, 6: 3}
    down = [0.9, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0, 0.3]
    assert flagged(evaluate(down, 0.0, 1.0, "nelson:3")) == {5: 3, 6: 3}


def test_nelson3_a_tie_breaks_the_trend():
    x = [0.0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5]
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:3")) == {}


def test_nelson4_needs_fourteen_alternating_points():
    zigzag = [0.1, -0.1] * 8  # 16 points
    assert flagged(evaluate(zigzag[:13], 0.0, 1.0, "nelson:4")) == {}
    assert flagged(evaluate(zigzag[:14], 0.0, 1.0, "nelson:4")) == {13: 4}
    assert flagged(evaluate(zigzag, 0.0, 1.0, "nelson:4")) == {13: 4, 14: 4, 15: 4}


def test_nelson4_a_flat_step_breaks_the_alternation():
    x = [0.1, -0.1] * 3 + [-0.1] + [0.1, -0.1] * 6
    codes = evaluate(x, 0.0, 1.0, "nelson:4")
    # the flat step sits between points 5 and 6; 14 alternating points end at point 19 at the
    # earliest (points 6..19), and the series has 19 points (0..18)
    assert len(x) == 19
    assert flagged(codes) == {}
    assert flagged(evaluate(x + [0.1], 0.0, 1.0, "nelson:4")) == {19: 4}


def test_rule_two_of_three_beyond_two_sigma_same_side():
    x = [0.0, 2.5, 2.5, 0.5, 2.1, -0.2, 2.2, 0.0, -2.5, 2.5, -2.5]
    # 3 is itself inside; 9 has one above only (8 is on the other side); 10 has two below
    expected = {2: 5, 4: 5, 6: 5, 10: 5}
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:5")) == expected
    assert flagged(evaluate(x, 0.0, 1.0, "we:2")) == {i: 2 for i in expected}


def test_rule_two_of_three_exactly_two_sigma_is_not_beyond():
    assert flagged(evaluate([0.0, 2.0, 2.5, 2.0], 0.0, 1.0, "nelson:5")) == {}


def test_rule_four_of_five_beyond_one_sigma_same_side():
    x = [0.0, 1.5, 1.5, 0.5, 1.5, 1.5, 0.5, 1.5, -0.2, -1.5, -1.5, -1.5, -1.5]
    # 5: window 1..5 holds four above; 6 is itself inside; 7: window 3..7 holds three only
    # (3 and 6 are inside); 12: window 8..12 holds four below
    expected = {5: 6, 12: 6}
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:6")) == expected
    assert flagged(evaluate(x, 0.0, 1.0, "we:3")) == {i: 3 for i in expected}


def test_rule_four_of_five_exactly_one_sigma_is_not_beyond():
    assert flagged(evaluate([0.0, 1.0, 1.5, 1.5, 1.5], 0.0, 1.0, "nelson:6")) == {}
    assert flagged(evaluate([0.0, 1.01, 1.5, 1.5, 1.5], 0.0, 1.0, "nelson:6")) == {4: 6}


def test_k_of_m_window_is_truncated_at_the_start_of_the_series():
    assert flagged(evaluate([2.5, 2.5, 0.0], 0.0, 1.0, "we:2")) == {1: 2}
    assert flagged(evaluate([1.5, 1.5, 1.5, 1.5], 0.0, 1.0, "we:3")) == {3: 3}


def test_nelson7_fifteen_within_one_sigma_inclusive():
    base = [1.0, -1.0, 0.5, -0.5, 0.2] * 3  # 15 points, the ±1σ lines included
    assert flagged(evaluate(base[:14], 0.0, 1.0, "nelson:7")) == {}
    assert flagged(evaluate(base, 0.0, 1.0, "nelson:7")) == {14: 7}
    assert flagged(evaluate(base + [0.0, 1.01], 0.0, 1.0, "nelson:7")) == {14: 7, 15: 7}


def test_nelson8_eight_beyond_one_sigma_on_both_sides():
    mixed = [1.5, -1.5] * 5  # 10 points
    assert flagged(evaluate(mixed[:7], 0.0, 1.0, "nelson:8")) == {}
    assert flagged(evaluate(mixed, 0.0, 1.0, "nelson:8")) == {7: 8, 8: 8, 9: 8}
    assert flagged(evaluate([1.5] * 10, 0.0, 1.0, "nelson:8")) == {}  # one side only
    on_line = [1.5, -1.5, 1.5, 1.0, -1.5, 1.5, -1.5, 1.5]
    assert flagged(evaluate(on_line, 0.0, 1.0, "nelson:8")) == {}


def test_nelson8_window_must_still_hold_both_sides():
    x = [1.5, -1.5] + [1.5] * 8
    # points 0..7 and 1..8 hold both sides; window 2..9 is all above
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:8")) == {7: 8, 8: 8}


# --- combined rule sets --------------------------------------------------------------------------


def test_each_point_gets_the_lowest_rule_number():
    x = [0.0, 2.5, 3.5, 0.5] + [0.5] * 6
    codes = evaluate(x, 0.0, 1.0, "nelson")
    # 2: rules 1 and 5 both fire, 1 is reported; 9: nine above (points 1..9), rule 2
    assert flagged(codes) == {2: 1, 9: 2}
    assert flagged(evaluate(x, 0.0, 1.0, "we")) == {2: 1, 8: 4, 9: 4}


def test_we_codes_are_we_numbers():
    x = [0.2, 1.5, 1.5, 1.5, 1.5, 0.5, 0.5, 0.5]
    assert flagged(evaluate(x, 0.0, 1.0, "we")) == {4: 3, 7: 4}
    assert flagged(evaluate(x, 0.0, 1.0, "nelson")) == {4: 6}


def test_selected_rules_only():
    x = [0.0, 2.5, 3.5, 0.5] + [0.5] * 6
    assert flagged(evaluate(x, 0.0, 1.0, "nelson:2,5")) == {2: 5, 9: 2}
    assert flagged(evaluate(x, 0.0, 1.0, [5])) == {2: 5}
    assert flagged(evaluate(x, 0.0, 1.0, [])) == {}


def test_per_point_sigma_and_center_arrays():
    x = np.array([0.0, 5.0, 5.0, 5.0, 11.5])
    sigma = np.array([1.0, 1.0, 2.0, 1.5, 1.0])
    center = np.array([0.0, 0.0, 0.0, 0.5, 8.0])
    # centre 0: 1: 5 > 3; 2: 5 < 6; 3: 5 > 4.5; 4: 11.5 > 3
    assert flagged(evaluate(x, 0.0, sigma, "nelson:1")) == {1: 1, 3: 1, 4: 1}
    # moving centre: 3: 5 > 0.5 + 4.5 is false (exactly 3σ); 4: 11.5 > 8 + 3
    assert flagged(evaluate(x, center, sigma, "nelson:1")) == {1: 1, 4: 1}


def test_output_is_int8_of_the_same_length():
    codes = evaluate(np.zeros(7), 0.0, 1.0, "nelson")
    assert codes.dtype == np.int8
    assert codes.shape == (7,)
    assert evaluate(np.array([]), 0.0, 1.0, "nelson").shape == (0,)
    assert flagged(evaluate([0.5, 4.0], 0.0, 1.0, "nelson")) == {1: 1}


def test_nan_breaks_runs_and_is_never_flagged():
    x = [0.5] * 5 + [float("nan")] + [0.5] * 5
    assert flagged(evaluate(x, 0.0, 1.0, "nelson")) == {}
    assert flagged(evaluate([float("nan")] * 20, 0.0, 1.0, "nelson")) == {}


def test_bad_shapes_and_negative_sigma_are_refused():
    with pytest.raises(ValueError, match="one value per point"):
        evaluate(np.zeros(4), 0.0, np.ones(3))
    with pytest.raises(ValueError, match="one-dimensional"):
        evaluate(np.zeros((2, 2)), 0.0, 1.0)
    with pytest.raises(ValueError, match="negative"):
        evaluate(np.zeros(3), 0.0, -1.0)


# --- parsing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        (None, ("we", (1, 2, 3, 4))),
        ("we", ("we", (1, 2, 3, 4))),
        ("nelson", ("nelson", (1, 2, 3, 4, 5, 6, 7, 8))),
        ("WE:4,1", ("we", (1, 4))),
        (" nelson: 2, 5 ", ("nelson", (2, 5))),
        ([5, 2, 2], ("nelson", (2, 5))),
        ((8,), ("nelson", (8,))),
        ([], ("nelson", ())),
    ],
)
def test_parse_rules_accepts_the_documented_forms(spec, parsed):
    assert parse_rules(spec) == parsed


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("we:5", "Western Electric rule 5 does not exist; we rules are 1-4"),
        ("nelson:9", "Nelson rule 9 does not exist; nelson rules are 1-8"),
        ("nelson:0", "Nelson rule 0 does not exist"),
        ("foo", "unknown rule set 'foo'"),
        ("foo:1", "unknown rule set 'foo:1'"),
        ("we:", "names no rules"),
        ("we:1,x", "rule 'x' in 'we:1,x' is not a rule number"),
        ("we:-1", "is not a rule number"),
        ([9], "Nelson rule 9 does not exist"),
        ([True], "is not a Nelson rule number"),
        ([1.0], "is not a Nelson rule number"),
        (3, "is not understood"),
    ],
)
def test_parse_rules_refuses_bad_specs_with_a_clear_message(spec, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_rules(spec)
    with pytest.raises(ValueError):
        evaluate(np.zeros(3), 0.0, 1.0, spec)


# --- equivalence with the reference on random data -----------------------------------------------


def _series(seed: int, n: int = 3000) -> list[tuple[np.ndarray, float | np.ndarray]]:
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=n)
    shift = noise + np.where((np.arange(n) // 200) % 2 == 1, 1.2, 0.0)
    walk = np.cumsum(rng.normal(scale=0.3, size=n)) * 0.2
    zigzag = np.where(np.arange(n) % 2 == 0, 1.0, -1.0) * rng.uniform(0.2, 2.0, size=n)
    zigzag[rng.integers(0, n, size=40)] = 0.0
    # values on the grid of half-sigmas hit the centre line and every zone boundary exactly
    grid = np.round(rng.normal(scale=1.3, size=n) * 2) / 2
    quiet = rng.normal(scale=0.45, size=n)
    with_nan = shift.copy()
    with_nan[rng.integers(0, n, size=30)] = np.nan
    sigma = rng.choice([0.5, 1.0, 2.0], size=n)
    return [
        (noise, 1.0),
        (shift, 1.0),
        (walk, 1.0),
        (zigzag, 1.0),
        (grid, 1.0),
        (quiet, 1.0),
        (with_nan, 1.0),
        (grid * sigma, sigma),  # per-point sigma, still on exact boundaries
    ]


SPECS = [f"we:{k}" for k in FAMILIES["we"]] + [f"nelson:{k}" for k in FAMILIES["nelson"]]


@pytest.mark.parametrize("spec", SPECS + ["we", "nelson"])
def test_vectorised_rules_match_the_reference(spec):
    fired = 0
    for x, sigma in _series(seed=4):
        expected = reference(x, 0.0, sigma, spec)
        got = evaluate(x, 0.0, sigma, spec)
        np.testing.assert_array_equal(got, expected)
        fired += int(np.count_nonzero(expected))
    assert fired > 0  # the data do exercise the rule


def test_vectorised_rules_match_the_reference_with_a_moving_centre():
    rng = np.random.default_rng(11)
    n = 2000
    center = np.repeat(rng.normal(size=n // 100), 100)
    sigma = np.repeat(rng.uniform(0.5, 2.0, size=n // 100), 100)
    x = center + sigma * np.round(rng.normal(scale=1.2, size=n) * 2) / 2
    for spec in ("we", "nelson"):
        np.testing.assert_array_equal(
            evaluate(x, center, sigma, spec), reference(x, center, sigma, spec)
        )
