"""Freezing control limits from phase I readings (versioned; who, when, why).

Reference values: qcc 3.0 vignette / Montgomery, Introduction to SQC, Example 6.1 (pistonrings,
samples 1-25): X̄ centre 74.00118, σ 0.009785039 (qcc's d2 table; exact d2 agrees to 3.2e-5
relative), LCL 73.98805, UCL 74.0143; R centre 0.02276, UCL 0.04812533.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualift.core.models import AuditEvent
from qualift.process.models import LimitSet
from qualift.process.series import analyze_parameter
from qualift.process.services.limits import freeze_limits
from qualift.process.tests.chart_fixtures import pistonrings_parameter

REASON = "Phase I of Montgomery Example 6.1: 25 samples, in control"


@pytest.fixture
def rings(world):
    return pistonrings_parameter(world.a1)


def test_steward_freezes_pistonrings_phase1_limits(world, rings):
    steward = world.users["a1_steward"]
    ls = freeze_limits(
        actor=steward, parameter=rings, first_subgroup=1, last_subgroup=25, reason=REASON
    )
    assert ls.version == 1
    assert ls.chart_type == "xbar-r"
    assert ls.center == pytest.approx(74.00118, abs=5e-6)
    assert ls.sigma == pytest.approx(0.009785039, rel=3.2e-5)
    assert ls.lcl == pytest.approx(73.98805, abs=5e-6)
    assert ls.ucl == pytest.approx(74.0143, abs=5e-5)
    assert ls.secondary_center == pytest.approx(0.02276, abs=5e-6)
    assert ls.secondary_ucl == pytest.approx(0.04812533, rel=1e-4)
    assert ls.secondary_lcl == 0.0
    assert (ls.first_subgroup, ls.last_subgroup, ls.n_points) == (1, 25, 25)
    assert ls.excluded_subgroups == []
    assert ls.frozen_by == steward and ls.frozen_by_name
    assert ls.reason == REASON
    event = AuditEvent.objects.get(verb="limits.freeze")
    assert event.enterprise_id == world.a1.pk and event.reason == REASON
    rings.refresh_from_db()
    assert rings.health_at is not None and rings.health != "unknown"


def test_frozen_limits_judge_phase2_and_flag_37_to_39(world, rings):
    freeze_limits(actor=None, parameter=rings, first_subgroup=1, last_subgroup=25, reason=REASON)
    analysis = analyze_parameter(rings)
    assert analysis.limit_set.version == 1
    assert int(analysis.result.phase1.sum()) == 25
    flagged = [v["index"] for v in analysis.result.violations() if v["rule"] == 1]
    assert flagged == [37, 38, 39]


def test_admin_freezes_a_second_version(world, rings):
    freeze_limits(actor=None, parameter=rings, first_subgroup=1, last_subgroup=25, reason=REASON)
    ls = freeze_limits(
        actor=world.users["a1_admin"],
        parameter=rings,
        first_subgroup=1,
        last_subgroup=40,
        reason="All 40 samples, flagged ones left out",
        exclude_flagged=True,
    )
    assert ls.version == 2
    assert {37, 38, 39} <= set(ls.excluded_subgroups)
    assert ls.n_points == 40 - len(ls.excluded_subgroups)
    assert list(LimitSet.objects.filter(parameter=rings).values_list("version", flat=True)) == [
        2,
        1,
    ]


def test_steward_freezing_without_reason_changes_nothing(world, rings):
    with pytest.raises(ValidationError) as exc:
        freeze_limits(
            actor=world.users["a1_steward"],
            parameter=rings,
            first_subgroup=1,
            last_subgroup=25,
            reason="   ",
        )
    assert "reason" in exc.value.message_dict
    assert not LimitSet.objects.exists()
    assert not AuditEvent.objects.filter(verb="limits.freeze").exists()


def test_steward_freezing_an_empty_range_gets_a_clear_error(world, rings):
    with pytest.raises(ValidationError) as exc:
        freeze_limits(
            actor=None, parameter=rings, first_subgroup=41, last_subgroup=60, reason=REASON
        )
    assert "first_subgroup" in exc.value.message_dict
    with pytest.raises(ValidationError):
        freeze_limits(actor=None, parameter=rings, first_subgroup=9, last_subgroup=3, reason="x")
    assert not LimitSet.objects.exists()


@pytest.mark.parametrize("username", ["a1_staff", "cba_admin", "cba_auditor1"])
def test_read_only_roles_cannot_freeze_limits(world, rings, username):
    with pytest.raises(PermissionDenied):
        freeze_limits(
            actor=world.users[username],
            parameter=rings,
            first_subgroup=1,
            last_subgroup=25,
            reason=REASON,
        )
    assert not LimitSet.objects.exists()
