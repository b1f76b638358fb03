"""The public pulse-survey form (/pulse/<token>/): no sign-in, answers only.

It shows the enterprise's name, the round's title and its questions, and nothing else; it never
shows answers or results. An unknown, closed or expired link answers 404. Oversized requests are
refused before they are parsed, and a honeypot field turns robots away without saving.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qualift.core.views_helpers import add_service_errors
from qualift.objectives.forms_pulse import PulseAnswerForm
from qualift.objectives.selectors_pulse import get_public_round
from qualift.objectives.services.pulse import pulse_answer

MAX_BODY_BYTES = 16 * 1024  # ten scores and a 1,000-character comment fit many times over


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


@never_cache
@require_http_methods(["GET", "POST"])
def pulse_public(request: HttpRequest, token: str) -> HttpResponse:
    today = timezone.localdate()
    pulse_round = get_public_round(token, today)
    if request.method == "POST" and _too_large(request):
        return HttpResponse(_("The answer is too long."), status=413, content_type="text/plain")
    form = PulseAnswerForm(request.POST or None, questions=list(pulse_round.questions))
    if request.method == "POST":
        if form.is_robot():
            return redirect("public:pulse-thanks", token=token)
        if form.is_valid():
            try:
                pulse_answer(
                    round=pulse_round,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    today=today,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("public:pulse-thanks", token=token)
    context = {"round": pulse_round, "enterprise_name": str(pulse_round.enterprise), "form": form}
    return render(request, "public/pulse_form.html", context)


@never_cache
@require_http_methods(["GET"])
def pulse_thanks(request: HttpRequest, token: str) -> HttpResponse:
    pulse_round = get_public_round(token, timezone.localdate())
    context = {"round": pulse_round, "enterprise_name": str(pulse_round.enterprise)}
    return render(request, "public/pulse_thanks.html", context)
