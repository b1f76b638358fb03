"""Pulse survey pages for the enterprise: the rounds with the trend of their scores, opening a
round, one round's link, QR code and results, and closing it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.core.qr import qr_svg
from qualift.core.views_helpers import add_service_errors, paginate, querystring_without_page
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives import selectors_pulse as selectors
from qualift.objectives.choices import PulseStatus
from qualift.objectives.forms_pulse import PulseRoundForm
from qualift.objectives.pulse_questions import default_questions
from qualift.objectives.services.pulse import (
    CHANGE,
    accepts_answers,
    pulse_close,
    pulse_open,
    round_results,
    trend,
)
from qualift.tenancy.permissions import can

DEFAULT_DAYS_OPEN = 14


def _float(value):
    return None if value is None else float(value)


def _trend_chart(points: list[dict]) -> dict:
    """ECharts data: one x label per round, the overall mean and one line per question text
    (a question asked in only some rounds leaves gaps)."""
    labels = [f"{p['date']:%Y-%m-%d}" for p in points]
    texts: list[str] = []
    for p in points:
        for q in p["questions"]:
            if q["text"] not in texts:
                texts.append(q["text"])
    questions = []
    for text in texts:
        values = []
        for p in points:
            mean = next((q["mean"] for q in p["questions"] if q["text"] == text), None)
            values.append(_float(mean))
        questions.append({"name": text, "data": values})
    return {
        "labels": labels,
        "titles": [p["title"] for p in points],
        "responses": [p["responses"] for p in points],
        "overall": [_float(p["overall"]) for p in points],
        "questions": questions,
        "overall_name": _("All questions"),
    }


@login_required
def pulse_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    rounds = selectors.rounds_for(request.user, enterprise)
    status = request.GET.get("status", "")
    if status in PulseStatus.values:
        rounds = rounds.filter(status=status)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        rounds = rounds.filter(title__icontains=q)
    points = trend(enterprise)
    context = {
        "enterprise": enterprise,
        "page": paginate(request, rounds),
        "qs": querystring_without_page(request),
        "status": status,
        "q": q,
        "statuses": PulseStatus.choices,
        "chart": _trend_chart([p for p in points if p["responses"]]),
        "latest": next((p for p in reversed(points) if p["responses"]), None),
        "today": timezone.localdate(),
        "can_change": can(request.user, CHANGE, [enterprise.organization_id]),
    }
    return render(request, "objectives/pulse_list.html", context)


@login_required
def pulse_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """Open a round; the questions start as the last round's (so rounds compare) or the
    defaults in the user's language."""
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=CHANGE)
    today = timezone.localdate()
    last = selectors.last_round(enterprise)
    questions = list(last.questions) if last else default_questions()
    initial = {
        "title": _("Quality pulse %(month)s") % {"month": f"{today:%Y-%m}"},
        "questions": "\n".join(questions),
        "opened_on": today,
        "closes_on": today + dt.timedelta(days=DEFAULT_DAYS_OPEN),
    }
    form = PulseRoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pulse_round = pulse_open(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Round opened: share the link or print the QR code for everyone.")
            )
            return redirect("objectives:pulse-detail", pk=pulse_round.pk)
    context = {"form": form, "enterprise": enterprise, "last": last}
    return render(request, "objectives/pulse_form.html", context)


@login_required
def pulse_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pulse_round = selectors.get_round_for_user(request.user, pk)
    enterprise = pulse_round.enterprise
    can_change = can(request.user, CHANGE, [enterprise.organization_id])
    today = timezone.localdate()
    accepting = accepts_answers(pulse_round, today)
    link = qr = ""
    # Shown to everyone who may see the round (staff answer through it too), while it works.
    if accepting:
        link = request.build_absolute_uri(reverse("public:pulse", args=[pulse_round.token]))
        qr = qr_svg(link)
    results = round_results(pulse_round)
    chart = {
        "labels": [f"Q{i + 1}" for i in range(len(results["questions"]))],
        "texts": [q["text"] for q in results["questions"]],
        "means": [_float(m) for m in results["means"]],
    }
    context = {
        "enterprise": enterprise,
        "round": pulse_round,
        "results": results,
        "chart": chart,
        "comments": selectors.comments_of(pulse_round),
        "accepting": accepting,
        "today": today,
        "link": link,
        "qr": qr,
        "can_change": can_change,
    }
    return render(request, "objectives/pulse_detail.html", context)


@login_required
@require_POST
def pulse_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    pulse_round = selectors.get_round_for_user(request.user, pk, action=CHANGE)
    try:
        pulse_close(actor=request.user, round=pulse_round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Round closed: its link no longer accepts answers."))
    return redirect("objectives:pulse-detail", pk=pulse_round.pk)
