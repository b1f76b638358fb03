"""What a user may reach: their organisations by kind and role, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from qualift.tenancy.choices import OrgKind


@dataclass(frozen=True)
class Scope:
    is_authenticated: bool = False
    is_superuser: bool = False
    roles: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)

    @property
    def org_ids(self) -> set[int]:
        return set(self.roles)

    def ids_of_kind(self, kind: str) -> set[int]:
        return {org for org, k in self.kinds.items() if k == kind}

    @property
    def office_ids(self) -> set[int]:
        return self.ids_of_kind(OrgKind.PROGRAM_OFFICE)

    @property
    def cb_ids(self) -> set[int]:
        return self.ids_of_kind(OrgKind.CERTIFICATION_BODY)

    @property
    def enterprise_org_ids(self) -> set[int]:
        return self.ids_of_kind(OrgKind.ENTERPRISE)

    def orgs_with(self, roles) -> set[int]:
        return {org for org, role in self.roles.items() if role in roles}

    def role_in(self, org_id: int | None) -> str | None:
        return self.roles.get(org_id) if org_id is not None else None


ANONYMOUS = Scope()


def scope_of(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_qualift_scope", None)
    if cached is not None:
        return cached
    from qualift.tenancy.models import Membership

    rows = Membership.objects.filter(
        user_id=user.pk, is_active=True, organization__is_active=True
    ).values_list("organization_id", "role", "organization__kind")
    scope = Scope(
        is_authenticated=True,
        is_superuser=bool(user.is_superuser),
        roles={org: role for org, role, _ in rows},
        kinds={org: kind for org, _, kind in rows},
    )
    user._qualift_scope = scope
    return scope


def forget_scope(user) -> None:
    if hasattr(user, "_qualift_scope"):
        del user._qualift_scope
