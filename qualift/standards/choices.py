"""The source article's five focus points for small and micro enterprises (DOMAIN §2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FocusArea(models.TextChoices):
    QUALITY_CONCEPT = "quality_concept", _("Quality concept")
    LEADERSHIP = "leadership", _("Leadership")
    MOTIVATION = "motivation", _("Intrinsic motivation")
    GOALS = "goals", _("Clear goals and responsibilities")
    KEY_PROCESS = "key_process", _("Key process control")


class ChecklistResult(models.TextChoices):
    CONFORM = "conform", _("Conform")
    MINOR_NC = "minor_nc", _("Minor nonconformity")
    MAJOR_NC = "major_nc", _("Major nonconformity")
    OBSERVATION = "observation", _("Observation")
    OFI = "ofi", _("Opportunity for improvement")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


NC_RESULTS = (ChecklistResult.MINOR_NC, ChecklistResult.MAJOR_NC)


class TemplatePurpose(models.TextChoices):
    BOTH = "both", _("Certification and internal audits")
    CERTIFICATION = "certification", _("Certification audits")
    INTERNAL = "internal", _("Internal audits")
