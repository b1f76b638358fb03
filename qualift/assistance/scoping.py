"""Who sees assistance records.

- Working papers (diagnoses, issues and their scores, visits): the assisting CB's administrators
  and assistance experts — not its auditors, who must stay apart from assistance (DOMAIN §1,
  impartiality) — and the enterprise itself.
- The plan (measures, milestones, indicators, signatures, revisions): the same, plus the program
  office whose program the plan belongs to, which follows progress but not the working papers.

Every record carries `enterprise_id`, `cb_id` and `program_id` directly (ARCHITECTURE §5.1).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from qualift.tenancy.choices import Role
from qualift.tenancy.scope import scope_of

ASSISTING_ROLES = (Role.CB_ADMIN, Role.ASSISTANCE_EXPERT)


def assisting_cb_ids(user) -> set[int]:
    """The CBs in which the user does assistance work (administrator or assistance expert)."""
    scope = scope_of(user)
    return scope.cb_ids & scope.orgs_with(ASSISTING_ROLES)


def assisting_people(cb_id: int):
    """Who may be named as an expert on a diagnosis or a visit: the CB's active administrators
    and assistance experts (never its auditors)."""
    from qualift.tenancy.models import Membership, User

    user_ids = Membership.objects.filter(
        organization_id=cb_id, role__in=ASSISTING_ROLES, is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("username")


class WorkingPaperQuerySet(models.QuerySet):
    # The program office whose program it is sees plans, not working papers.
    office_sees = False

    def visible_to(self, user):
        scope = scope_of(user)
        if not scope.is_authenticated:
            return self.none()
        if scope.is_superuser:
            return self.all()
        visible = Q(cb_id__in=assisting_cb_ids(user)) | Q(
            enterprise__organization_id__in=scope.enterprise_org_ids
        )
        if self.office_sees:
            visible |= Q(program__owner_id__in=scope.office_ids)
        return self.filter(visible)


class PlanQuerySet(WorkingPaperQuerySet):
    office_sees = True


class CommonIssueQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_of(user)
        if not scope.is_authenticated:
            return self.none()
        if scope.is_superuser:
            return self.all()
        from qualift.programs.models import Program

        participating = Program.participating_cbs.through.objects.filter(
            organization_id__in=assisting_cb_ids(user)
        ).values("program_id")
        return self.filter(
            Q(program__owner_id__in=scope.office_ids) | Q(program_id__in=participating)
        )


class InvolvementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The CB's own people (all roles: auditors plan teams against it) and the enterprise."""
        scope = scope_of(user)
        if not scope.is_authenticated:
            return self.none()
        if scope.is_superuser:
            return self.all()
        return self.filter(
            Q(cb_id__in=scope.cb_ids) | Q(enterprise__organization_id__in=scope.enterprise_org_ids)
        )
