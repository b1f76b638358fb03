"""Choices for nonconformities, root causes, actions, complaints and internal audits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NcSource(models.TextChoices):
    CERTIFICATION_FINDING = "certification_finding", _("Certification audit finding")
    INTERNAL_AUDIT = "internal_audit", _("Internal audit")
    CUSTOMER_COMPLAINT = "customer_complaint", _("Customer complaint")
    INSPECTION = "inspection", _("Inspection or process alarm")
    SUPPLIER = "supplier", _("Supplier")
    OTHER = "other", _("Other")


class NcSeverity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("severity", "Minor")
    MAJOR = "major", pgettext_lazy("severity", "Major")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


class NcStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANALYSING = "analysing", _("Analysing")
    ACTION_PLAN = "action_plan", _("Action plan")
    IMPLEMENTING = "implementing", _("Implementing")
    VERIFYING = "verifying", _("Verifying")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


NC_FLOW: tuple[str, ...] = (
    NcStatus.DRAFT,
    NcStatus.ANALYSING,
    NcStatus.ACTION_PLAN,
    NcStatus.IMPLEMENTING,
    NcStatus.VERIFYING,
    NcStatus.CLOSED,
)
NC_OPEN = (
    NcStatus.DRAFT,
    NcStatus.ANALYSING,
    NcStatus.ACTION_PLAN,
    NcStatus.IMPLEMENTING,
    NcStatus.VERIFYING,
)


class CauseCategory(models.TextChoices):
    """The six influencing factors (人机料法环测)."""

    PEOPLE = "people", _("People (人)")
    MACHINE = "machine", _("Machine (机)")
    MATERIAL = "material", _("Material (料)")
    METHOD = "method", _("Method (法)")
    ENVIRONMENT = "environment", _("Environment (环)")
    MEASUREMENT = "measurement", _("Measurement (测)")


class ActionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    CORRECTIVE = "corrective", _("Corrective action")
    PREVENTIVE = "preventive", _("Preventive action")
    IMPROVEMENT = "improvement", _("Improvement")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


ACTION_OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ComplaintSeverity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")


class InternalAuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
