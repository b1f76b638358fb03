"""Industry-common problems: a problem shared by enterprises of one industry, solved by a group
measure attached to each affected enterprise's plan ("common problems collectively")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import Area, MeasureKind
from qualift.assistance.scoping import CommonIssueQuerySet
from qualift.core.models import TimeStamped


class CommonIssue(TimeStamped):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="common_issues"
    )
    created_by_org = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    gbt4754_division = models.CharField(_("industry (GB/T 4754 division)"), max_length=2)
    area = models.CharField(_("focus area"), max_length=20, choices=Area.choices)
    title = models.CharField(_("common problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    measure_kind = models.CharField(
        _("group measure kind"), max_length=20, choices=MeasureKind.choices
    )
    measure_title = models.CharField(_("group measure"), max_length=200)
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", related_name="+", verbose_name=_("enterprises affected")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommonIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["program", "gbt4754_division", "area"])]
        verbose_name = _("industry-common problem")
        verbose_name_plural = _("industry-common problems")

    def __str__(self) -> str:
        return self.title
