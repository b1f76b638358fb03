"""Who sees certification records.

- The certifying CB's administrators and auditors (not its assistance experts: assistance and
  certification stay apart, DOMAIN §1) see everything of their CB's clients.
- The client enterprise's own users see their cycles, audits (with plan, team and schedule),
  findings and responses, decisions and certificates — not the auditors' checklist answers,
  the auditor register or the CB's proposals (`CbOnlyQuerySet`).
- Program offices see certificates through the public lookup only.

Every record carries `enterprise_id` and `cb_id` directly (ARCHITECTURE §5.1).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from qualift.tenancy.choices import Role
from qualift.tenancy.scope import scope_of

CERTIFYING_ROLES = (Role.CB_ADMIN, Role.AUDITOR)


def certifying_cb_ids(user) -> set[int]:
    """The CBs in which the user does certification work (administrator or auditor)."""
    scope = scope_of(user)
    return scope.cb_ids & scope.orgs_with(CERTIFYING_ROLES)


def certifying_people(cb_id: int):
    """Who may be put on an audit team or decide: the CB's active administrators and auditors."""
    from qualift.tenancy.models import Membership, User

    user_ids = Membership.objects.filter(
        organization_id=cb_id, role__in=CERTIFYING_ROLES, is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("username")


class CbOnlyQuerySet(models.QuerySet):
    client_sees = False

    def visible_to(self, user):
        scope = scope_of(user)
        if not scope.is_authenticated:
            return self.none()
        if scope.is_superuser:
            return self.all()
        visible = Q(cb_id__in=certifying_cb_ids(user))
        if self.client_sees:
            visible |= Q(enterprise__organization_id__in=scope.enterprise_org_ids)
        return self.filter(visible)


class CertQuerySet(CbOnlyQuerySet):
    client_sees = True
