"""The enterprise's organisation: departments (a tree), positions with responsibilities and
authorities, employees and who reports to whom (ISO 9001 5.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import EnterpriseOwnedQuerySet

USER = settings.AUTH_USER_MODEL


class Department(TimeStamped):
    """A unit of the organisation; departments form a tree (`parent`)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=10)
    is_active = models.BooleanField(_("active"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "sequence", "name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="department_name_unique")
        ]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Position(TimeStamped):
    """A job with its responsibilities and authorities in plain words, and whom it reports to."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("department"),
    )
    title = models.CharField(_("title"), max_length=100)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    authorities = models.TextField(_("authorities"), blank=True)
    reports_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("reports to"),
    )
    is_top_management = models.BooleanField(_("top management"), default=False)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=10)
    is_active = models.BooleanField(_("active"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "sequence", "title"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "title"], name="position_title_unique")
        ]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return self.title


class Employee(TimeStamped):
    """A person working in the enterprise (not necessarily a system user)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employees",
        verbose_name=_("position"),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employees",
        verbose_name=_("department"),
    )
    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        verbose_name=_("reports to"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("employed"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "name", "id"]
        indexes = [models.Index(fields=["enterprise", "is_active"])]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return self.name
