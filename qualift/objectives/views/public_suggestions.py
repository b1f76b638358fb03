"""The public suggestion form behind /s/<token>/ (no sign-in). It shows the enterprise's name
and a form, nothing else; it only submits. An unknown, renewed or closed token answers 404.
Oversized bodies are refused before they are read, and a hidden honeypot field catches bots."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from qualift.core.views_helpers import add_service_errors
from qualift.objectives.forms_suggestions import PublicSuggestionForm
from qualift.objectives.selectors_suggestions import open_box_by_token
from qualift.objectives.services.suggestions import suggestion_submit

MAX_BODY_BYTES = 32_000  # the form's fields at their limits fit several times over
SESSION_KEY = "public_suggestion_numbers"


@never_cache
@csrf_protect
def public_suggestion(request: HttpRequest, token: str) -> HttpResponse:
    box = open_box_by_token(token)
    enterprise = box.enterprise
    if request.method == "POST":
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return HttpResponse(status=413)
    form = PublicSuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            # A bot filled in the hidden field: answer as if it worked, keep nothing.
            return redirect("public:suggestion-thanks", token=token)
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            suggestion = suggestion_submit(
                actor=None, enterprise=enterprise, data=data, via_link=True
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            numbers = dict(request.session.get(SESSION_KEY, {}))
            numbers[token] = suggestion.number
            request.session[SESSION_KEY] = numbers
            return redirect("public:suggestion-thanks", token=token)
    context = {"enterprise_name": enterprise.name, "form": form}
    return render(request, "public/suggestion_form.html", context)


@never_cache
def public_suggestion_thanks(request: HttpRequest, token: str) -> HttpResponse:
    box = open_box_by_token(token)
    number = request.session.get(SESSION_KEY, {}).get(token, "")
    context = {"enterprise_name": box.enterprise.name, "number": number, "token": token}
    return render(request, "public/suggestion_thanks.html", context)
