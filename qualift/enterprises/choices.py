"""Choices for enterprise profiles and engagements."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class MiitIndustry(models.IntegerChoices):
    AGRICULTURE = 1, _("Agriculture, forestry, animal husbandry, fishery")
    INDUSTRY = 2, _("Industry (mining, manufacturing, utilities)")
    CONSTRUCTION = 3, _("Construction")
    WHOLESALE = 4, _("Wholesale")
    RETAIL = 5, _("Retail")
    TRANSPORT = 6, _("Transport (excluding rail)")
    WAREHOUSING = 7, _("Warehousing")
    POSTAL = 8, _("Postal")
    ACCOMMODATION = 9, _("Accommodation")
    CATERING = 10, _("Catering")
    INFORMATION_TRANSMISSION = 11, _("Information transmission")
    SOFTWARE_IT = 12, _("Software and IT services")
    REAL_ESTATE = 13, _("Real-estate development")
    PROPERTY_MANAGEMENT = 14, _("Property management")
    LEASING = 15, _("Leasing and business services")
    OTHER = 16, _("Other")


class EngagementKind(models.TextChoices):
    CERTIFICATION = "certification", _("Certification")
    ASSISTANCE = "assistance", _("Assistance")
