"""/goals/: straight to the enterprise's organisation chart, or a choice for a CB user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from qualift.core.views_helpers import enterprise_entry


@login_required
def goals_home(request: HttpRequest) -> HttpResponse:
    return enterprise_entry(request, "objectives:org-chart", "objectives/choose.html")
