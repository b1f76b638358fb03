"""Choices for the organisation, the quality policy and (later) objectives and suggestions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved (in force)")
    SUPERSEDED = "superseded", _("Superseded")


class CommunicationMethod(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    NOTICE_BOARD = "notice_board", _("Notice board")
    TRAINING = "training", _("Training")
    MESSAGE = "message", _("Message or e-mail")
    OTHER = "other", _("Other")


class ObjectiveLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    DEPARTMENT = "department", _("Department")
    POSITION = "position", _("Position")
    EMPLOYEE = "employee", _("Employee")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")
    BAND = "band", _("Within a band")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class DataSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    ROLLUP = "rollup", _("Roll-up of sub-objectives")
    NC_COUNT = "nc_count", _("Nonconformities detected (count)")
    COMPLAINT_COUNT = "complaint_count", _("Customer complaints received (count)")
    SPC_CPK = "spc_cpk", _("Process capability Cpk of a parameter")
    ACTION_TIMELINESS = "action_timeliness", _("Actions completed on time (%)")
    TRAINING_COMPLETION = "training_completion", _("Employees trained on the policy in force (%)")


COMPUTED_SOURCES = (
    DataSource.NC_COUNT,
    DataSource.COMPLAINT_COUNT,
    DataSource.SPC_CPK,
    DataSource.ACTION_TIMELINESS,
    DataSource.TRAINING_COMPLETION,
)


class Rollup(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    WEIGHTED_MEAN = "weighted_mean", _("Weighted mean")
    MIN = "min", _("Worst child (min, or max when lower is better)")


class Attainment(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")
    NO_DATA = "no_data", _("No data")


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


class ReviewOutputKind(models.TextChoices):
    """ISO 9001 9.3.3: opportunities for improvement, changes to the QMS, resource needs."""

    DECISION = "decision", _("Decision")
    IMPROVEMENT = "improvement", _("Improvement opportunity (action)")
    QMS_CHANGE = "qms_change", _("Change to the quality system (action)")
    RESOURCE = "resource", _("Resource need (action)")


REVIEW_ACTION_KINDS = (
    ReviewOutputKind.IMPROVEMENT,
    ReviewOutputKind.QMS_CHANGE,
    ReviewOutputKind.RESOURCE,
)


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    KEPT = "kept", _("Kept")
    MISSED = "missed", _("Missed")


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    EVALUATED = "evaluated", _("Evaluated")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IMPLEMENTED = "implemented", _("Implemented")
    REWARDED = "rewarded", _("Rewarded")


SUGGESTION_NEXT: dict[str, tuple[str, ...]] = {
    SuggestionStatus.SUBMITTED: (SuggestionStatus.EVALUATED, SuggestionStatus.DECLINED),
    SuggestionStatus.EVALUATED: (SuggestionStatus.ACCEPTED, SuggestionStatus.DECLINED),
    SuggestionStatus.ACCEPTED: (SuggestionStatus.IMPLEMENTED,),
    SuggestionStatus.IMPLEMENTED: (SuggestionStatus.REWARDED,),
    SuggestionStatus.DECLINED: (),
    SuggestionStatus.REWARDED: (),
}


class PulseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("survey round", "Open")
    CLOSED = "closed", _("Closed")
