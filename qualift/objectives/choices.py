"""Choices for the organisation, the quality policy and (later) objectives and suggestions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
