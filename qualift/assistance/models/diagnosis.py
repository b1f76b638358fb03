"""A diagnosis visit and its questionnaire: one maturity rating (1–5) per area, notes, photos."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import Area, DiagnosisStatus, Mode
from qualift.assistance.models.base import AssistanceRecord
from qualift.assistance.scoping import WorkingPaperQuerySet


class Diagnosis(AssistanceRecord):
    """An on-site or remote diagnosis (诊断) of an enterprise on a program's ledger."""

    ledger_entry = models.ForeignKey(
        "programs.LedgerEntry", on_delete=models.PROTECT, related_name="diagnoses"
    )
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        default=0,
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="diagnoses", verbose_name=_("experts")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DiagnosisStatus.choices,
        default=DiagnosisStatus.DRAFT,
        db_index=True,
    )
    summary = models.TextField(_("summary"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    objects = WorkingPaperQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "held_on"]),
            models.Index(fields=["cb", "status"]),
        ]
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.held_on}"


class DiagnosisRating(AssistanceRecord):
    """One area's maturity level (1–5, levels described in words) with the expert's notes."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="ratings")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    level = models.PositiveSmallIntegerField(
        _("maturity level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = WorkingPaperQuerySet.as_manager()

    class Meta:
        ordering = ["diagnosis", "id"]
        constraints = [
            models.UniqueConstraint(fields=["diagnosis", "area"], name="one_rating_per_area")
        ]
        verbose_name = _("area rating")
        verbose_name_plural = _("area ratings")

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.level or '–'}"


class DiagnosisPhoto(AssistanceRecord):
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="photos")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    image = models.FileField(_("photo"), upload_to="diagnosis/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    objects = WorkingPaperQuerySet.as_manager()

    class Meta:
        ordering = ["diagnosis", "area", "id"]
        verbose_name = _("diagnosis photo")
        verbose_name_plural = _("diagnosis photos")

    def __str__(self) -> str:
        return self.caption or self.image.name
