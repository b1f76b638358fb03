"""Scoped reads for the pulse survey: an enterprise's rounds, one round for a signed-in user, and
the round behind a public link (only while it accepts answers)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from qualift.objectives.choices import PulseStatus
from qualift.objectives.models import PulseRound
from qualift.objectives.services.pulse import accepts_answers
from qualift.tenancy.permissions import can


def rounds_for(user, enterprise) -> QuerySet[PulseRound]:
    """The enterprise's rounds the user may see, newest first, with their answer counts."""
    return (
        PulseRound.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .annotate(response_count=Count("responses"))
        .order_by("-opened_on", "-id")
    )


def last_round(enterprise) -> PulseRound | None:
    return PulseRound.objects.filter(enterprise=enterprise).order_by("-opened_on", "-id").first()


def comments_of(pulse_round: PulseRound, limit: int = 200) -> list[str]:
    """The round's non-empty comments (text only, no dates), oldest first."""
    return list(
        pulse_round.responses.exclude(comment="")
        .order_by("id")
        .values_list("comment", flat=True)[:limit]
    )


def get_round_for_user(user, pk: int, action: str | None = None) -> PulseRound:
    """A round the user may see (else 404); with `action`, one whose enterprise grants the user
    that action (else 403)."""
    pulse_round = get_object_or_404(
        PulseRound.objects.visible_to(user).select_related("enterprise__organization"), pk=pk
    )
    if action and not can(user, action, [pulse_round.enterprise.organization_id]):
        raise PermissionDenied
    return pulse_round


def get_public_round(token: str, today: dt.date) -> PulseRound:
    """The round behind a public link, only while it accepts answers: an unknown, closed,
    not-yet-open or expired link answers 404 and so reveals nothing."""
    pulse_round = (
        PulseRound.objects.filter(token=token, status=PulseStatus.OPEN)
        .select_related("enterprise")
        .first()
    )
    if pulse_round is None or not accepts_answers(pulse_round, today):
        raise Http404
    return pulse_round
