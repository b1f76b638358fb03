"""The objectives app's models: organisation, quality policy, objectives cascade, management
review and leadership commitments, suggestions and incentives, pulse survey."""

from qualift.objectives.models.goals import Objective, ObjectiveMeasurement
from qualift.objectives.models.org import Department, Employee, Position
from qualift.objectives.models.policy import PolicyCommunication, QualityPolicy
from qualift.objectives.models.pulse import PulseResponse, PulseRound
from qualift.objectives.models.review import (
    LeadershipCommitment,
    ManagementReview,
    ReviewOutput,
)
from qualift.objectives.models.suggestions import (
    IncentiveScheme,
    RewardEntry,
    Suggestion,
    SuggestionBox,
)

__all__ = [
    "Department",
    "Employee",
    "IncentiveScheme",
    "LeadershipCommitment",
    "ManagementReview",
    "Objective",
    "ObjectiveMeasurement",
    "PolicyCommunication",
    "Position",
    "PulseResponse",
    "PulseRound",
    "QualityPolicy",
    "ReviewOutput",
    "RewardEntry",
    "Suggestion",
    "SuggestionBox",
]
