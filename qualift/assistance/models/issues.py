"""An assistance issue found in a diagnosis, scored on the four factors' sub-criteria (1–5)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import SUB_CRITERIA, Area
from qualift.assistance.models.base import AssistanceRecord
from qualift.assistance.models.diagnosis import Diagnosis
from qualift.assistance.scoping import WorkingPaperQuerySet


def _score(name: str):
    return models.PositiveSmallIntegerField(
        name, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class AssistanceIssue(AssistanceRecord):
    """A weakness found in an enterprise; the chosen ones become the plan's assistance points.

    Sub-criterion fields are named "<factor>_<criterion>" (choices.SUB_CRITERIA); an unscored one
    is null. `prioritise()` ranks issues from them.
    """

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(_("issue"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("focus area"), max_length=20, choices=Area.choices, db_index=True)
    evidence = models.TextField(_("evidence"), blank=True)
    # System records the issue rests on: [{"kind": "nc", "id": 12, "label": "NC-2026-004"}, …]
    evidence_links = models.JSONField(_("linked evidence"), default=list, blank=True)
    prominence_severity = _score("prominence · severity")
    prominence_frequency = _score("prominence · frequency")
    prominence_effect = _score("prominence · effect")
    enterprise_people = _score("enterprise · people")
    enterprise_capital = _score("enterprise · capital")
    enterprise_equipment = _score("enterprise · equipment")
    enterprise_information = _score("enterprise · information")
    enterprise_technology = _score("enterprise · technology")
    cb_information = _score("cb · information")
    cb_technology = _score("cb · technology")
    cb_time = _score("cb · time")
    cb_space = _score("cb · space")
    cb_people = _score("cb · people")
    evaluability_method = _score("evaluability · method")
    evaluability_milestones = _score("evaluability · milestones")
    evaluability_criteria = _score("evaluability · criteria")
    evaluability_result = _score("evaluability · result")
    is_point = models.BooleanField(_("chosen as an assistance point"), default=False)
    skip_reason = models.TextField(_("why not chosen"), blank=True)

    objects = WorkingPaperQuerySet.as_manager()

    class Meta:
        ordering = ["diagnosis", "id"]
        indexes = [
            models.Index(fields=["enterprise", "area"]),
            models.Index(fields=["program", "area"]),
        ]
        verbose_name = _("assistance issue")
        verbose_name_plural = _("assistance issues")

    def __str__(self) -> str:
        return self.title

    def scores(self) -> dict[str, dict[str, int | None]]:
        """{factor: {criterion: score}} as `prioritise()` reads it."""
        return {
            factor: {name: getattr(self, f"{factor}_{name}") for name, _label in subs}
            for factor, subs in SUB_CRITERIA.items()
        }

    @property
    def is_scored(self) -> bool:
        return all(v is not None for subs in self.scores().values() for v in subs.values())
