"""Assistance vocabulary: diagnosis areas, the four factors and their sub-criteria (DOMAIN §5),
measure kinds, and the statuses of diagnoses, plans, measures and milestones."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The five focus points of the source article (DOMAIN §2) plus three the diagnosis adds."""

    QUALITY_CONCEPT = "quality_concept", _("Quality concept")
    LEADERSHIP = "leadership", _("Leadership")
    MOTIVATION = "motivation", _("Intrinsic motivation")
    GOALS = "goals", _("Clear goals and responsibilities")
    KEY_PROCESS = "key_process", _("Key process control")
    STRATEGY = "strategy", _("Strategy")
    EQUIPMENT = "equipment", _("Equipment and facilities")
    INSPECTION = "inspection", _("Product inspection")


FOCUS_AREAS = (
    Area.QUALITY_CONCEPT,
    Area.LEADERSHIP,
    Area.MOTIVATION,
    Area.GOALS,
    Area.KEY_PROCESS,
)


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")


class DiagnosisStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    COMPLETED = "completed", _("Completed")


class Factor(models.TextChoices):
    """The four factors an assistance point is chosen by (DOMAIN §5)."""

    PROMINENCE = "prominence", _("Prominence")
    ENTERPRISE = "enterprise", _("Enterprise's ability to correct")
    CB = "cb", _("CB's ability to help")
    EVALUABILITY = "evaluability", _("Evaluability")


# Each factor's named sub-criteria, scored 1–5. The model field is "<factor>_<criterion>".
SUB_CRITERIA: dict[str, tuple[tuple[str, object], ...]] = {
    Factor.PROMINENCE: (
        ("severity", _("Severity")),
        ("frequency", _("Frequency")),
        ("effect", _("Effect on product quality and customers")),
    ),
    Factor.ENTERPRISE: (
        ("people", _("Human resources")),
        ("capital", _("Capital")),
        ("equipment", _("Equipment")),
        ("information", _("Information")),
        ("technology", _("Technology")),
    ),
    Factor.CB: (
        ("information", _("Information")),
        ("technology", _("Professional technology")),
        ("time", _("Time")),
        ("space", _("Space")),
        ("people", _("Human resources")),
    ),
    Factor.EVALUABILITY: (
        ("method", _("Method")),
        ("milestones", _("Milestones")),
        ("criteria", _("Criteria")),
        ("result", _("Measurable result")),
    ),
}


def score_fields() -> list[str]:
    """Every sub-criterion's model field name, factor by factor."""
    return [f"{factor}_{name}" for factor, subs in SUB_CRITERIA.items() for name, _label in subs]


# Documented defaults (docs/assistance-prioritisation.md): prominence counts double, because the
# article puts the weight in the enterprise's improvement first; the CB may change them.
DEFAULT_WEIGHTS: dict[str, float] = {
    Factor.PROMINENCE: 0.4,
    Factor.ENTERPRISE: 0.2,
    Factor.CB: 0.2,
    Factor.EVALUABILITY: 0.2,
}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    COMPLETED = "completed", _("Completed")


class SignSide(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    CB = "cb", _("Certification body")


class MeasureKind(models.TextChoices):
    TRAINING = "training", _("Training")
    PROCESS = "process", _("Process sorting and optimisation")
    KEY_TECHNOLOGY = "key_technology", _("Key technology improvement")
    DOCUMENTATION = "documentation", _("System documentation")
    EQUIPMENT = "equipment", _("Equipment operation standardisation")
    SPC = "spc", _("Measurement and SPC set-up")
    OBJECTIVES = "objectives", _("Objectives and responsibilities")
    INCENTIVES = "incentives", _("Incentive mechanism")
    OTHER = "other", _("Other")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACHIEVED = "achieved", _("Achieved")


class IndicatorDirection(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class InvolvementSource(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    VISIT = "visit", _("Assistance visit")
    MEASURE = "measure", _("Plan measure")
