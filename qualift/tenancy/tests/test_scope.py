"""Scopes: roles by organisation, the union over several memberships, role/kind validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from qualift.enterprises.models import Enterprise
from qualift.programs.models import LedgerEntry
from qualift.tenancy.models import Membership, Organization, User
from qualift.tenancy.scope import forget_scope, scope_of

pytestmark = pytest.mark.django_db


def test_anonymous_scope_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Enterprise.objects.visible_to(AnonymousUser()).exists()
    assert not Organization.objects.visible_to(AnonymousUser()).exists()


def test_a_user_with_two_memberships_sees_the_union(world):
    user = world.users["a1_admin"]
    assert set(Enterprise.objects.visible_to(user)) == {world.a1}
    Membership.objects.create(user=user, organization=world.b1.organization, role="staff")
    forget_scope(user)
    assert set(Enterprise.objects.visible_to(user)) == {world.a1, world.b1}
    assert set(LedgerEntry.objects.visible_to(user).values_list("enterprise", flat=True)) == {
        world.a1.pk,
        world.b1.pk,
    }


def test_inactive_membership_grants_nothing(world):
    user = world.users["cba_admin"]
    Membership.objects.filter(user=user).update(is_active=False)
    forget_scope(user)
    assert not Enterprise.objects.visible_to(user).exists()
    assert scope_of(user).org_ids == set()


def test_role_must_fit_the_organisation_kind(world):
    user = User.objects.create_user("mixed", password="x")
    membership = Membership(user=user, organization=world.cb_a, role="quality_steward")
    with pytest.raises(ValidationError) as info:
        membership.full_clean()
    assert "role" in info.value.message_dict
    grade = Membership(
        user=user, organization=world.cb_a, role="cb_admin", auditor_grade="senior_auditor"
    )
    with pytest.raises(ValidationError):
        grade.full_clean()


def test_superuser_sees_everything(world):
    root = User.objects.create_superuser("root", password="x")
    assert Enterprise.objects.visible_to(root).count() == 3
