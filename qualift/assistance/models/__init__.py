"""The assistance app's models: diagnoses, issues, plans, visits, involvement, common problems."""

from qualift.assistance.models.common import CommonIssue
from qualift.assistance.models.diagnosis import Diagnosis, DiagnosisPhoto, DiagnosisRating
from qualift.assistance.models.issues import AssistanceIssue
from qualift.assistance.models.plan import (
    Measure,
    Milestone,
    Plan,
    PlanIndicator,
    PlanRevision,
    PlanSignature,
)
from qualift.assistance.models.settings import PriorityWeights
from qualift.assistance.models.visits import Involvement, Visit

__all__ = [
    "AssistanceIssue",
    "CommonIssue",
    "Diagnosis",
    "DiagnosisPhoto",
    "DiagnosisRating",
    "Involvement",
    "Measure",
    "Milestone",
    "Plan",
    "PlanIndicator",
    "PlanRevision",
    "PlanSignature",
    "PriorityWeights",
    "Visit",
]
