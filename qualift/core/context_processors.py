"""Template context shared by every page: the navigation the user's roles allow."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualift.tenancy.choices import Role
from qualift.tenancy.permissions import can_anywhere
from qualift.tenancy.scope import scope_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        (_("Home"), reverse("core:home"), "home"),
        (_("Enterprises"), reverse("enterprises:enterprise-list"), "building-factory"),
        (_("Programs"), reverse("programs:program-list"), "flag"),
    ]
    if can_anywhere(user, "qms.view"):
        items.append((_("Quality"), reverse("improvement:home"), "checklist"))
        items.append((_("Process control"), reverse("process:home"), "chart-line"))
        items.append((_("Goals"), reverse("objectives:home"), "sitemap"))
    if scope_of(user).is_superuser or set(scope_of(user).roles.values()) - {Role.AUDITOR}:
        # Auditors stay apart from assistance work (impartiality); everyone else has a view.
        items.append((_("Assistance"), reverse("assistance:home"), "heart-handshake"))
    scope = scope_of(user)
    if (
        scope.is_superuser
        or scope.cb_ids & scope.orgs_with((Role.CB_ADMIN, Role.AUDITOR))
        or scope.enterprise_org_ids
    ):
        # Certification: the CB's admins and auditors, and each client's own people.
        items.append((_("Certification"), reverse("certification:home"), "certificate"))
    items += [
        (_("Incentive policies"), reverse("programs:policy-list"), "gift"),
    ]
    if can_anywhere(user, "audit.view"):
        items.append((_("Audit trail"), reverse("core:audit-list"), "shield-check"))
    scope = scope_of(user)
    return {"nav_items": items, "user_scope": scope}
