"""prioritise() and sensitivity() on hand-computed cases (DOMAIN §5; the arithmetic is worked
out in each test's comments, by hand)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from qualift.assistance.prioritise import Move, prioritise, sensitivity

DEFAULT = {"prominence": 0.4, "enterprise": 0.2, "cb": 0.2, "evaluability": 0.2}


def issue(p, e, c, v):
    """Scores with each factor's sub-criteria given as a tuple (None = unscored)."""
    names = {
        "prominence": ("severity", "frequency", "effect"),
        "enterprise": ("people", "capital", "equipment", "information", "technology"),
        "cb": ("information", "technology", "time", "space", "people"),
        "evaluability": ("method", "milestones", "criteria", "result"),
    }
    values = {"prominence": p, "enterprise": e, "cb": c, "evaluability": v}
    out = {}
    for factor, subs in names.items():
        given = values[factor]
        if not isinstance(given, tuple):
            given = (given,) * len(subs)
        out[factor] = dict(zip(subs, given, strict=True))
    return out


def test_default_weights_rank_three_issues_by_hand_computed_scores():
    # A: means 4, 3, 4, 2 → 0.4·4 + 0.2·3 + 0.2·4 + 0.2·2 = 3.4
    # B: all 3 → 3.0;  C: prominence 5, others 1 → 2.0 + 0.6 = 2.6
    ranked = prioritise(
        [("C", issue(5, 1, 1, 1)), ("A", issue((5, 4, 3), 3, 4, 2)), ("B", issue(3, 3, 3, 3))],
        DEFAULT,
    )
    assert [(r.key, r.rank, r.score) for r in ranked] == [
        ("A", 1, Decimal("3.40")),
        ("B", 2, Decimal("3.00")),
        ("C", 3, Decimal("2.60")),
    ]
    a = ranked[0]
    assert a.exact == Fraction(17, 5)
    assert a.factors["prominence"].mean == Decimal("4.00")
    assert a.factors["prominence"].weight_share == Decimal("0.4000")
    assert a.factors["prominence"].contribution == Decimal("1.60")
    assert a.factors["evaluability"].contribution == Decimal("0.40")
    # The contributions add up to the score.
    assert sum(part.contribution for part in a.factors.values()) == a.score


def test_ties_share_a_rank_and_prominence_breaks_equal_scores():
    # G all 5 → 5.0.  D: 0.4·4 + 0.2·(2+2+2) = 2.8.  E, F: 0.4·3 + 0.2·(3+3+2) = 2.8.
    # D, E, F tie on score; D's prominence mean 4 > 3 puts it first; E and F tie on both
    # → the same rank 3 (competition ranking), input order kept; H all 1 → rank 5.
    ranked = prioritise(
        [
            ("E", issue(3, 3, 3, 2)),
            ("F", issue(3, 3, 3, 2)),
            ("D", issue(4, 2, 2, 2)),
            ("H", issue(1, 1, 1, 1)),
            ("G", issue(5, 5, 5, 5)),
        ],
        DEFAULT,
    )
    assert [(r.key, r.rank) for r in ranked] == [("G", 1), ("D", 2), ("E", 3), ("F", 3), ("H", 5)]
    assert ranked[1].score == ranked[2].score == Decimal("2.80")


def test_unequal_weights_use_their_shares():
    # Weights 1, 0, 0, 3 (sum 4): shares 1/4, 0, 0, 3/4.
    # A: (1·4 + 3·2) / 4 = 2.5;  B: (1·2 + 3·3) / 4 = 2.75 → B first.
    weights = {"prominence": 1, "enterprise": 0, "cb": 0, "evaluability": 3}
    ranked = prioritise([("A", issue(4, 5, 5, 2)), ("B", issue(2, 1, 1, 3))], weights)
    assert [(r.key, r.rank, r.score) for r in ranked] == [
        ("B", 1, Decimal("2.75")),
        ("A", 2, Decimal("2.50")),
    ]
    b = ranked[0]
    assert b.factors["evaluability"].weight_share == Decimal("0.7500")
    assert b.factors["evaluability"].contribution == Decimal("2.25")
    # A zero weight: shown, but contributes nothing.
    assert b.factors["enterprise"].weight_share == Decimal("0.0000")
    assert b.factors["enterprise"].contribution == Decimal("0.00")


def test_zero_weight_factor_does_not_change_the_order():
    # Without prominence (weight 0): X = (5+1+1)/3 = 7/3, Y = (2+2+2)/3 = 2 → X first even though
    # Y's prominence is 5; with prominence 0.4 Y would lead (Y 2.0+1.2=3.2 vs X 0.4+1.4=1.8).
    weights = {"prominence": 0, "enterprise": 1, "cb": 1, "evaluability": 1}
    ranked = prioritise([("Y", issue(5, 2, 2, 2)), ("X", issue(1, 5, 1, 1))], weights)
    assert [(r.key, r.rank, r.exact) for r in ranked] == [
        ("X", 1, Fraction(7, 3)),
        ("Y", 2, Fraction(2)),
    ]
    assert ranked[0].score == Decimal("2.33")
    assert ranked[0].factors["enterprise"].weight_share == Decimal("0.3333")


def test_partly_scored_factor_uses_its_scored_sub_criteria():
    # Prominence (5, None, 3) → mean 4; others 3 → 0.4·4 + 0.6·3 = 3.4
    ranked = prioritise([("A", issue((5, None, 3), 3, 3, 3))], DEFAULT)
    assert ranked[0].score == Decimal("3.40")
    assert ranked[0].factors["prominence"].mean == Decimal("4.00")


def test_unscored_issue_is_listed_last_without_a_rank():
    # U has no evaluability score at all → unscored, whatever its other scores.
    ranked = prioritise(
        [("U", issue(5, 5, 5, None)), ("A", issue(1, 1, 1, 1)), ("M", {"prominence": {}})],
        DEFAULT,
    )
    assert [(r.key, r.rank) for r in ranked] == [("A", 1), ("U", None), ("M", None)]
    assert ranked[1].score is None and ranked[1].exact is None
    assert ranked[1].factors["evaluability"].mean is None
    assert ranked[1].factors["prominence"].mean == Decimal("5.00")


def test_rounding_is_half_up_on_exact_values():
    # Prominence (2, 2, 1) → 5/3 → 1.67; enterprise (3, 3, 3, 3, 4)
    # → 16/5 = 3.2; score with weights all 1: (5/3 + 16/5 + 1 + 1)/4 = 103/60 = 1.71666… → 1.72
    weights = {"prominence": 1, "enterprise": 1, "cb": 1, "evaluability": 1}
    ranked = prioritise([("A", issue((2, 2, 1), (3, 3, 3, 3, 4), 1, 1))], weights)
    assert ranked[0].exact == Fraction(103, 60)
    assert ranked[0].score == Decimal("1.72")
    assert ranked[0].factors["prominence"].mean == Decimal("1.67")
    assert ranked[0].factors["enterprise"].mean == Decimal("3.20")


@pytest.mark.parametrize(
    "weights",
    [
        {"prominence": 0, "enterprise": 0, "cb": 0, "evaluability": 0},
        {"prominence": -1, "enterprise": 1, "cb": 1, "evaluability": 1},
        {},
        {"prominence": float("nan"), "enterprise": 1, "cb": 1, "evaluability": 1},
        {"prominence": "heavy", "enterprise": 1, "cb": 1, "evaluability": 1},
        {"prominence": True, "enterprise": 1, "cb": 1, "evaluability": 1},
    ],
)
def test_bad_weights_raise_value_error(weights):
    with pytest.raises(ValueError):
        prioritise([("A", issue(3, 3, 3, 3))], weights)


@pytest.mark.parametrize("bad", [0, 6, 2.5, "3", True])
def test_scores_outside_one_to_five_raise_value_error(bad):
    with pytest.raises(ValueError):
        prioritise([("A", issue(bad, 3, 3, 3))], DEFAULT)


def test_float_weights_are_read_as_their_decimals():
    # 0.4 is 2/5 exactly, not the binary float's 0.40000000000000002220…
    ranked = prioritise([("A", issue(5, 1, 1, 1))], DEFAULT)
    assert ranked[0].exact == Fraction(13, 5)


def test_empty_input_gives_an_empty_ranking():
    assert prioritise([], DEFAULT) == []
    assert all(shift.moves == [] for shift in sensitivity([], DEFAULT))


def test_prominence_plus_twenty_percent_swaps_two_issues():
    # X: prominence 5, others 2, 2, 2 (sum S = 6).  Y: prominence 3, others 4, 4, 2.5 (S = 10.5).
    # Default: X = 0.4·5 + 0.2·6 = 3.2;  Y = 0.4·3 + 0.2·10.5 = 3.3 → Y 1, X 2.
    # Prominence ×1.2 (0.48, Σw = 1.08): X = (2.4 + 1.2)/1.08 = 3.333…;
    #   Y = (1.44 + 2.1)/1.08 = 3.277… → X 1, Y 2.
    # Prominence ×0.8 (0.32, Σw = 0.92): X = 2.8/0.92 = 3.04, Y = 3.06/0.92 = 3.33 → no change.
    # Enterprise ×0.8 (the closest other case; Σw = 0.96): X = 3.12/0.96 = 3.25,
    #   Y = (1.2 + 0.64 + 0.8 + 0.5)/0.96 = 3.27 → no change; the CB factor is the same by symmetry.
    # Evaluability ×1.2: X = 3.28/1.04 = 3.15, Y = 3.4/1.04 = 3.27; ×0.8: X 3.25, Y 3.33.
    issues = [("X", issue(5, 2, 2, 2)), ("Y", issue(3, 4, 4, (2, 3, 2, 3)))]
    assert [(r.key, r.rank) for r in prioritise(issues, DEFAULT)] == [("Y", 1), ("X", 2)]
    shifts = sensitivity(issues, DEFAULT)
    assert [(s.factor, s.change) for s in shifts] == [
        ("prominence", 20),
        ("prominence", -20),
        ("enterprise", 20),
        ("enterprise", -20),
        ("cb", 20),
        ("cb", -20),
        ("evaluability", 20),
        ("evaluability", -20),
    ]
    assert shifts[0].moves == [Move("X", 2, 1), Move("Y", 1, 2)]
    assert all(s.moves == [] for s in shifts[1:])


def test_sensitivity_ignores_unscored_issues_and_zero_weights():
    # A zero weight stays zero when multiplied: nothing moves for that factor.
    weights = {"prominence": 0, "enterprise": 1, "cb": 1, "evaluability": 1}
    issues = [("A", issue(5, 2, 2, 2)), ("B", issue(1, 3, 3, 3)), ("U", issue(5, 5, 5, None))]
    shifts = sensitivity(issues, weights)
    assert shifts[0].moves == [] and shifts[1].moves == []
    assert all(move.key != "U" for s in shifts for move in s.moves)


def test_sensitivity_step_must_be_a_fraction_of_one():
    with pytest.raises(ValueError):
        sensitivity([("A", issue(3, 3, 3, 3))], DEFAULT, step=Fraction(3, 2))
