"""Improvement suggestions and incentives (issue 5 §6, §8): the state machine, the reward ledger
(points per stage from the scheme, never twice, none for anonymous suggestions), the
leaderboard, the pages, /api/v1/suggestions/ and the public link that can submit but read
nothing. Reference numbers are the scheme defaults in models/suggestions.py (1 / 5 / 10 points)
or the values each test sets, summed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qualift.api.tests.helpers import assert_error, last_event, results
from qualift.core.models import AuditEvent
from qualift.core.testing import pin_today
from qualift.objectives.choices import SUGGESTION_NEXT, SuggestionStatus
from qualift.objectives.models import Employee, RewardEntry, Suggestion
from qualift.objectives.selectors_suggestions import leaderboard, monthly_counts
from qualift.objectives.services.suggestions import (
    box_close,
    box_open,
    box_renew_token,
    reward_adjust,
    scheme_save,
    suggestion_decide,
    suggestion_evaluate,
    suggestion_implement,
    suggestion_reward,
    suggestion_submit,
)

pytestmark = pytest.mark.django_db
S = SuggestionStatus
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _one_day_throughout(monkeypatch):
    """TODAY is read once, at import: the services' "today" stays equal to it."""
    pin_today(monkeypatch, TODAY)


URL = "/api/v1/suggestions/"


def _employee(enterprise, name: str) -> Employee:
    # Test data only: the organisation feature's services are not needed to hold a name.
    return Employee.objects.create(enterprise=enterprise, name=name)


def _submit(world, employee=None, title="Label the bins", enterprise=None, today=TODAY):
    return suggestion_submit(
        actor=world.users["a1_staff"],
        enterprise=enterprise or world.a1,
        data={
            "title": title,
            "description": "Colour-coded bins stop mix-ups.",
            "employee": employee,
        },
        today=today,
    )


def _to(world, suggestion, status: str):
    """Walk a suggestion along the happy path up to `status` (or declined after evaluation)."""
    steward = world.users["a1_steward"]
    if status == S.SUBMITTED:
        return suggestion
    suggestion = suggestion_evaluate(
        actor=steward, suggestion=suggestion, benefit=4, cost=3, feasibility=5, note="Cheap."
    )
    if status == S.EVALUATED:
        return suggestion
    if status == S.DECLINED:
        return suggestion_decide(
            actor=steward, suggestion=suggestion, accept=False, reason="Not now.", day=TODAY
        )
    suggestion = suggestion_decide(
        actor=steward, suggestion=suggestion, accept=True, reason="Good idea.", day=TODAY
    )
    if status == S.ACCEPTED:
        return suggestion
    suggestion = suggestion_implement(
        actor=steward, suggestion=suggestion, note="Bins labelled.", day=TODAY
    )
    if status == S.IMPLEMENTED:
        return suggestion
    return suggestion_reward(
        actor=steward,
        suggestion=suggestion,
        day=TODAY,
        points=3,
        amount="20.00",
        note="Best of May",
    )


# State machine ----------------------------------------------------------------------------------


def test_staff_submits_numbered_suggestions_per_enterprise_and_year(world):
    first = _submit(world, today=dt.date(2024, 12, 30))
    second = _submit(world, today=dt.date(2025, 1, 2))
    third = _submit(world, today=dt.date(2025, 1, 3))
    other = suggestion_submit(
        actor=None, enterprise=world.a2, data={"title": "x", "description": "y"}, today=TODAY
    )
    assert [first.number, second.number, third.number] == ["S-2024-001", "S-2025-001", "S-2025-002"]
    assert other.number == f"S-{TODAY.year}-001"
    assert first.status == S.SUBMITTED and not first.via_link
    event = last_event("suggestion.submit")
    assert event.enterprise_id == world.a2.pk


def test_happy_path_walks_every_stage_and_records_each(world):
    suggestion = _to(world, _submit(world), S.REWARDED)
    suggestion.refresh_from_db()
    assert suggestion.status == S.REWARDED
    assert (suggestion.benefit, suggestion.cost, suggestion.feasibility) == (4, 3, 5)
    assert suggestion.score == 60  # 4 × 3 × 5
    assert suggestion.evaluated_by == world.users["a1_steward"]
    assert suggestion.decision_reason == "Good idea."
    assert suggestion.implementation_note == "Bins labelled."
    assert suggestion.rewarded_on == TODAY
    for verb in ("submit", "evaluate", "accept", "implement", "reward"):
        event = last_event(f"suggestion.{verb}")
        assert event.enterprise_id == world.a1.pk and event.after["status"] in S.values


@pytest.mark.parametrize("start", [S.SUBMITTED, S.EVALUATED])
def test_steward_declines_with_a_reason_from_submitted_or_evaluated(world, start):
    suggestion = _to(world, _submit(world), start)
    declined = suggestion_decide(
        actor=world.users["a1_steward"],
        suggestion=suggestion,
        accept=False,
        reason="We already ordered new bins.",
        day=TODAY,
    )
    assert declined.status == S.DECLINED and declined.decided_on == TODAY
    assert last_event("suggestion.decline").reason == "We already ordered new bins."


def test_decision_needs_a_reason(world):
    suggestion = _to(world, _submit(world), S.EVALUATED)
    with pytest.raises(ValidationError) as exc:
        suggestion_decide(
            actor=world.users["a1_steward"],
            suggestion=suggestion,
            accept=False,
            reason=" ",
            day=TODAY,
        )
    assert "reason" in exc.value.message_dict


ILLEGAL = [
    (S.SUBMITTED, "accept"),  # must be evaluated first
    (S.SUBMITTED, "implement"),
    (S.SUBMITTED, "reward"),
    (S.EVALUATED, "evaluate"),
    (S.EVALUATED, "implement"),
    (S.ACCEPTED, "decline"),
    (S.ACCEPTED, "reward"),
    (S.DECLINED, "accept"),
    (S.DECLINED, "implement"),
    (S.IMPLEMENTED, "implement"),
    (S.REWARDED, "reward"),
    (S.REWARDED, "evaluate"),
]


@pytest.mark.parametrize(("start", "move"), ILLEGAL)
def test_illegal_transitions_are_refused(world, start, move):
    suggestion = _to(world, _submit(world), start)
    steward = world.users["a1_steward"]
    calls = {
        "evaluate": lambda: suggestion_evaluate(
            actor=steward, suggestion=suggestion, benefit=1, cost=1, feasibility=1
        ),
        "accept": lambda: suggestion_decide(
            actor=steward, suggestion=suggestion, accept=True, reason="r", day=TODAY
        ),
        "decline": lambda: suggestion_decide(
            actor=steward, suggestion=suggestion, accept=False, reason="r", day=TODAY
        ),
        "implement": lambda: suggestion_implement(
            actor=steward, suggestion=suggestion, note="n", day=TODAY
        ),
        "reward": lambda: suggestion_reward(actor=steward, suggestion=suggestion, day=TODAY),
    }
    with pytest.raises(ValidationError):
        calls[move]()
    suggestion.refresh_from_db()
    assert suggestion.status == start


def test_every_legal_transition_of_the_table_is_reachable(world):
    """Each (from → to) pair of SUGGESTION_NEXT happens, read back from the audit trail's
    before/after status of every suggestion event."""
    for end in (S.DECLINED, S.REWARDED):
        assert _to(world, _submit(world), end).status == end
    declined = suggestion_decide(
        actor=None, suggestion=_submit(world), accept=False, reason="r", day=TODAY
    )
    assert declined.status == S.DECLINED
    events = AuditEvent.objects.filter(verb__startswith="suggestion.").exclude(
        verb="suggestion.submit"
    )
    reached = {(e.before["status"], e.after["status"]) for e in events}
    table = {(a, b) for a, nexts in SUGGESTION_NEXT.items() for b in nexts}
    assert reached == table


def test_evaluation_scores_must_be_1_to_5(world):
    suggestion = _submit(world)
    with pytest.raises(ValidationError) as exc:
        suggestion_evaluate(
            actor=None, suggestion=suggestion, benefit=0, cost=6, feasibility=3, note=""
        )
    assert set(exc.value.message_dict) == {"benefit", "cost"}


def test_roles_staff_cannot_evaluate_and_cb_cannot_submit(world):
    suggestion = _submit(world)
    with pytest.raises(PermissionDenied):
        suggestion_evaluate(
            actor=world.users["a1_staff"], suggestion=suggestion, benefit=1, cost=1, feasibility=1
        )
    with pytest.raises(PermissionDenied):
        suggestion_submit(
            actor=world.users["cba_expert"],
            enterprise=world.a1,
            data={"title": "t", "description": "d"},
        )
    with pytest.raises(PermissionDenied):
        scheme_save(actor=world.users["a1_steward"], enterprise=world.a1, data={})


def test_submission_rejects_another_enterprises_employee_and_oversized_text(world):
    stranger = _employee(world.a2, "Stranger")
    with pytest.raises(ValidationError) as exc:
        suggestion_submit(
            actor=None,
            enterprise=world.a1,
            data={"title": "x" * 201, "description": "", "employee": stranger},
        )
    assert set(exc.value.message_dict) == {"title", "description", "employee"}


# Ledger -----------------------------------------------------------------------------------------


def test_ledger_pays_each_stage_from_the_scheme_once(world):
    scheme_save(
        actor=world.users["a1_admin"],
        enterprise=world.a1,
        data={
            "points_submitted": 2,
            "points_accepted": 7,
            "points_implemented": 11,
            "money_accepted": "5.00",
            "money_implemented": "50.00",
        },
    )
    li = _employee(world.a1, "Li Na")
    suggestion = _to(world, _submit(world, employee=li), S.REWARDED)
    lines = {
        r.stage: (r.points, r.amount) for r in RewardEntry.objects.filter(suggestion=suggestion)
    }
    assert lines == {
        S.SUBMITTED: (2, Decimal("0.00")),
        S.ACCEPTED: (7, Decimal("5.00")),
        S.IMPLEMENTED: (11, Decimal("50.00")),
        S.REWARDED: (3, Decimal("20.00")),
    }
    # 2 + 7 + 11 + 3 = 23 points; 0 + 5 + 50 + 20 = 75.00
    board = leaderboard(world.a1)
    assert board == [
        {
            "employee_id": li.pk,
            "name": "Li Na",
            "points": 23,
            "amount": Decimal("75.00"),
            "suggestions": 1,
        }
    ]


def test_default_scheme_is_created_and_declined_suggestion_pays_only_the_submission(world):
    wang = _employee(world.a1, "Wang Wei")
    _to(world, _submit(world, employee=wang), S.DECLINED)
    entries = list(RewardEntry.objects.filter(employee=wang).values_list("stage", "points"))
    assert entries == [(S.SUBMITTED, 1)]  # default points_submitted = 1
    assert world.a1.incentive_scheme.points_accepted == 5


def test_anonymous_suggestion_earns_no_ledger_lines(world):
    _to(world, _submit(world, employee=None), S.REWARDED)
    assert not RewardEntry.objects.filter(enterprise=world.a1).exists()
    assert leaderboard(world.a1) == []


def test_a_stage_is_never_paid_twice(world):
    li = _employee(world.a1, "Li Na")
    suggestion = _to(world, _submit(world, employee=li), S.ACCEPTED)
    from qualift.objectives.services.suggestions import _ledger

    assert _ledger(suggestion, S.ACCEPTED, TODAY, 99, Decimal("1")) is None
    assert RewardEntry.objects.filter(suggestion=suggestion, stage=S.ACCEPTED).count() == 1


def test_leaderboard_sums_per_employee_and_year_and_adjustments(world):
    li, wang = _employee(world.a1, "Li Na"), _employee(world.a1, "Wang Wei")
    _to(world, _submit(world, employee=li), S.IMPLEMENTED)  # 1 + 5 + 10 = 16
    _submit(world, employee=li)  # + 1 = 17
    _to(world, _submit(world, employee=wang), S.ACCEPTED)  # 1 + 5 = 6
    reward_adjust(
        actor=world.users["a1_admin"], enterprise=world.a1, employee=wang, points=-2, note="Typo"
    )  # 6 − 2 = 4
    old = RewardEntry.objects.create(
        enterprise=world.a1, employee=wang, awarded_on=dt.date(TODAY.year - 1, 6, 1), points=30
    )
    this_year = {r["name"]: r["points"] for r in leaderboard(world.a1, TODAY.year)}
    all_time = {r["name"]: r["points"] for r in leaderboard(world.a1)}
    assert this_year == {"Li Na": 17, "Wang Wei": 4}
    assert all_time == {"Wang Wei": 34, "Li Na": 17}
    assert [r["name"] for r in leaderboard(world.a1)] == ["Wang Wei", "Li Na"]
    assert old.pk


def test_adjustment_needs_a_reason_and_a_change(world):
    li = _employee(world.a1, "Li Na")
    with pytest.raises(ValidationError) as exc:
        reward_adjust(actor=None, enterprise=world.a1, employee=li, points=0, amount=0, note="")
    assert "note" in exc.value.message_dict


def test_monthly_counts_split_by_status(world):
    _to(world, _submit(world), S.ACCEPTED)
    _submit(world)
    counts = monthly_counts(world.a1, TODAY)
    label = TODAY.strftime("%Y-%m")
    assert counts["months"][-1] == label and len(counts["months"]) == 12
    assert counts["series"][S.ACCEPTED][-1] == 1
    assert counts["series"][S.SUBMITTED][-1] == 1


# Public link ------------------------------------------------------------------------------------


def test_anonymous_visitor_submits_through_the_link_and_sees_only_the_number(world):
    box = box_open(actor=world.users["a1_steward"], enterprise=world.a1)
    _submit(world, title="Secret internal idea CANARY-SUGG")
    client = world.client(None)
    page = client.get(reverse("public:suggestion", args=[box.token]))
    assert page.status_code == 200
    body = page.content.decode()
    assert world.a1.name in body and "CANARY-SUGG" not in body
    response = client.post(
        reverse("public:suggestion", args=[box.token]),
        {
            "title": "Fix the lamp",
            "description": "Lamp over press 2 flickers.",
            "submitter_name": "",
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(title="Fix the lamp")
    assert suggestion.via_link and suggestion.employee is None and suggestion.enterprise == world.a1
    thanks = client.get(response["Location"]).content.decode()
    assert suggestion.number in thanks and "CANARY-SUGG" not in thanks
    assert last_event("suggestion.submit").actor is None


def test_anonymous_visitor_cannot_read_anything(world):
    box = box_open(actor=None, enterprise=world.a1)
    suggestion = _submit(world)
    client = world.client(None)
    for url in (
        reverse("objectives:suggestion-list", args=[world.a1.pk]),
        reverse("objectives:suggestion-detail", args=[suggestion.pk]),
        reverse("objectives:reward-ledger", args=[world.a1.pk]),
        reverse("objectives:suggestion-link", args=[world.a1.pk]),
    ):
        assert client.get(url).status_code == 302
    assert APIClient().get(URL).status_code == 401
    assert APIClient().get(f"{URL}{suggestion.pk}/").status_code == 401
    # The public page never lists suggestions, whoever the token belongs to.
    assert suggestion.title not in client.get(f"/s/{box.token}/").content.decode()


def test_token_of_one_enterprise_never_shows_or_files_into_another(world):
    box_a2 = box_open(actor=None, enterprise=world.a2)
    _submit(world, title="A1 idea only")
    client = world.client(None)
    body = client.get(f"/s/{box_a2.token}/").content.decode()
    assert world.a2.name in body and world.a1.name not in body and "A1 idea only" not in body
    client.post(f"/s/{box_a2.token}/", {"title": "A2 idea", "description": "d"})
    assert Suggestion.objects.get(title="A2 idea").enterprise == world.a2


def test_closed_renewed_or_unknown_token_answers_404(world):
    box = box_open(actor=None, enterprise=world.a1)
    old = box.token
    client = world.client(None)
    assert client.get("/s/no-such-token/").status_code == 404
    box = box_renew_token(actor=None, enterprise=world.a1)
    assert box.token != old
    assert client.get(f"/s/{old}/").status_code == 404
    assert client.post(f"/s/{old}/", {"title": "t", "description": "d"}).status_code == 404
    box_close(actor=None, enterprise=world.a1)
    assert client.get(f"/s/{box.token}/").status_code == 404
    assert client.get(f"/s/{box.token}/thanks/").status_code == 404
    reopened = box_open(actor=None, enterprise=world.a1)
    assert reopened.token == box.token and client.get(f"/s/{box.token}/").status_code == 200
    box_close(actor=None, enterprise=world.a1)
    with pytest.raises(ValidationError):
        suggestion_submit(
            actor=None, enterprise=world.a1, data={"title": "t", "description": "d"}, via_link=True
        )


def test_link_refuses_oversized_input_and_ignores_the_honeypot(world):
    box = box_open(actor=None, enterprise=world.a1)
    client = world.client(None)
    response = client.post(f"/s/{box.token}/", {"title": "t", "description": "x" * 40_000})
    assert response.status_code == 413
    long_title = client.post(f"/s/{box.token}/", {"title": "t" * 300, "description": "d"})
    assert long_title.status_code == 200 and not Suggestion.objects.exists()
    bot = client.post(f"/s/{box.token}/", {"title": "Buy", "description": "spam", "website": "x"})
    assert bot.status_code == 302 and not Suggestion.objects.exists()


# Pages ------------------------------------------------------------------------------------------


def test_pages_render_and_stage_forms_post(world):
    steward = world.client("a1_steward")
    li = _employee(world.a1, "Li Na")
    response = steward.post(
        reverse("objectives:suggestion-create", args=[world.a1.pk]),
        {"title": "Shadow board", "description": "Tools on a shadow board.", "employee": li.pk},
    )
    suggestion = Suggestion.objects.get(title="Shadow board")
    assert response.status_code == 302
    detail = steward.get(reverse("objectives:suggestion-detail", args=[suggestion.pk]))
    assert detail.status_code == 200 and 'id="stage-evaluate"' in detail.content.decode()
    response = steward.post(
        reverse("objectives:suggestion-evaluate", args=[suggestion.pk]),
        {"benefit": "5", "cost": "4", "feasibility": "5", "note": ""},
    )
    assert response.status_code == 302
    bad = steward.post(
        reverse("objectives:suggestion-decide", args=[suggestion.pk]),
        {"accept": "0", "reason": "", "day": TODAY.isoformat()},
    )
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
    steward.post(
        reverse("objectives:suggestion-decide", args=[suggestion.pk]),
        {"accept": "1", "reason": "Saves time", "day": TODAY.isoformat()},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == S.ACCEPTED
    listing = steward.get(
        reverse("objectives:suggestion-list", args=[world.a1.pk]), {"status": "accepted"}
    ).content.decode()
    assert "Shadow board" in listing and "suggestion-chart-data" in listing
    ledger = steward.get(reverse("objectives:reward-ledger", args=[world.a1.pk])).content.decode()
    assert "Li Na" in ledger
    link = steward.post(
        reverse("objectives:suggestion-link", args=[world.a1.pk]), {"action": "open"}
    )
    assert link.status_code == 302
    page = steward.get(reverse("objectives:suggestion-link", args=[world.a1.pk])).content.decode()
    assert "<svg" in page and world.a1.suggestion_box.token in page


def test_staff_reads_ledger_but_cannot_correct_it_or_open_the_box(world):
    staff = world.client("a1_staff")
    li = _employee(world.a1, "Li Na")
    url = reverse("objectives:reward-ledger", args=[world.a1.pk])
    assert staff.get(url).status_code == 200
    data = {"employee": li.pk, "points": "5", "amount": "0", "note": "x"}
    assert staff.post(url, data).status_code == 403
    link = reverse("objectives:suggestion-link", args=[world.a1.pk])
    assert staff.post(link, {"action": "open"}).status_code == 403
    admin = world.client("a1_admin")
    assert admin.post(url, data).status_code == 302
    assert RewardEntry.objects.get(employee=li).points == 5


# API --------------------------------------------------------------------------------------------


def _api(world, username):
    client = APIClient()
    client.force_authenticate(world.users[username])
    return client


def test_api_submits_walks_the_stages_and_filters(world):
    li = _employee(world.a1, "Li Na")
    staff = _api(world, "a1_staff")
    created = staff.post(
        URL,
        {"enterprise": world.a1.pk, "title": "Kanban", "description": "Cards", "employee": li.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["number"] == f"S-{TODAY.year}-001"
    assert [r["points"] for r in created.json()["rewards"]] == [1]
    steward = _api(world, "a1_steward")
    day = TODAY.isoformat()
    steps = [
        ("evaluate", {"benefit": 3, "cost": 3, "feasibility": 3}),
        ("decide", {"accept": True, "reason": "Yes", "day": day}),
        ("implement", {"note": "Board up", "day": day}),
        ("reward", {"day": day, "points": 2, "amount": "10.50"}),
    ]
    for name, body in steps:
        response = steward.post(f"{URL}{pk}/{name}/", body, format="json")
        assert response.status_code == 200, (name, response.content)
    assert response.json()["status"] == "rewarded" and response.json()["score"] == 27
    again = steward.post(f"{URL}{pk}/reward/", {"day": day}, format="json")
    assert_error(again, 400)
    assert [r["id"] for r in results(steward.get(URL, {"status": "rewarded"}))] == [pk]
    assert results(steward.get(URL, {"status": "submitted"})) == []
    assert_error(steward.get(URL, {"enterprise": "x"}), 400)


def test_api_scope_and_roles(world):
    suggestion = _submit(world)
    assert_error(_api(world, "b1_admin").get(f"{URL}{suggestion.pk}/"), 404)
    assert_error(
        _api(world, "a1_staff").post(
            f"{URL}{suggestion.pk}/evaluate/",
            {"benefit": 1, "cost": 1, "feasibility": 1},
            format="json",
        ),
        403,
    )
    assert_error(
        _api(world, "cba_auditor1").post(
            URL, {"enterprise": world.a1.pk, "title": "t", "description": "d"}, format="json"
        ),
        403,
    )
    other = _employee(world.a2, "Other")
    response = _api(world, "a1_staff").post(
        URL,
        {"enterprise": world.a1.pk, "title": "t", "description": "d", "employee": other.pk},
        format="json",
    )
    assert "employee" in assert_error(response, 400)["fields"]
