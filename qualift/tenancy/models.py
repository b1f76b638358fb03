"""Users, organisations (program office, certification body, enterprise), memberships, regions."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.tenancy.choices import ROLES_BY_KIND, AuditorGrade, OrgKind, Role


class User(AbstractUser):
    """A person who signs in; what they may see comes from their memberships."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class Region(models.Model):
    """A provincial-level administrative division (GB/T 2260 code)."""

    code = models.CharField(_("GB/T 2260 code"), max_length=6, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganizationQuerySet:
        from qualift.tenancy.scope import scope_of

        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        from qualift.enterprises.models import Enterprise
        from qualift.programs.models import Program

        enterprises = Enterprise.objects.visible_to(user).values("organization_id")
        programs = Program.objects.visible_to(user)
        return self.filter(
            Q(pk__in=scope.org_ids)
            | Q(pk__in=enterprises)
            | Q(pk__in=programs.values("owner_id"))
            | Q(pk__in=programs.values("participating_cbs"))
        )


class Organization(TimeStamped):
    """A tenant: a program office, a certification body or an enterprise."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    code = models.CharField(
        _("registration code"),
        max_length=64,
        blank=True,
        help_text=_("e.g. the CB's approval number"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Membership(TimeStamped):
    """A user's role in one organisation; a user may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    auditor_grade = models.CharField(
        _("auditor grade"), max_length=32, choices=AuditorGrade.choices, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    def clean(self) -> None:
        allowed = ROLES_BY_KIND.get(self.organization.kind, ())
        if self.role not in allowed:
            raise ValidationError(
                {"role": _("This role does not exist in an organisation of this kind.")}
            )
        if self.auditor_grade and self.role != Role.AUDITOR:
            raise ValidationError({"auditor_grade": _("Only auditors have a grade.")})
