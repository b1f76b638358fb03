"""Involvement: who assisted which enterprise and when, the lookup certification impartiality
reads (DOMAIN §1: no auditing an enterprise within two years of assisting it). The dates are
worked out by hand from D = 2023-03-10 below."""

from __future__ import annotations

import datetime as dt

import pytest

from qualift.assistance.choices import InvolvementSource, MeasureKind
from qualift.assistance.involvement import (
    assistance_involvement,
    years_before,
)
from qualift.assistance.services.diagnoses import diagnosis_create
from qualift.assistance.services.plans import measure_save, plan_create
from qualift.assistance.services.visits import visit_create

pytestmark = pytest.mark.django_db
D = dt.date(2023, 3, 10)


def _visit(world, enterprise, expert="cba_expert", day=D):
    return visit_create(
        actor=world.users["cba_admin"],
        entry=world.entry(enterprise),
        data={"held_on": day, "activities": "Walked the assembly line."},
        experts=[world.users[expert]],
    )


def _found(world, enterprise, on, person="cba_expert"):
    return assistance_involvement([world.users[person].pk], enterprise.pk, on)


def test_visit_expert_is_found_for_an_audit_within_two_years(world):
    visit = _visit(world, world.a1)
    one_year = dt.date(2024, 3, 10)
    last_day = dt.date(2025, 3, 9)  # D + 2 years − 1 day
    for on in (D, one_year, last_day):
        rows = _found(world, world.a1, on)
        assert [(r.source, r.source_id, r.day) for r in rows] == [
            (InvolvementSource.VISIT, visit.pk, D)
        ], on


def test_visit_expert_is_not_found_after_two_years_or_for_another_enterprise(world):
    _visit(world, world.a1)
    assert _found(world, world.a1, dt.date(2025, 3, 11)) == []  # D + 2 years + 1 day
    assert _found(world, world.a2, dt.date(2024, 3, 10)) == []
    assert _found(world, world.a1, dt.date(2024, 3, 10), person="cba_auditor1") == []


def test_two_years_back_from_29_february_is_28_february():
    assert years_before(dt.date(2024, 2, 29), 2) == dt.date(2022, 2, 28)


def test_diagnosis_expert_is_found(world):
    diagnosis = diagnosis_create(
        actor=world.users["cba_admin"],
        entry=world.entry(world.a1),
        data={"held_on": D, "mode": "on_site", "hours": 4, "summary": ""},
        experts=[world.users["cba_expert"]],
    )
    rows = _found(world, world.a1, dt.date(2024, 6, 1))
    assert [(r.source, r.source_id) for r in rows] == [(InvolvementSource.DIAGNOSIS, diagnosis.pk)]


def test_measure_cb_owner_is_found(world):
    plan = plan_create(
        actor=world.users["cba_admin"],
        entry=world.entry(world.a1),
        data={"title": "One enterprise, one policy"},
        points=[],
    )
    measure = measure_save(
        actor=world.users["cba_admin"],
        plan=plan,
        data={
            "kind": MeasureKind.TRAINING,
            "title": "Train the line leaders",
            "cb_owner": world.users["cba_admin"],
            "enterprise_owner": world.users["a1_steward"],
            "starts_on": D,
            "due_on": dt.date(2023, 6, 30),
        },
    )
    rows = _found(world, world.a1, dt.date(2024, 1, 1), person="cba_admin")
    assert [(r.source, r.source_id, r.day) for r in rows] == [
        (InvolvementSource.MEASURE, measure.pk, D)
    ]
