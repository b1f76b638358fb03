"""Assistance issues, choosing points and a CB's weights (services; issue 6 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualift.assistance.choices import SUB_CRITERIA, Area
from qualift.assistance.models import AssistanceIssue, Diagnosis, Plan, PriorityWeights
from qualift.assistance.selectors_issues import rank_entry
from qualift.assistance.services.issues import (
    choose_points,
    issue_create,
    issue_delete,
    issue_update,
)
from qualift.assistance.services.weights import weights_for, weights_save
from qualift.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def make_diagnosis(entry) -> Diagnosis:
    """Test data only: a diagnosis on the entry (H2's service is built alongside)."""
    return Diagnosis.objects.create(
        ledger_entry=entry,
        enterprise_id=entry.enterprise_id,
        cb_id=entry.cb_id,
        program_id=entry.program_id,
        held_on=dt.date(2026, 3, 2),
    )


def scores(p: int, e: int, c: int, v: int) -> dict[str, int]:
    """Every sub-criterion of each factor set to that factor's value."""
    values = {"prominence": p, "enterprise": e, "cb": c, "evaluability": v}
    return {
        f"{factor}_{name}": values[factor]
        for factor, subs in SUB_CRITERIA.items()
        for name, _label in subs
    }


def make_issue(diagnosis, title, p=None, e=None, c=None, v=None, area=Area.KEY_PROCESS):
    data = {"title": title, "area": area}
    if p is not None:
        data |= scores(p, e, c, v)
    return issue_create(actor=None, diagnosis=diagnosis, data=data)


@pytest.fixture
def diagnosis(world):
    return make_diagnosis(world.entry(world.a1))


@pytest.fixture
def three(diagnosis):
    """Under the default weights (0.4/0.2/0.2/0.2), by hand: top 0.4·5 + 0.6·4 = 4.4,
    middle 0.4·4 + 0.6·3 = 3.4, low 0.4·2 + 0.6·2 = 2.0."""
    return (
        make_issue(diagnosis, "Low", 2, 2, 2, 2),
        make_issue(diagnosis, "Top", 5, 4, 4, 4),
        make_issue(diagnosis, "Middle", 4, 3, 3, 3),
    )


def test_expert_records_a_scored_issue_with_its_tenant_keys_and_an_audit_event(world, diagnosis):
    issue = issue_create(
        actor=world.users["cba_expert"],
        diagnosis=diagnosis,
        data={
            "title": "  Kiln temperature not recorded ",
            "area": Area.KEY_PROCESS,
            "evidence": "No log sheet on line 2",
            "evidence_links": [{"kind": "nc", "id": 4, "label": "NC-4", "url": "/goals/nc/4/"}],
            **scores(5, 3, 4, 2),
        },
    )
    assert issue.title == "Kiln temperature not recorded"
    entry = world.entry(world.a1)
    assert (issue.enterprise_id, issue.cb_id, issue.program_id) == (
        entry.enterprise_id,
        entry.cb_id,
        entry.program_id,
    )
    assert issue.is_scored and issue.scores()["prominence"]["severity"] == 5
    event = AuditEvent.objects.get(verb="assistance_issue.create")
    assert event.target_id == str(issue.pk) and event.actor == world.users["cba_expert"]
    assert event.enterprise_id == world.a1.pk


@pytest.mark.parametrize(
    "user", ["cba_auditor1", "a1_admin", "a1_steward", "po_admin", "cbb_admin"]
)
def test_non_assisting_roles_cannot_record_issues(world, diagnosis, user):
    with pytest.raises(PermissionDenied):
        issue_create(actor=world.users[user], diagnosis=diagnosis, data={"title": "X"})
    assert not AssistanceIssue.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"area": Area.GOALS}, "title"),
        ({"title": "X", "area": "nonsense"}, "area"),
        ({"title": "X", "area": Area.GOALS, "prominence_severity": 6}, "prominence_severity"),
        ({"title": "X", "area": Area.GOALS, "cb_time": "high"}, "cb_time"),
        ({"title": "X", "area": Area.GOALS, "cb_time": 2.5}, "cb_time"),
        ({"title": "X", "area": Area.GOALS, "color": "red"}, "color"),
        (
            {
                "title": "X",
                "area": Area.GOALS,
                "evidence_links": [{"kind": "nc", "label": "x", "url": "https://evil"}],
            },
            "evidence_links",
        ),
        ({"title": "X", "area": Area.GOALS, "evidence_links": "nc-4"}, "evidence_links"),
    ],
)
def test_bad_issue_input_is_refused_and_nothing_is_saved(world, diagnosis, data, field):
    with pytest.raises(ValidationError) as caught:
        issue_create(actor=world.users["cba_admin"], diagnosis=diagnosis, data=data)
    assert field in caught.value.message_dict
    assert not AssistanceIssue.objects.exists()
    assert not AuditEvent.objects.filter(verb="assistance_issue.create").exists()


def test_expert_updates_scores_and_the_event_keeps_only_the_change(world, diagnosis):
    issue = make_issue(diagnosis, "Goals not broken down", 3, 3, 3, 3)
    issue_update(actor=world.users["cba_expert"], issue=issue, data={"prominence_effect": 5})
    issue.refresh_from_db()
    assert issue.prominence_effect == 5
    event = AuditEvent.objects.get(verb="assistance_issue.update")
    assert event.before == {"prominence_effect": 3}
    assert event.after == {"prominence_effect": 5}
    # The same value again writes nothing.
    issue_update(actor=world.users["cba_expert"], issue=issue, data={"prominence_effect": 5})
    assert AuditEvent.objects.filter(verb="assistance_issue.update").count() == 1


def test_a_point_cannot_lose_its_scores(world, three):
    low, top, middle = three
    choose_points(actor=None, entry=world.entry(world.a1), chosen=[top], skip_reasons={})
    with pytest.raises(ValidationError):
        issue_update(actor=None, issue=top, data={"cb_time": None})
    top.refresh_from_db()
    assert top.cb_time == 4


def test_issue_delete_refuses_an_issue_a_plan_uses(world, diagnosis):
    kept = make_issue(diagnosis, "In the plan", 3, 3, 3, 3)
    gone = make_issue(diagnosis, "Duplicate", 3, 3, 3, 3)
    entry = world.entry(world.a1)
    plan = Plan.objects.create(
        ledger_entry=entry,
        enterprise_id=entry.enterprise_id,
        cb_id=entry.cb_id,
        program_id=entry.program_id,
        title="Plan",
    )
    plan.points.add(kept)
    with pytest.raises(ValidationError):
        issue_delete(actor=world.users["cba_expert"], issue=kept)
    issue_delete(actor=world.users["cba_expert"], issue=gone)
    assert list(AssistanceIssue.objects.values_list("title", flat=True)) == ["In the plan"]
    assert AuditEvent.objects.filter(verb="assistance_issue.delete").count() == 1


def test_rank_entry_orders_by_hand_computed_scores(world, three):
    ranked, shifts, issues = rank_entry(world.entry(world.a1))
    assert [(issues[r.key].title, r.rank, str(r.score)) for r in ranked] == [
        ("Top", 1, "4.40"),
        ("Middle", 2, "3.40"),
        ("Low", 3, "2.00"),
    ]
    assert len(shifts) == 8


def test_choosing_past_a_higher_issue_needs_a_reason_naming_it(world, three):
    low, top, middle = three
    entry = world.entry(world.a1)
    with pytest.raises(ValidationError) as caught:
        choose_points(
            actor=world.users["cba_expert"], entry=entry, chosen=[top, low], skip_reasons={}
        )
    message = " ".join(caught.value.message_dict["skip_reasons"])
    assert "Middle" in message and "Top" not in message
    assert not AssistanceIssue.objects.filter(is_point=True).exists()
    # A blank reason is no reason.
    with pytest.raises(ValidationError):
        choose_points(
            actor=world.users["cba_expert"],
            entry=entry,
            chosen=[top, low],
            skip_reasons={middle.pk: "  "},
        )
    chosen = choose_points(
        actor=world.users["cba_expert"],
        entry=entry,
        chosen=[top, low],
        skip_reasons={str(middle.pk): "Needs an investment the owner cannot make this year"},
    )
    assert [i.title for i in chosen] == ["Top", "Low"]
    middle.refresh_from_db()
    assert not middle.is_point
    assert middle.skip_reason.startswith("Needs an investment")
    assert set(AssistanceIssue.objects.filter(is_point=True).values_list("title", flat=True)) == {
        "Top",
        "Low",
    }
    event = AuditEvent.objects.get(verb="assistance_issue.choose_points")
    assert event.after["chosen"] == [top.pk, low.pk]
    assert event.after["ranks"][str(middle.pk)] == 2


def test_choosing_the_top_ones_needs_no_reason_and_rechoosing_replaces(world, three):
    low, top, middle = three
    entry = world.entry(world.a1)
    choose_points(actor=None, entry=entry, chosen=[top, middle], skip_reasons={})
    choose_points(actor=None, entry=entry, chosen=[top], skip_reasons={})
    assert list(AssistanceIssue.objects.filter(is_point=True).values_list("title", flat=True)) == [
        "Top"
    ]


def test_choose_points_refuses_unscored_foreign_and_empty_choices(world, diagnosis, three):
    entry = world.entry(world.a1)
    unscored = make_issue(diagnosis, "Not scored yet")
    other = make_issue(make_diagnosis(world.entry(world.a2)), "A2's", 3, 3, 3, 3)
    for chosen in ([unscored], [other], []):
        with pytest.raises(ValidationError) as caught:
            choose_points(actor=None, entry=entry, chosen=chosen, skip_reasons={})
        assert "chosen" in caught.value.message_dict
    assert not AssistanceIssue.objects.filter(is_point=True).exists()


def test_enterprise_and_auditor_cannot_choose_points(world, three):
    for user in ("a1_admin", "cba_auditor1"):
        with pytest.raises(PermissionDenied):
            choose_points(
                actor=world.users[user],
                entry=world.entry(world.a1),
                chosen=[three[1]],
                skip_reasons={},
            )


def test_weights_default_until_the_cb_admin_saves_them(world):
    assert weights_for(world.cb_a) == {
        "prominence": 0.4,
        "enterprise": 0.2,
        "cb": 0.2,
        "evaluability": 0.2,
    }
    weights_save(
        actor=world.users["cba_admin"],
        cb=world.cb_a,
        data={"prominence": "1", "enterprise": "0", "cb": "0", "evaluability": "2.5"},
    )
    assert weights_for(world.cb_a) == {
        "prominence": 1.0,
        "enterprise": 0.0,
        "cb": 0.0,
        "evaluability": 2.5,
    }
    assert weights_for(world.cb_b)["prominence"] == 0.4
    assert AuditEvent.objects.filter(verb="priority_weights.save").count() == 1


def test_saved_weights_change_the_ranking(world, three):
    # Only the enterprise's ability counts (weights 0/1/0/0) and Low is rescored to 5 there:
    # Low 5, Top 4, Middle 3 (by hand) — Low goes from last to first.
    low, top, middle = three
    issue_update(actor=None, issue=low, data=scores(2, 5, 2, 2))
    weights_save(
        actor=None,
        cb=world.cb_a,
        data={"prominence": 0, "enterprise": 1, "cb": 0, "evaluability": 0},
    )
    ranked, _shifts, issues = rank_entry(world.entry(world.a1))
    assert [issues[r.key].title for r in ranked] == ["Low", "Top", "Middle"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"prominence": 0, "enterprise": 0, "cb": 0, "evaluability": 0}, "__all__"),
        ({"prominence": -1}, "prominence"),
        ({"prominence": 11}, "prominence"),
        ({"cb": "abc"}, "cb"),
        ({"evaluability": "0.125"}, "evaluability"),
    ],
)
def test_bad_weights_are_refused(world, data, field):
    with pytest.raises(ValidationError) as caught:
        weights_save(actor=world.users["cba_admin"], cb=world.cb_a, data=data)
    assert field in caught.value.message_dict
    assert not PriorityWeights.objects.exists()


@pytest.mark.parametrize("user", ["cba_expert", "cbb_admin", "po_admin", "a1_admin"])
def test_only_the_cbs_admin_sets_its_weights(world, user):
    with pytest.raises(PermissionDenied):
        weights_save(actor=world.users[user], cb=world.cb_a, data={"prominence": 1})


def test_weights_are_only_for_certification_bodies(world):
    with pytest.raises(ValidationError):
        weights_save(actor=None, cb=world.office, data={"prominence": 1})
