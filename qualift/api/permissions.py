"""API permissions on top of the role × action table (qualift.tenancy.permissions).

Reads are open to any signed-in user because every queryset starts from `visible_to(user)`.
Creating needs a membership that grants the viewset's create action somewhere, checked before the
body is parsed so a read-only role gets 403 whatever it sends. Changing one object is checked
against that object after it is found (another tenant's object: 404 first), and again by the
service.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from qualift.tenancy.permissions import can_anywhere

DENIED = _("Your role does not allow this.")


class CanCreate(BasePermission):
    """`view.create_action` (e.g. "enterprise.create") must be granted by one of the user's roles
    for the viewset's `create` action; other actions pass through."""

    message = DENIED

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) != "create":
            return True
        return can_anywhere(request.user, view.create_action)


class HasAction(BasePermission):
    """Every action of the view needs `view.required_action` (e.g. "audit.view") somewhere."""

    message = DENIED

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return can_anywhere(request.user, view.required_action)
