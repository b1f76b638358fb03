"""The certification front door: each role lands on its own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from qualift.certification.scoping import certifying_cb_ids
from qualift.tenancy.choices import Role
from qualift.tenancy.scope import scope_of


@login_required
def home(request):
    """CB admin → dashboard; auditor → the audit list; the client → its portal."""
    scope = scope_of(request.user)
    if scope.is_superuser or scope.cb_ids & scope.orgs_with((Role.CB_ADMIN,)):
        return redirect("certification:dashboard")
    if certifying_cb_ids(request.user):
        return redirect("certification:audit-list")
    if scope.enterprise_org_ids:
        return redirect("certification:client")
    raise PermissionDenied
