"""The auditor register: list (filters, expiring codes), a person's profile, and its forms."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.api_auditors import register_cbs, registrable_people
from qualift.certification.forms_auditors import AuditorCodeForm, AuditorForm, TrainingForm
from qualift.certification.models import AuditorCode, AuditorProfile
from qualift.certification.scoping import certifying_cb_ids
from qualift.certification.services.auditors import (
    auditor_code_save,
    auditor_save,
    training_add,
    valid_codes_on,
)
from qualift.core.views_helpers import add_service_errors, paginate, querystring_without_page
from qualift.enterprises.models import IafCode
from qualift.tenancy.choices import AuditorGrade
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

WRITE = "auditor.change"
EXPIRING_DAYS = 90  # a code running out within this many days is flagged on the list


def _require_staff(user) -> None:
    if not (scope_of(user).is_superuser or certifying_cb_ids(user)):
        raise PermissionDenied


def _profile(user, pk: int, write: bool = False) -> AuditorProfile:
    profile = get_object_or_404(
        AuditorProfile.objects.visible_to(user).select_related("user", "cb"), pk=pk
    )
    if write and not can(user, WRITE, [profile.cb_id]):
        raise PermissionDenied
    return profile


@login_required
def auditor_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request.user)
    today = timezone.localdate()
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    profiles = (
        AuditorProfile.objects.visible_to(request.user)
        .select_related("user", "cb")
        .prefetch_related(
            Prefetch(
                "codes",
                queryset=AuditorCode.objects.filter(valid_codes_on(today)).select_related(
                    "iaf_code"
                ),
                to_attr="valid_codes",
            )
        )
        .annotate(
            expiring=Count(
                "codes",
                filter=Q(codes__valid_until__gte=today, codes__valid_until__lte=soon),
            )
        )
    )
    grade = request.GET.get("grade", "")
    grade = grade if grade in AuditorGrade.values else ""
    code = request.GET.get("iaf_code", "").strip()
    code = code if code.isascii() and code.isdigit() and len(code) <= 2 else ""
    active = request.GET.get("active", "")
    active = active if active in ("yes", "no") else ""
    if grade:
        profiles = profiles.filter(grade=grade)
    if code:
        holders = AuditorCode.objects.filter(valid_codes_on(today), iaf_code__code=code.zfill(2))
        profiles = profiles.filter(pk__in=holders.values("profile_id"))
    if active:
        profiles = profiles.filter(is_active=active == "yes")
    context = {
        "page": paginate(request, profiles.order_by("user__username", "pk")),
        "grades": AuditorGrade.choices,
        "codes": IafCode.objects.order_by("code"),
        "filters": {"grade": grade, "iaf_code": code, "active": active},
        "querystring": querystring_without_page(request),
        "can_create": register_cbs(request.user).exists(),
        "expiring_days": EXPIRING_DAYS,
    }
    return render(request, "certification/auditor_list.html", context)


@login_required
def auditor_create(request: HttpRequest) -> HttpResponse:
    cbs = register_cbs(request.user)
    if not cbs.exists():
        raise PermissionDenied
    form = AuditorForm(request.POST or None, cbs=cbs, people=registrable_people(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cb = data.pop("cb")
        try:
            profile = auditor_save(actor=request.user, cb=cb, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Auditor registered."))
            return redirect("certification:auditor-detail", pk=profile.pk)
    return render(request, "certification/auditor_form.html", {"form": form, "profile": None})


@login_required
def auditor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request.user, pk)
    today = timezone.localdate()
    codes = profile.codes.select_related("iaf_code")
    context = {
        "profile": profile,
        "codes": [(c, c.valid_on(today)) for c in codes],
        "trainings": profile.trainings.all(),
        "can_change": can(request.user, WRITE, [profile.cb_id]),
        "soon": today + dt.timedelta(days=EXPIRING_DAYS),
        "today": today,
    }
    return render(request, "certification/auditor_detail.html", context)


@login_required
def auditor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request.user, pk, write=True)
    form = AuditorForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            auditor_save(actor=request.user, cb=profile.cb, profile=profile, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Auditor saved."))
            return redirect("certification:auditor-detail", pk=profile.pk)
    return render(request, "certification/auditor_form.html", {"form": form, "profile": profile})


def _code_form(request, profile, code=None) -> HttpResponse:
    form = AuditorCodeForm(request.POST or None, instance=code)
    if request.method == "POST" and form.is_valid():
        try:
            auditor_code_save(
                actor=request.user, profile=profile, code=code, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("IAF code saved."))
            return redirect("certification:auditor-detail", pk=profile.pk)
    context = {"form": form, "profile": profile, "code": code}
    return render(request, "certification/auditor_code_form.html", context)


@login_required
def auditor_code_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _code_form(request, _profile(request.user, pk, write=True))


@login_required
def auditor_code_edit(request: HttpRequest, pk: int) -> HttpResponse:
    code = get_object_or_404(
        AuditorCode.objects.visible_to(request.user).select_related("profile"), pk=pk
    )
    return _code_form(request, _profile(request.user, code.profile_id, write=True), code)


@login_required
def training_create(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request.user, pk, write=True)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training_add(actor=request.user, profile=profile, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Training record added."))
            return redirect("certification:auditor-detail", pk=profile.pk)
    return render(
        request, "certification/auditor_training_form.html", {"form": form, "profile": profile}
    )
