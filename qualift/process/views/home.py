"""/process/: straight to the enterprise's process dashboard, or a choice for a CB user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qualift.enterprises.scoping import qms_enterprises_for
from qualift.tenancy.permissions import can_anywhere


@login_required
def process_home(request: HttpRequest) -> HttpResponse:
    if not can_anywhere(request.user, "qms.view"):
        raise PermissionDenied
    enterprises = list(qms_enterprises_for(request.user).select_related("region")[:500])
    if len(enterprises) == 1:
        return redirect("process:dashboard", enterprise_pk=enterprises[0].pk)
    return render(request, "process/choose.html", {"enterprises": enterprises})
