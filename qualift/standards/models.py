"""The ISO 9001:2015 clause tree and checklist templates shared by certification and internal
audits."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qualift.standards.choices import FocusArea, TemplatePurpose
from qualift.tenancy.models import Organization
from qualift.tenancy.scope import scope_of


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


class Clause(models.Model):
    """A clause of ISO 9001:2015 (GB/T 19001-2016): number and title in both languages."""

    number = models.CharField(_("clause"), max_length=10, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("ISO 9001 clause")
        verbose_name_plural = _("ISO 9001 clauses")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def title(self) -> str:
        return self.title_zh if _zh() else self.title_en

    @property
    def top(self) -> str:
        """The main clause (4–10) this one belongs to."""
        return self.number.split(".")[0]


class ChecklistTemplateQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChecklistTemplateQuerySet:
        scope = scope_of(user)
        if not scope.is_authenticated:
            return self.none()
        if scope.is_superuser:
            return self.all()
        return self.filter(Q(owner__isnull=True) | Q(owner_id__in=scope.org_ids))


class ChecklistTemplate(models.Model):
    """A reusable audit checklist; shipped templates have no owner and are visible to all."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    owner = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=TemplatePurpose.choices, default=TemplatePurpose.BOTH
    )
    is_default = models.BooleanField(_("default"), default=False)

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name_en"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self) -> str:
        return self.name_zh if _zh() else self.name_en


class ChecklistQuestion(models.Model):
    """One question of a template, in Qualift's own words, mapped to a clause and focus area."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, verbose_name=_("clause"))
    focus_area = models.CharField(_("focus area"), max_length=20, choices=FocusArea.choices)
    text_en = models.TextField(_("question (English)"))
    text_zh = models.TextField(_("question (Chinese)"))
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self) -> str:
        return f"{self.clause.number} {self.text[:60]}"

    @property
    def text(self) -> str:
        return self.text_zh if _zh() else self.text_en
