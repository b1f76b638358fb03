"""Kinds of controlled documents and the states of their versions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    MANUAL = "manual", _("Quality manual")
    PROCEDURE = "procedure", _("Procedure")
    WORK_INSTRUCTION = "work_instruction", _("Work instruction")
    FORM = "form", _("Form")
    RECORD = "record", _("Record")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    EFFECTIVE = "effective", _("Effective")
    OBSOLETE = "obsolete", _("Obsolete")
