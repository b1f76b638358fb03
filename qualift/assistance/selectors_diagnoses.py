"""Diagnosis reads: the scoped lookup, the list of an entry's diagnoses and the maturity
profile the radar chart draws."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from qualift.assistance.access import check_write
from qualift.assistance.choices import Area
from qualift.assistance.models import Diagnosis, DiagnosisRating


def diagnoses_visible(user):
    return Diagnosis.objects.visible_to(user).select_related("enterprise", "cb", "program")


def get_diagnosis_for_user(user, pk: int, write: bool = False) -> Diagnosis:
    """The diagnosis: 404 outside the user's working papers; 403 for a write the role lacks."""
    diagnosis = get_object_or_404(diagnoses_visible(user), pk=pk)
    if write:
        check_write(user, "diagnosis.change", diagnosis)
    return diagnosis


def diagnoses_of_entry(entry):
    return (
        Diagnosis.objects.filter(ledger_entry=entry)
        .prefetch_related("experts")
        .order_by("-held_on", "-id")
    )


def maturity_profile(diagnosis: Diagnosis) -> list[dict]:
    """One row per area in Area order: {"area", "label", "level" (1–5 or None)}."""
    levels = dict(DiagnosisRating.objects.filter(diagnosis=diagnosis).values_list("area", "level"))
    return [
        {"area": area, "label": str(Area(area).label), "level": levels.get(area)}
        for area in Area.values
    ]
