"""The auditor register of a CB: people with grades, IAF codes valid from / until, training.

Every write needs auditor.change in the CB (its administrator). Who may audit which sector is
read from here by the team check (`competent_codes`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from qualift.certification.models import AuditorCode, AuditorProfile, TrainingRecord
from qualift.certification.scoping import CERTIFYING_ROLES
from qualift.core.audit import audit_record, snapshot
from qualift.enterprises.models import IafCode
from qualift.tenancy.choices import Role
from qualift.tenancy.models import Membership
from qualift.tenancy.permissions import require

PROFILE_FIELDS = ("grade", "registration_no", "is_active", "note")
CODE_FIELDS = ("iaf_code", "valid_from", "valid_until")
TRAINING_FIELDS = ("title", "provider", "completed_on", "hours", "certificate_no")


def _unknown(data: dict, allowed) -> None:
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise ValidationError({name: _("Unknown field.") for name in extra})


def _clean_text(value):
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def auditor_save(*, actor, cb, profile: AuditorProfile | None = None, data: dict):
    """Add a person to the CB's register (data["user"]) or change a profile. The person must be
    an active administrator or auditor of that CB; an auditor's membership carries the grade."""
    require(actor, "auditor.change", [cb.pk])
    data = dict(data)
    user = data.pop("user", None)
    _unknown(data, PROFILE_FIELDS)
    if profile is None:
        if user is None:
            raise ValidationError({"user": _("Choose the person.")})
        membership = Membership.objects.filter(
            user=user, organization=cb, role__in=CERTIFYING_ROLES, is_active=True
        ).first()
        if membership is None or not user.is_active:
            raise ValidationError(
                {"user": _("Only an active administrator or auditor of this CB can be registered.")}
            )
        if AuditorProfile.objects.filter(cb=cb, user=user).exists():
            raise ValidationError({"user": _("This person is already in the register.")})
        profile, before, verb = AuditorProfile(cb=cb, user=user), None, "auditor.create"
    else:
        if profile.cb_id != cb.pk:
            raise ValidationError({"cb": _("The profile belongs to another CB.")})
        if user is not None and user.pk != profile.user_id:
            raise ValidationError({"user": _("The person of a profile cannot be changed.")})
        profile = AuditorProfile.objects.select_for_update().get(pk=profile.pk)
        before, verb = snapshot(profile, list(PROFILE_FIELDS)), "auditor.update"
        membership = Membership.objects.filter(user_id=profile.user_id, organization=cb).first()
    for name, value in data.items():
        setattr(profile, name, _clean_text(value))
    profile.full_clean()
    profile.save()
    if membership is not None and membership.role == Role.AUDITOR:
        if membership.auditor_grade != profile.grade:
            membership.auditor_grade = profile.grade
            membership.full_clean()
            membership.save(update_fields=["auditor_grade", "updated_at"])
    audit_record(
        actor=actor,
        verb=verb,
        target=profile,
        organization=cb,
        before=before,
        after=snapshot(profile, list(PROFILE_FIELDS)),
    )
    return profile


def _check_dates(code: AuditorCode) -> None:
    if code.valid_from and code.valid_until and code.valid_until < code.valid_from:
        raise ValidationError({"valid_until": _("The end of validity comes after its start.")})


@transaction.atomic
def auditor_code_save(*, actor, profile: AuditorProfile, code: AuditorCode | None = None, data):
    """Add or change an IAF code the auditor is competent for (valid_from ≤ valid_until)."""
    require(actor, "auditor.change", [profile.cb_id])
    data = dict(data)
    _unknown(data, CODE_FIELDS)
    iaf = data.get("iaf_code")
    if isinstance(iaf, str):
        found = IafCode.objects.filter(code=iaf.strip().zfill(2)).first()
        if found is None:
            raise ValidationError({"iaf_code": _("No IAF code %(code)s.") % {"code": iaf}})
        data["iaf_code"] = found
    if code is None:
        code, before = AuditorCode(profile=profile, cb_id=profile.cb_id), None
    else:
        if code.profile_id != profile.pk:
            raise ValidationError({"profile": _("The code belongs to another auditor.")})
        code = AuditorCode.objects.select_for_update().get(pk=code.pk)
        before = snapshot(code, list(CODE_FIELDS))
    for name, value in data.items():
        setattr(code, name, value)
    _check_dates(code)
    code.full_clean()
    code.save()
    audit_record(
        actor=actor,
        verb="auditor.code_save",
        target=code,
        organization=profile.cb,
        before=before,
        after=snapshot(code, list(CODE_FIELDS)),
    )
    return code


@transaction.atomic
def training_add(*, actor, profile: AuditorProfile, data: dict) -> TrainingRecord:
    """Record a course or qualification the auditor completed."""
    require(actor, "auditor.change", [profile.cb_id])
    data = dict(data)
    _unknown(data, TRAINING_FIELDS)
    record = TrainingRecord(profile=profile, cb_id=profile.cb_id)
    for name, value in data.items():
        setattr(record, name, _clean_text(value))
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        verb="auditor.training_add",
        target=record,
        organization=profile.cb,
        after=snapshot(record, list(TRAINING_FIELDS)),
    )
    return record


def valid_codes_on(on: dt.date) -> Q:
    """AuditorCode rows valid on the day."""
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def competent_codes(user_id: int, cb_id: int, on: dt.date) -> set[str]:
    """The IAF codes ("05") the person may audit for the CB on the day (active profile)."""
    return set(
        AuditorCode.objects.filter(
            valid_codes_on(on), profile__user_id=user_id, cb_id=cb_id, profile__is_active=True
        ).values_list("iaf_code__code", flat=True)
    )
