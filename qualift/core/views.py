"""Home dashboard, audit trail list, health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from qualift.core.dashboard import dashboard_cards
from qualift.core.models import AuditEvent
from qualift.core.views_helpers import paginate, querystring_without_page, render_page
from qualift.tenancy.permissions import can_anywhere


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"cards": dashboard_cards(request.user)})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can_anywhere(request.user, "audit.view"):
        raise PermissionDenied
    events = AuditEvent.objects.visible_to(request.user).select_related("organization")
    verb = request.GET.get("verb", "").strip()
    if verb:
        events = events.filter(verb__startswith=verb)
    page = paginate(request, events, per_page=50)
    context = {"page": page, "verb": verb, "qs": querystring_without_page(request)}
    return render_page(request, "core/audit_list.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})
