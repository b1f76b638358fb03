"""The quality-awareness pulse survey (issue 5 §6): opening and closing rounds, anonymous answers
through the public link, results and trend (means checked against hand computation), the pages,
who may do what, and that the public link reads nothing back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from qualift.api.tests.helpers import last_event
from qualift.core.audit import verify_chain
from qualift.objectives.models import PulseResponse, PulseRound
from qualift.objectives.pulse_questions import DEFAULT_QUESTIONS, default_questions
from qualift.objectives.services.pulse import (
    pulse_answer,
    pulse_close,
    pulse_open,
    round_results,
    trend,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 10)
QUESTIONS = ["I know my objectives.", "I report problems.", "My ideas are heard."]


def _data(**overrides):
    data = {
        "title": "Pulse June",
        "questions": list(QUESTIONS),
        "opened_on": DAY,
        "closes_on": DAY + dt.timedelta(days=14),
    }
    data.update(overrides)
    return data


def _round(world, enterprise=None, **overrides) -> PulseRound:
    return pulse_open(actor=None, enterprise=enterprise or world.a1, data=_data(**overrides))


def _live_round(world, enterprise=None, **overrides) -> PulseRound:
    """A round open today (the pages use the real date)."""
    today = timezone.localdate()
    overrides.setdefault("opened_on", today - dt.timedelta(days=1))
    overrides.setdefault("closes_on", today + dt.timedelta(days=7))
    return _round(world, enterprise, **overrides)


def _answer(pulse_round, scores, comment="", today=DAY):
    return pulse_answer(round=pulse_round, scores=scores, comment=comment, today=today)


# Opening and closing -----------------------------------------------------------------------------


def test_steward_opens_a_round_with_a_secret_link_and_one_audit_event(world):
    steward = world.users["a1_steward"]
    pulse_round = pulse_open(
        actor=steward,
        enterprise=world.a1,
        data=_data(title="  Pulse June  ", questions=["  I know my objectives. "]),
    )
    assert pulse_round.title == "Pulse June"
    assert pulse_round.questions == ["I know my objectives."]
    assert pulse_round.status == "open"
    assert len(pulse_round.token) >= 22  # token_urlsafe(16): 16 random bytes
    event = last_event("pulse_round.open")
    assert event.actor == steward and event.enterprise_id == world.a1.pk
    assert event.after["title"] == "Pulse June"
    assert "token" not in event.after and pulse_round.token not in str(event.after)
    assert verify_chain().ok


def test_two_rounds_get_different_tokens(world):
    assert _round(world).token != _round(world).token


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"questions": []}, "questions"),
        ({"questions": [f"Q{i}" for i in range(11)]}, "questions"),
        ({"questions": ["Fine", "   "]}, "questions"),
        ({"questions": ["x" * 201]}, "questions"),
        ({"questions": "not a list"}, "questions"),
        ({"opened_on": None}, "opened_on"),
        ({"closes_on": DAY - dt.timedelta(days=1)}, "closes_on"),
    ],
)
def test_bad_round_is_refused_and_nothing_is_saved(world, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _round(world, **overrides)
    assert field in exc.value.message_dict
    assert not PulseRound.objects.exists()


def test_ten_questions_and_a_one_day_round_are_allowed(world):
    pulse_round = _round(world, questions=[f"Q{i}" for i in range(10)], closes_on=DAY)
    assert len(pulse_round.questions) == 10


@pytest.mark.parametrize("username", ["a1_staff", "cba_expert", "cba_auditor1", "a2_admin"])
def test_staff_cb_people_and_other_enterprises_cannot_open_or_close(world, username):
    with pytest.raises(PermissionDenied):
        pulse_open(actor=world.users[username], enterprise=world.a1, data=_data())
    pulse_round = _round(world)
    with pytest.raises(PermissionDenied):
        pulse_close(actor=world.users[username], round=pulse_round)


def test_admin_closes_a_round_once(world):
    pulse_round = _round(world)
    closed = pulse_close(actor=world.users["a1_admin"], round=pulse_round)
    assert closed.status == "closed"
    event = last_event("pulse_round.close")
    assert (event.before, event.after) == ({"status": "open"}, {"status": "closed"})
    with pytest.raises(ValidationError):
        pulse_close(actor=world.users["a1_admin"], round=pulse_round)


# Answers and results -----------------------------------------------------------------------------


def test_answers_aggregate_to_hand_computed_means(world):
    pulse_round = _round(world)
    for scores in ([5, 4, 3], [4, 4, 2], [3, 5, 2], [4, 2, 1]):
        _answer(pulse_round, scores)
    results = round_results(pulse_round)
    # By hand: Q1 (5+4+3+4)/4 = 4.00, Q2 (4+4+5+2)/4 = 3.75, Q3 (3+2+2+1)/4 = 2.00;
    # all twelve scores 39/12 = 3.25.
    assert results["responses"] == 4
    assert results["means"] == [Decimal("4.00"), Decimal("3.75"), Decimal("2.00")]
    assert results["overall"] == Decimal("3.25")
    assert [q["text"] for q in results["questions"]] == QUESTIONS
    assert results["questions"][0]["counts"] == [0, 0, 1, 2, 1]  # one 3, two 4s, one 5
    assert results["questions"][2]["counts"] == [1, 2, 1, 0, 0]


def test_means_round_half_up_to_two_places(world):
    pulse_round = _round(world, questions=["A", "B"])
    for scores in ([5, 1], [4, 2], [4, 2]):
        _answer(pulse_round, scores)
    # 13/3 = 4.333… → 4.33; 5/3 = 1.666… → 1.67; 18/6 = 3.00.
    results = round_results(pulse_round)
    assert results["means"] == [Decimal("4.33"), Decimal("1.67")]
    assert results["overall"] == Decimal("3.00")
    one = _round(world, questions=["C"])
    for scores in ([1], [2], [2], [2], [2], [2], [2], [2]):  # 15/8 = 1.875 → 1.88 (half up)
        _answer(one, scores)
    assert round_results(one)["overall"] == Decimal("1.88")


def test_a_round_without_answers_has_no_means(world):
    results = round_results(_round(world))
    assert results["responses"] == 0
    assert results["means"] == [None, None, None] and results["overall"] is None


def test_an_answer_is_audited_without_the_scores_comment_or_person(world):
    pulse_round = _round(world)
    response = _answer(pulse_round, [1, 2, 3], comment="  My supervisor ignores defects. ")
    assert response.comment == "My supervisor ignores defects."
    assert (response.enterprise_id, response.submitted_on) == (world.a1.pk, DAY)
    event = last_event("pulse_response.submit")
    assert event.actor is None and event.enterprise_id == world.a1.pk
    assert event.after == {"round_id": pulse_round.pk}
    assert "supervisor" not in str(event.after) + event.target_label + event.reason
    assert verify_chain().ok


@pytest.mark.parametrize(
    "today",
    [DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=15)],
    ids=["before-it-opens", "after-it-closes"],
)
def test_a_round_outside_its_dates_rejects_answers(world, today):
    pulse_round = _round(world)
    with pytest.raises(ValidationError):
        _answer(pulse_round, [3, 3, 3], today=today)
    _answer(pulse_round, [3, 3, 3], today=DAY + dt.timedelta(days=14))  # the last day counts
    assert PulseResponse.objects.count() == 1


def test_a_closed_round_rejects_answers(world):
    pulse_round = _round(world)
    pulse_close(actor=None, round=pulse_round)
    with pytest.raises(ValidationError):
        _answer(pulse_round, [3, 3, 3])
    assert not PulseResponse.objects.exists()


@pytest.mark.parametrize(
    "scores",
    [[3, 3], [3, 3, 3, 3], [], [0, 3, 3], [3, 6, 3], [3, True, 3], ["3", 3, 3], [3.5, 3, 3], None],
)
def test_wrong_scores_are_rejected(world, scores):
    pulse_round = _round(world)
    with pytest.raises(ValidationError) as exc:
        _answer(pulse_round, scores)
    assert "scores" in exc.value.message_dict
    assert not PulseResponse.objects.exists()


def test_an_oversized_comment_is_rejected(world):
    with pytest.raises(ValidationError) as exc:
        _answer(_round(world), [3, 3, 3], comment="x" * 1001)
    assert "comment" in exc.value.message_dict


def test_trend_lists_each_round_oldest_first_with_its_means(world):
    june = _round(world, title="June")
    march = _round(world, title="March", opened_on=DAY - dt.timedelta(days=90), closes_on=DAY)
    _round(world, world.a2, title="Other enterprise")
    _answer(march, [2, 3, 4], today=DAY - dt.timedelta(days=80))
    _answer(march, [3, 3, 4], today=DAY - dt.timedelta(days=80))
    _answer(june, [4, 4, 5])
    points = trend(world.a1)
    assert [p["title"] for p in points] == ["March", "June"]
    assert [p["date"] for p in points] == [DAY - dt.timedelta(days=90), DAY]
    # March: (2+3)/2 = 2.50, 3.00, 4.00; all six scores 19/6 = 3.17. June: 4, 4, 5 → 13/3 = 4.33.
    assert [q["mean"] for q in points[0]["questions"]] == [
        Decimal("2.50"),
        Decimal("3.00"),
        Decimal("4.00"),
    ]
    assert points[0]["overall"] == Decimal("3.17") and points[0]["responses"] == 2
    assert points[1]["overall"] == Decimal("4.33") and points[1]["responses"] == 1


def test_default_questions_are_five_and_follow_the_language():
    assert len(DEFAULT_QUESTIONS) == 5
    with translation.override("en"):
        english = default_questions()
    assert english[0] == "I know the quality objectives of my job and how they are measured."
    with translation.override("zh-hans"):
        # Each default is looked up in the catalogue of the active language when a round starts.
        assert default_questions() == [translation.gettext(text) for text in english]


# Pages ------------------------------------------------------------------------------------------


def test_steward_opens_a_round_in_the_ui_with_default_questions_and_sees_link_and_qr(world):
    client = world.client("a1_steward")
    url = reverse("objectives:pulse-create", args=[world.a1.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["questions"] == "\n".join(default_questions())
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "title": "Pulse now",
            "questions": "Q one\n\n  Q two  \n",
            "opened_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=7)).isoformat(),
        },
    )
    pulse_round = PulseRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("objectives:pulse-detail", args=[pulse_round.pk])
    assert pulse_round.questions == ["Q one", "Q two"]
    detail = client.get(response["Location"])
    body = detail.content.decode()
    assert reverse("public:pulse", args=[pulse_round.token]) in body
    assert "<svg" in body  # the QR code


def test_a_new_round_starts_from_the_last_rounds_questions(world):
    _round(world, questions=["Our own question"])
    page = world.client("a1_admin").get(reverse("objectives:pulse-create", args=[world.a1.pk]))
    assert page.context["form"].initial["questions"] == "Our own question"


def test_the_create_form_reports_bad_dates_inline_and_saves_nothing(world):
    response = world.client("a1_steward").post(
        reverse("objectives:pulse-create", args=[world.a1.pk]),
        {"title": "T", "questions": "Q", "opened_on": "2025-06-10", "closes_on": "2025-06-01"},
    )
    assert response.status_code == 200
    assert "closes_on" in response.context["form"].errors
    assert not PulseRound.objects.exists()


def test_list_shows_rounds_counts_and_trend_to_readers(world):
    march = _round(world, title="March round", opened_on=DAY - dt.timedelta(days=90), closes_on=DAY)
    _answer(march, [4, 4, 4], today=DAY - dt.timedelta(days=1))
    _round(world, title="June round")
    _round(world, world.a2, title="A2 secret round")
    page = world.client("a1_staff").get(reverse("objectives:pulse-list", args=[world.a1.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "March round" in body and "June round" in body and "A2 secret round" not in body
    assert page.context["chart"]["labels"] == [f"{DAY - dt.timedelta(days=90):%Y-%m-%d}"]
    assert page.context["chart"]["overall"] == [4.0]
    assert 'id="pulse-new"' not in body  # staff cannot open rounds
    filtered = world.client("a1_staff").get(
        reverse("objectives:pulse-list", args=[world.a1.pk]), {"q": "june"}
    )
    assert [r.title for r in filtered.context["page"]] == ["June round"]


def test_detail_shows_results_and_comments(world):
    pulse_round = _live_round(world)
    today = timezone.localdate()
    _answer(pulse_round, [5, 4, 3], comment="More training please", today=today)
    _answer(pulse_round, [3, 4, 3], today=today)
    page = world.client("cba_auditor1").get(
        reverse("objectives:pulse-detail", args=[pulse_round.pk])
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert page.context["results"]["means"] == [Decimal("4.00"), Decimal("4.00"), Decimal("3.00")]
    assert "More training please" in body
    assert 'id="pulse-close-form"' not in body  # CB auditors read only


def test_admin_closes_the_round_in_the_ui_and_the_link_disappears(world):
    pulse_round = _live_round(world)
    client = world.client("a1_admin")
    response = client.post(reverse("objectives:pulse-close", args=[pulse_round.pk]))
    assert response.status_code == 302
    pulse_round.refresh_from_db()
    assert pulse_round.status == "closed"
    body = client.get(reverse("objectives:pulse-detail", args=[pulse_round.pk])).content.decode()
    assert pulse_round.token not in body
    again = client.post(reverse("objectives:pulse-close", args=[pulse_round.pk]), follow=True)
    assert "already closed" in again.content.decode()


def test_outsiders_get_404_and_readers_403_on_pulse_pages(world):
    pulse_round = _live_round(world)
    detail = reverse("objectives:pulse-detail", args=[pulse_round.pk])
    close = reverse("objectives:pulse-close", args=[pulse_round.pk])
    create = reverse("objectives:pulse-create", args=[world.a1.pk])
    assert world.client("b1_admin").get(detail).status_code == 404
    assert world.client("a2_admin").post(close).status_code == 404
    assert world.client("po_admin").get(detail).status_code == 404
    assert world.client("a1_staff").post(close).status_code == 403
    assert world.client("a1_staff").get(create).status_code == 403
    assert world.client("cba_expert").get(create).status_code == 403
    assert world.client("a1_steward").get(close).status_code == 405  # POST only
    assert PulseRound.objects.get().status == "open"


# The public link --------------------------------------------------------------------------------


def _public(pulse_round) -> str:
    return reverse("public:pulse", args=[pulse_round.token])


def test_anyone_with_the_link_answers_without_signing_in(world):
    pulse_round = _live_round(world)
    client = Client()
    page = client.get(_public(pulse_round))
    body = page.content.decode()
    assert page.status_code == 200
    assert all(q in body for q in QUESTIONS)
    assert str(world.a1) in body
    # The last referrer policy wins: "no-referrer" would make browsers send Origin: null on the
    # POST, which Django's CSRF check refuses (checked in Chromium).
    last_policy = body[body.rindex('name="referrer"') :].split(">", 1)[0]
    assert 'content="same-origin"' in last_policy
    response = client.post(
        _public(pulse_round), {"q0": "5", "q1": "4", "q2": "2", "comment": "Good", "website": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("public:pulse-thanks", args=[pulse_round.token])
    saved = PulseResponse.objects.get()
    assert (saved.scores, saved.comment, saved.round_id) == ([5, 4, 2], "Good", pulse_round.pk)
    assert saved.submitted_on == timezone.localdate()
    assert client.get(response["Location"]).status_code == 200


def test_a_missing_answer_is_shown_inline_and_nothing_is_saved(world):
    pulse_round = _live_round(world)
    response = Client().post(_public(pulse_round), {"q0": "5", "q2": "9"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "q1" in errors and "q2" in errors
    assert not PulseResponse.objects.exists()


def test_the_honeypot_turns_robots_away_without_saving(world):
    pulse_round = _live_round(world)
    response = Client().post(
        _public(pulse_round), {"q0": "5", "q1": "5", "q2": "5", "website": "http://spam"}
    )
    assert response.status_code == 302
    assert not PulseResponse.objects.exists()


def test_an_oversized_request_is_refused(world):
    pulse_round = _live_round(world)
    response = Client().post(
        _public(pulse_round), {"q0": "5", "q1": "5", "q2": "5", "comment": "x" * 20_000}
    )
    assert response.status_code == 413
    assert not PulseResponse.objects.exists()


def test_unknown_closed_expired_and_future_links_answer_404(world):
    today = timezone.localdate()
    closed = _live_round(world)
    pulse_close(actor=None, round=closed)
    expired = _live_round(
        world, opened_on=today - dt.timedelta(days=9), closes_on=today - dt.timedelta(days=1)
    )
    future = _live_round(world, opened_on=today + dt.timedelta(days=1))
    client = Client()
    for token in ("no-such-token-at-all", closed.token, expired.token, future.token):
        assert client.get(reverse("public:pulse", args=[token])).status_code == 404
        assert client.get(reverse("public:pulse-thanks", args=[token])).status_code == 404
        post = client.post(reverse("public:pulse", args=[token]), {"q0": "3", "q1": "3", "q2": "3"})
        assert post.status_code == 404
    assert not PulseResponse.objects.exists()


def test_the_public_link_reads_nothing_back(world):
    pulse_round = _live_round(world, title="A1 pulse")
    _answer(pulse_round, [1, 1, 1], comment="SECRET-COMMENT-1", today=timezone.localdate())
    _live_round(world, title="A1 other round")
    _live_round(world, world.b1, title="B1 round")
    client = Client()
    for url in (_public(pulse_round), reverse("public:pulse-thanks", args=[pulse_round.token])):
        body = client.get(url).content.decode()
        assert "SECRET-COMMENT-1" not in body
        assert "A1 other round" not in body and "B1 round" not in body
        assert world.canaries["b1"] not in body
        assert 'href="/goals' not in body  # no navigation into the application
    # Without signing in, the survey's own pages send to the login page.
    for url in (
        reverse("objectives:pulse-list", args=[world.a1.pk]),
        reverse("objectives:pulse-detail", args=[pulse_round.pk]),
        reverse("objectives:pulse-create", args=[world.a1.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    assert client.post(reverse("objectives:pulse-close", args=[pulse_round.pk])).status_code == 302
    pulse_round.refresh_from_db()
    assert pulse_round.status == "open"


def test_list_page_queries_do_not_grow_with_rounds(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("a1_steward")
    url = reverse("objectives:pulse-list", args=[world.a1.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = _round(world)
    _answer(first, [3, 3, 3])
    one = count()
    for i in range(4):
        _answer(_round(world, title=f"Round {i}"), [4, 4, 4])
    assert count() == one
