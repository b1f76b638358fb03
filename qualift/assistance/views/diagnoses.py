"""Diagnosis pages: open a diagnosis on a ledger entry, the diagnosis with its radar chart,
ratings, photos, system evidence and issues, the questionnaire, photo upload, completion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.assistance import selectors_diagnoses as selectors
from qualift.assistance.access import acting_orgs, get_entry_for_user
from qualift.assistance.choices import Area, DiagnosisStatus
from qualift.assistance.evidence import system_evidence
from qualift.assistance.forms_diagnoses import DiagnosisForm, PhotoForm, QuestionnaireForm
from qualift.assistance.models import AssistanceIssue
from qualift.assistance.questionnaire import AREAS
from qualift.assistance.services import diagnoses as services
from qualift.core.views_helpers import add_service_errors
from qualift.tenancy.permissions import can

HEADER_FIELDS = ("held_on", "mode", "hours", "summary")


@login_required
def diagnosis_create(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk, write_action="diagnosis.change")
    initial = {"held_on": timezone.localdate()}
    form = DiagnosisForm(request.POST or None, cb_id=entry.cb_id, initial=initial)
    if form.fields["experts"].queryset.filter(pk=request.user.pk).exists():
        form.fields["experts"].initial = [request.user.pk]
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in HEADER_FIELDS}
        try:
            diagnosis = services.diagnosis_create(
                actor=request.user, entry=entry, data=data, experts=form.cleaned_data["experts"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Diagnosis opened: rate each area in the questionnaire."))
            return redirect("assistance:diagnosis-edit", pk=diagnosis.pk)
    return render(request, "assistance/diagnosis_form.html", {"form": form, "entry": entry})


@login_required
def diagnosis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = selectors.get_diagnosis_for_user(request.user, pk)
    entry = diagnosis.ledger_entry
    ratings = {r.area: r for r in diagnosis.ratings.all()}
    photos: dict[str, list] = {area: [] for area in Area.values}
    for photo in diagnosis.photos.all():
        photos[photo.area].append(photo)
    evidence = system_evidence(diagnosis.enterprise, timezone.localdate())
    profile = selectors.maturity_profile(diagnosis)
    areas = [
        {
            "area": area,
            "guide": AREAS[area],
            "rating": ratings.get(area),
            "photos": photos[area],
            "evidence": evidence[area],
        }
        for area in Area.values
    ]
    issues = AssistanceIssue.objects.filter(diagnosis=diagnosis).order_by("area", "id")
    can_write = can(request.user, "diagnosis.change", acting_orgs(diagnosis))
    chart = {
        "indicators": [{"name": row["label"], "max": 5} for row in profile],
        "values": [row["level"] or 0 for row in profile],
        "name": str(_("Maturity level")),
    }
    context = {
        "diagnosis": diagnosis,
        "entry": entry,
        "areas": areas,
        "profile": profile,
        "chart": chart,
        "issues": issues,
        "experts": diagnosis.experts.order_by("username"),
        "can_write": can_write,
        "can_issue": can(request.user, "assistance_issue.change", acting_orgs(diagnosis)),
        "rated": sum(1 for row in profile if row["level"]),
        "photo_form": PhotoForm() if can_write else None,
        "completed": diagnosis.status == DiagnosisStatus.COMPLETED,
    }
    return render(request, "assistance/diagnosis_detail.html", context)


@login_required
def diagnosis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = selectors.get_diagnosis_for_user(request.user, pk, write=True)
    ratings = list(diagnosis.ratings.all())
    header_initial = {k: getattr(diagnosis, k) for k in HEADER_FIELDS}
    header_initial["experts"] = list(diagnosis.experts.values_list("pk", flat=True))
    header = DiagnosisForm(
        request.POST or None, cb_id=diagnosis.cb_id, initial=header_initial, prefix="d"
    )
    questionnaire = QuestionnaireForm(
        request.POST or None, initial=QuestionnaireForm.initial_from(ratings)
    )
    if request.method == "POST" and header.is_valid() and questionnaire.is_valid():
        try:
            with transaction.atomic():
                services.diagnosis_update(
                    actor=request.user,
                    diagnosis=diagnosis,
                    data={k: header.cleaned_data[k] for k in HEADER_FIELDS},
                    experts=header.cleaned_data["experts"],
                )
                services.diagnosis_rate(
                    actor=request.user, diagnosis=diagnosis, ratings=questionnaire.ratings()
                )
        except ValidationError as exc:
            if set(getattr(exc, "error_dict", {})) & set(header.fields):
                add_service_errors(header, exc)
            else:
                add_service_errors(questionnaire, exc)
        else:
            messages.success(request, _("Diagnosis saved."))
            return redirect("assistance:diagnosis-detail", pk=diagnosis.pk)
    context = {
        "diagnosis": diagnosis,
        "entry": diagnosis.ledger_entry,
        "header": header,
        "questionnaire": questionnaire,
    }
    return render(request, "assistance/diagnosis_edit.html", context)


@login_required
@require_POST
def diagnosis_photo(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = selectors.get_diagnosis_for_user(request.user, pk, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                actor=request.user,
                diagnosis=diagnosis,
                area=form.cleaned_data["area"],
                file=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Photo added."))
    else:
        messages.error(
            request,
            " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect("assistance:diagnosis-detail", pk=diagnosis.pk)


@login_required
@require_POST
def diagnosis_complete(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = selectors.get_diagnosis_for_user(request.user, pk, write=True)
    try:
        services.diagnosis_complete(
            actor=request.user, diagnosis=diagnosis, today=timezone.localdate()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Diagnosis completed."))
    return redirect("assistance:diagnosis-detail", pk=diagnosis.pk)
