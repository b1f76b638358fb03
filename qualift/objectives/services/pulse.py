"""The quality-awareness pulse survey (issue 5 §6): short rounds of questions scored 1–5, answered
anonymously through a per-round public link, repeated so the scores can be followed over time.

Answers carry no person, account or address: the response row holds the scores, an optional
comment and the day; its audit event says only which round it belongs to.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot
from qualift.enterprises.models import Enterprise
from qualift.objectives.choices import PulseStatus
from qualift.objectives.models import PulseResponse, PulseRound
from qualift.tenancy.permissions import require

CHANGE = "pulse.change"
MAX_QUESTIONS = 10
MAX_QUESTION_CHARS = 200
MAX_TITLE_CHARS = 200
MAX_COMMENT_CHARS = 1000
SCORES = range(1, 6)
TWO_PLACES = Decimal("0.01")
# The token is a secret: the audit trail keeps that a round exists, not its link.
AUDITED = ["title", "questions", "opened_on", "closes_on", "status"]


def _clean_round(data: dict[str, Any]) -> dict[str, Any]:
    title = (data.get("title") or "").strip()
    raw = data.get("questions")
    questions = [(q or "").strip() for q in raw] if isinstance(raw, list | tuple) else []
    opened_on = data.get("opened_on")
    closes_on = data.get("closes_on")
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the round a title.")]
    elif len(title) > MAX_TITLE_CHARS:
        errors["title"] = [_("At most %(n)s characters.") % {"n": MAX_TITLE_CHARS}]
    if not questions or len(questions) > MAX_QUESTIONS:
        errors["questions"] = [
            _("Ask between 1 and %(n)s questions.") % {"n": MAX_QUESTIONS},
        ]
    elif any(not q for q in questions):
        errors["questions"] = [_("A question cannot be empty.")]
    elif any(len(q) > MAX_QUESTION_CHARS for q in questions):
        errors["questions"] = [
            _("Keep each question under %(n)s characters.") % {"n": MAX_QUESTION_CHARS}
        ]
    if not isinstance(opened_on, dt.date):
        errors["opened_on"] = [_("Give the date the round opens.")]
    if not isinstance(closes_on, dt.date):
        errors["closes_on"] = [_("Give the date the round closes.")]
    elif isinstance(opened_on, dt.date) and closes_on < opened_on:
        errors["closes_on"] = [_("The round cannot close before it opens.")]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "questions": questions, "opened_on": opened_on, "closes_on": closes_on}


@transaction.atomic
def pulse_open(*, actor, enterprise: Enterprise, data: dict[str, Any]) -> PulseRound:
    """Open a round: title, questions (1–10, each scored 1–5), the dates it accepts answers, and a
    fresh public link token."""
    require(actor, CHANGE, [enterprise.organization_id])
    clean = _clean_round(data)
    token = secrets.token_urlsafe(16)
    while PulseRound.objects.filter(token=token).exists():  # pragma: no cover - 128 random bits
        token = secrets.token_urlsafe(16)
    pulse_round = PulseRound.objects.create(
        enterprise=enterprise, status=PulseStatus.OPEN, token=token, **clean
    )
    _audit(actor, "pulse_round.open", pulse_round, after=snapshot(pulse_round, AUDITED))
    return pulse_round


@transaction.atomic
def pulse_close(*, actor, round: PulseRound) -> PulseRound:
    """Close a round early (or on time): its link stops accepting answers and answers 404."""
    require(actor, CHANGE, [round.enterprise.organization_id])
    pulse_round = PulseRound.objects.select_for_update().get(pk=round.pk)
    if pulse_round.status == PulseStatus.CLOSED:
        raise ValidationError(_("This round is already closed."))
    before = snapshot(pulse_round, ["status"])
    pulse_round.status = PulseStatus.CLOSED
    pulse_round.save(update_fields=["status", "updated_at"])
    _audit(actor, "pulse_round.close", pulse_round, before, snapshot(pulse_round, ["status"]))
    return pulse_round


def accepts_answers(pulse_round: PulseRound, today: dt.date) -> bool:
    """Open, and today within its dates."""
    return (
        pulse_round.status == PulseStatus.OPEN
        and pulse_round.opened_on <= today <= pulse_round.closes_on
    )


@transaction.atomic
def pulse_answer(
    *,
    round: PulseRound,
    scores: list[int],
    comment: str = "",
    today: dt.date,
) -> PulseResponse:
    """Record one anonymous answer sheet: one whole score 1–5 per question, in order, and an
    optional comment. Anyone holding the link may answer; nothing identifies them."""
    pulse_round = PulseRound.objects.select_related("enterprise__organization").get(pk=round.pk)
    if not accepts_answers(pulse_round, today):
        raise ValidationError(_("This survey round is not accepting answers."))
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    n = len(pulse_round.questions)
    if not isinstance(scores, list | tuple) or len(scores) != n:
        errors["scores"] = [_("Answer each of the %(n)s questions.") % {"n": n}]
    elif any(type(s) is not int or s not in SCORES for s in scores):  # bool is not a score
        errors["scores"] = [_("Each answer is a whole number from 1 to 5.")]
    if len(comment) > MAX_COMMENT_CHARS:
        errors["comment"] = [_("At most %(n)s characters.") % {"n": MAX_COMMENT_CHARS}]
    if errors:
        raise ValidationError(errors)
    response = PulseResponse.objects.create(
        enterprise_id=pulse_round.enterprise_id,
        round=pulse_round,
        scores=list(scores),
        comment=comment,
        submitted_on=today,
    )
    response.enterprise = pulse_round.enterprise
    # No scores, comment or requester details in the trail: only that the round got an answer.
    _audit(None, "pulse_response.submit", response, after={"round_id": pulse_round.pk})
    return response


# Results ----------------------------------------------------------------------------------------


def _mean(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _summarise(questions: list[str], sheets: list[list[int]]) -> dict[str, Any]:
    n = len(questions)
    totals = [0] * n
    counts = [[0] * 5 for _ in range(n)]
    for scores in sheets:
        for i, score in enumerate(scores[:n]):
            totals[i] += score
            counts[i][score - 1] += 1
    answered = len(sheets)
    means = [_mean(totals[i], answered) for i in range(n)]
    return {
        "responses": answered,
        "questions": [
            {"text": questions[i], "mean": means[i], "counts": counts[i]} for i in range(n)
        ],
        "means": means,
        # Every sheet answers every question, so this is also the mean of the question means.
        "overall": _mean(sum(totals), answered * n),
    }


def round_results(round: PulseRound) -> dict[str, Any]:
    """{"responses": n, "questions": [{"text", "mean", "counts": [n1..n5]}], "means": [...],
    "overall": mean of every score} — means as Decimals to 2 places (half up), None with no
    answers."""
    sheets = list(PulseResponse.objects.filter(round=round).values_list("scores", flat=True))
    return _summarise(list(round.questions), sheets)


def trend(enterprise: Enterprise) -> list[dict[str, Any]]:
    """One point per round, oldest first: {"round_id", "title", "date" (opened on), "responses",
    "overall", "questions": [{"text", "mean"}]} — for following the scores over time."""
    rounds = list(
        PulseRound.objects.filter(enterprise=enterprise)
        .order_by("opened_on", "id")
        .only("id", "title", "questions", "opened_on")
    )
    sheets: dict[int, list[list[int]]] = {r.pk: [] for r in rounds}
    for round_id, scores in PulseResponse.objects.filter(enterprise=enterprise).values_list(
        "round_id", "scores"
    ):
        sheets.setdefault(round_id, []).append(scores)
    points = []
    for r in rounds:
        summary = _summarise(list(r.questions), sheets[r.pk])
        points.append(
            {
                "round_id": r.pk,
                "title": r.title,
                "date": r.opened_on,
                "responses": summary["responses"],
                "overall": summary["overall"],
                "questions": [{"text": q["text"], "mean": q["mean"]} for q in summary["questions"]],
            }
        )
    return points
