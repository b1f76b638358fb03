"""Diagnosis writes: open a diagnosis on a ledger entry, edit it, rate the areas, add photos,
complete it.

A diagnosis is the CB's working paper: only the assisting CB's administrators and assistance
experts write it (`diagnosis.change`). Its experts must be the CB's administrators or assistance
experts — never its auditors, who stay apart from assistance (DOMAIN §1) — and each one is recorded
as involved with the enterprise on the diagnosis day, which the certification side's impartiality
check reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.assistance.access import acting_orgs
from qualift.assistance.choices import Area, DiagnosisStatus, InvolvementSource, Mode
from qualift.assistance.involvement import record_involvement
from qualift.assistance.models import Diagnosis, DiagnosisPhoto, DiagnosisRating
from qualift.assistance.scoping import assisting_people
from qualift.assistance.services.ledger_sync import advance_ledger
from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot
from qualift.programs.choices import LedgerStatus
from qualift.programs.models import LedgerEntry
from qualift.tenancy.permissions import require

FIELDS = ("held_on", "mode", "hours", "summary")
MAX_SUMMARY_CHARS = 10_000
MAX_NOTES_CHARS = 5_000
MAX_CAPTION_CHARS = 200
MAX_HOURS = Decimal("999.9")
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


def require_write(actor, record) -> None:
    """403 unless the actor may write this entry's (or diagnosis's) working papers."""
    require(actor, "diagnosis.change", acting_orgs(record))


def _clean_experts(cb_id: int, experts: Iterable) -> list:
    people = [e for e in experts or [] if e is not None]
    if not people:
        raise ValidationError({"experts": [_("Name at least one expert.")]})
    ids = {getattr(e, "pk", e) for e in people}
    allowed = set(assisting_people(cb_id).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - allowed:
        raise ValidationError(
            {
                "experts": [
                    _(
                        "Every expert must be an administrator or assistance expert of the "
                        "certification body assisting this enterprise."
                    )
                ]
            }
        )
    return sorted(ids)


def _clean_data(data: dict[str, Any], current: Diagnosis | None = None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name in FIELDS:
        if name in data:
            cleaned[name] = data[name]
        elif current is not None:
            cleaned[name] = getattr(current, name)
    held_on = cleaned.get("held_on")
    if not isinstance(held_on, dt.date):
        errors["held_on"] = [_("Give the date of the diagnosis.")]
    mode = cleaned.get("mode") or Mode.ON_SITE
    if mode not in Mode.values:
        errors["mode"] = [_("Choose on site or remote.")]
    cleaned["mode"] = mode
    hours = cleaned.get("hours")
    try:
        hours = Decimal(str(hours if hours not in (None, "") else 0))
    except ArithmeticError:
        hours = None
    if hours is None or not hours.is_finite() or hours < 0 or hours > MAX_HOURS:
        errors["hours"] = [_("Give the hours spent, between 0 and %(n)s.") % {"n": MAX_HOURS}]
    else:
        cleaned["hours"] = hours.quantize(Decimal("0.1"))
    summary = (cleaned.get("summary") or "").strip()
    if len(summary) > MAX_SUMMARY_CHARS:
        errors["summary"] = [_("At most %(n)s characters.") % {"n": MAX_SUMMARY_CHARS}]
    cleaned["summary"] = summary
    if errors:
        raise ValidationError(errors)
    return cleaned


def _record(diagnosis: Diagnosis) -> dict[str, Any]:
    return snapshot(diagnosis)


def _involve(diagnosis: Diagnosis, expert_ids: list[int]) -> None:
    record_involvement(
        people=expert_ids,
        enterprise=diagnosis.enterprise,
        cb_id=diagnosis.cb_id,
        day=diagnosis.held_on,
        source=InvolvementSource.DIAGNOSIS,
        source_id=diagnosis.pk,
    )


@transaction.atomic
def diagnosis_create(
    *, actor, entry: LedgerEntry, data: dict[str, Any], experts: Iterable
) -> Diagnosis:
    """Open a diagnosis of the entry's enterprise with one empty rating per area; record the
    experts' involvement and move a screened entry to diagnosing."""
    entry = LedgerEntry.objects.select_related("enterprise", "program").get(pk=entry.pk)
    if entry.cb_id is None:
        raise ValidationError(
            _("This ledger entry has no certification body assisting it; assign one first.")
        )
    require_write(actor, entry)
    cleaned = _clean_data(data)
    expert_ids = _clean_experts(entry.cb_id, experts)
    diagnosis = Diagnosis(
        ledger_entry=entry,
        enterprise=entry.enterprise,
        cb_id=entry.cb_id,
        program=entry.program,
        status=DiagnosisStatus.DRAFT,
        **cleaned,
    )
    diagnosis.full_clean()
    diagnosis.save()
    diagnosis.experts.set(expert_ids)
    DiagnosisRating.objects.bulk_create(
        DiagnosisRating(
            diagnosis=diagnosis,
            enterprise=entry.enterprise,
            cb_id=entry.cb_id,
            program=entry.program,
            area=area,
        )
        for area in Area.values
    )
    _involve(diagnosis, expert_ids)
    _audit(actor, "diagnosis.create", diagnosis, after=_record(diagnosis))
    if entry.status == LedgerStatus.SCREENED:
        advance_ledger(
            entry,
            LedgerStatus.DIAGNOSING,
            _("Diagnosis of %(day)s opened.") % {"day": diagnosis.held_on.isoformat()},
        )
    return diagnosis


@transaction.atomic
def diagnosis_update(
    *, actor, diagnosis: Diagnosis, data: dict[str, Any], experts: Iterable | None = None
) -> Diagnosis:
    """Change the date, mode, hours, summary or experts; the involvement is recorded again for
    the (new) date and experts — earlier records stay, since the people did take part."""
    require_write(actor, diagnosis)
    diagnosis = (
        Diagnosis.objects.select_for_update().select_related("enterprise").get(pk=diagnosis.pk)
    )
    before = _record(diagnosis)
    cleaned = _clean_data(data, current=diagnosis)
    expert_ids = (
        _clean_experts(diagnosis.cb_id, experts)
        if experts is not None
        else list(diagnosis.experts.values_list("pk", flat=True))
    )
    for name, value in cleaned.items():
        setattr(diagnosis, name, value)
    diagnosis.full_clean()
    diagnosis.save()
    diagnosis.experts.set(expert_ids)
    _involve(diagnosis, expert_ids)
    after = _record(diagnosis)
    changed = [k for k in after if before.get(k) != after.get(k)]
    if changed:
        _audit(
            actor,
            "diagnosis.update",
            diagnosis,
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
        )
    return diagnosis


def _clean_ratings(ratings: dict[str, dict]) -> dict[str, dict[str, Any]]:
    if not isinstance(ratings, dict) or not ratings:
        raise ValidationError({"ratings": [_("Rate at least one area.")]})
    errors: list[str] = []
    cleaned: dict[str, dict[str, Any]] = {}
    for area, values in ratings.items():
        if area not in Area.values:
            errors.append(_("Unknown area: %(area)s.") % {"area": area})
            continue
        label = Area(area).label
        values = values or {}
        level = values.get("level")
        if level in ("", None):
            level = None
        elif isinstance(level, bool) or not isinstance(level, int | str):
            errors.append(_("%(area)s: the level must be 1 to 5.") % {"area": label})
            continue
        else:
            try:
                level = int(level)
            except ValueError:
                level = 0
            if not 1 <= level <= 5:
                errors.append(_("%(area)s: the level must be 1 to 5.") % {"area": label})
                continue
        notes = (values.get("notes") or "").strip()
        if len(notes) > MAX_NOTES_CHARS:
            errors.append(
                _("%(area)s: notes of at most %(n)s characters.")
                % {"area": label, "n": MAX_NOTES_CHARS}
            )
            continue
        cleaned[area] = {"level": level, "notes": notes}
    if errors:
        raise ValidationError({"ratings": errors})
    return cleaned


@transaction.atomic
def diagnosis_rate(
    *, actor, diagnosis: Diagnosis, ratings: dict[str, dict]
) -> list[DiagnosisRating]:
    """Set the maturity level (1–5, or None to clear) and notes of the given areas. One audit
    event lists the areas that changed."""
    require_write(actor, diagnosis)
    cleaned = _clean_ratings(ratings)
    if diagnosis.status == DiagnosisStatus.COMPLETED and any(
        v["level"] is None for v in cleaned.values()
    ):
        raise ValidationError(
            {"ratings": [_("A completed diagnosis keeps a level for every area.")]}
        )
    rows = {
        r.area: r for r in DiagnosisRating.objects.select_for_update().filter(diagnosis=diagnosis)
    }
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for area, values in cleaned.items():
        rating = rows.get(area)
        if rating is None:  # a diagnosis made before an area was added
            rating = DiagnosisRating(
                diagnosis=diagnosis,
                enterprise_id=diagnosis.enterprise_id,
                cb_id=diagnosis.cb_id,
                program_id=diagnosis.program_id,
                area=area,
            )
            rows[area] = rating
        old = {"level": rating.level, "notes": rating.notes}
        if old == values and rating.pk:
            continue
        rating.level = values["level"]
        rating.notes = values["notes"]
        rating.full_clean()
        rating.save()
        before[area] = old
        after[area] = values
    if after:
        _audit(actor, "diagnosis.rate", diagnosis, before=before, after=after)
    return [rows[a] for a in Area.values if a in rows]


def _check_photo(file) -> None:
    name = (getattr(file, "name", "") or "").lower()
    ext = Path(name).suffix
    if ext not in PHOTO_EXTENSIONS:
        raise ValidationError({"file": [_("Upload a photo: JPEG, PNG or WebP.")]})
    size = getattr(file, "size", None)
    if size is None or size > MAX_PHOTO_BYTES:
        raise ValidationError({"file": [_("A photo may be at most 5 MB.")]})
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    if ext == ".webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        ok = head.startswith(PHOTO_TYPES[ext])
    if not ok:
        raise ValidationError({"file": [_("The file is not a JPEG, PNG or WebP image.")]})


@transaction.atomic
def photo_add(*, actor, diagnosis: Diagnosis, area: str, file, caption: str = "") -> DiagnosisPhoto:
    """Attach a photo (JPEG, PNG or WebP, at most 5 MB; the content is checked, not only the
    name) to one area of the diagnosis."""
    require_write(actor, diagnosis)
    errors: dict[str, list[str]] = {}
    if area not in Area.values:
        errors["area"] = [_("Choose an area.")]
    caption = (caption or "").strip()
    if len(caption) > MAX_CAPTION_CHARS:
        errors["caption"] = [_("At most %(n)s characters.") % {"n": MAX_CAPTION_CHARS}]
    if file is None:
        errors["file"] = [_("Choose a photo.")]
    if errors:
        raise ValidationError(errors)
    _check_photo(file)
    photo = DiagnosisPhoto(
        diagnosis=diagnosis,
        enterprise_id=diagnosis.enterprise_id,
        cb_id=diagnosis.cb_id,
        program_id=diagnosis.program_id,
        area=area,
        caption=caption,
    )
    photo.image.save(Path(file.name).name, file, save=False)
    photo.full_clean()
    photo.save()
    _audit(actor, "diagnosis.photo_add", diagnosis, after=snapshot(photo))
    return photo


@transaction.atomic
def diagnosis_complete(*, actor, diagnosis: Diagnosis, today: dt.date) -> Diagnosis:
    """Close the questionnaire once every area has a level. Issues can still be added later."""
    require_write(actor, diagnosis)
    diagnosis = (
        Diagnosis.objects.select_for_update().select_related("enterprise").get(pk=diagnosis.pk)
    )
    if diagnosis.status == DiagnosisStatus.COMPLETED:
        raise ValidationError(_("This diagnosis is already completed."))
    rated = set(
        DiagnosisRating.objects.filter(diagnosis=diagnosis, level__isnull=False).values_list(
            "area", flat=True
        )
    )
    missing = [Area(a).label for a in Area.values if a not in rated]
    if missing:
        raise ValidationError(
            {
                "ratings": [
                    _("Rate every area before completing; not rated: %(areas)s.")
                    % {"areas": ", ".join(str(m) for m in missing)}
                ]
            }
        )
    before = _record(diagnosis)
    diagnosis.status = DiagnosisStatus.COMPLETED
    diagnosis.completed_on = today
    diagnosis.full_clean()
    diagnosis.save(update_fields=["status", "completed_on", "updated_at"])
    after = _record(diagnosis)
    _audit(
        actor,
        "diagnosis.complete",
        diagnosis,
        before={k: before[k] for k in ("status", "completed_on")},
        after={k: after[k] for k in ("status", "completed_on")},
    )
    return diagnosis
