"""Assistance visits: the CB's experts record each visit to an assisted enterprise (what was done,
what was agreed next). Every expert on a visit is recorded as involved with the enterprise on
that day (qualift.assistance.involvement), which the certification side reads for impartiality.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.assistance.access import acting_orgs
from qualift.assistance.choices import InvolvementSource, Mode
from qualift.assistance.involvement import record_involvement
from qualift.assistance.models import Visit
from qualift.assistance.scoping import assisting_people
from qualift.core.audit import audit_enterprise_record, snapshot
from qualift.programs.models import LedgerEntry
from qualift.tenancy.models import User
from qualift.tenancy.permissions import require

MAX_TEXT_CHARS = 5_000
MAX_HOURS = Decimal("24")
FIELDS = ("held_on", "mode", "hours", "activities", "next_steps")
AUDITED = [*FIELDS, "experts"]


def _clean(data: dict[str, Any], current: dict[str, Any], errors: dict) -> dict[str, Any]:
    """Validated values for the fields present in `data` (the others keep `current`)."""
    values = dict(current)
    if "held_on" in data:
        held_on = data["held_on"]
        if not isinstance(held_on, dt.date) or isinstance(held_on, dt.datetime):
            errors["held_on"] = [_("Give the date of the visit.")]
        elif held_on > timezone.localdate():
            errors["held_on"] = [_("A visit is recorded after it took place: not a future date.")]
        values["held_on"] = held_on
    if "mode" in data:
        if data["mode"] not in Mode.values:
            errors["mode"] = [_("Choose on site or remote.")]
        values["mode"] = data["mode"]
    if "hours" in data:
        try:
            hours = Decimal(str(data["hours"] if data["hours"] not in (None, "") else 0))
        except (InvalidOperation, ValueError):
            hours = None
        if hours is None or not hours.is_finite():
            errors["hours"] = [_("Enter a number of hours, e.g. 3.5.")]
        elif hours < 0 or hours > MAX_HOURS:
            errors["hours"] = [_("Between 0 and 24 hours.")]
        elif hours != hours.quantize(Decimal("0.1")):
            errors["hours"] = [_("At most one decimal place.")]
        values["hours"] = hours
    for name, required in (("activities", True), ("next_steps", False)):
        if name in data:
            text = (data[name] or "").strip()
            if required and not text:
                errors[name] = [_("Say what was done on the visit.")]
            elif len(text) > MAX_TEXT_CHARS:
                errors[name] = [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]
            values[name] = text
    return values


def _check_experts(experts, cb_id: int, errors: dict) -> list[User]:
    people = [e for e in (experts or []) if e is not None]
    if not people:
        errors["experts"] = [_("Name at least one expert who took part.")]
        return []
    allowed = set(assisting_people(cb_id).values_list("pk", flat=True))
    outsiders = [str(p) for p in people if getattr(p, "pk", p) not in allowed]
    if outsiders:
        errors["experts"] = [
            _("Not an administrator or assistance expert of the certification body: %(names)s.")
            % {"names": ", ".join(outsiders)}
        ]
    return people


def _save(visit: Visit, experts: list[User] | None) -> None:
    visit.full_clean(exclude=["experts"])
    visit.save()
    if experts is not None:
        visit.experts.set(experts)
    # Append-only: an edit adds the new date or people; earlier records stay (impartiality errs
    # on the safe side, and the audit trail shows the correction).
    record_involvement(
        people=list(visit.experts.all()),
        enterprise=visit.enterprise,
        cb_id=visit.cb_id,
        day=visit.held_on,
        source=InvolvementSource.VISIT,
        source_id=visit.pk,
    )


@transaction.atomic
def visit_create(*, actor, entry: LedgerEntry, data: dict[str, Any], experts) -> Visit:
    """Record a visit to the enterprise of `entry` by its assisting CB."""
    require(actor, "visit.change", acting_orgs(entry))
    errors: dict = {}
    required = {"held_on": None, "activities": "", **data}
    values = _clean(
        required, {"mode": Mode.ON_SITE, "hours": Decimal("0"), "next_steps": ""}, errors
    )
    people = _check_experts(experts, entry.cb_id, errors)
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        ledger_entry=entry,
        enterprise=entry.enterprise,
        cb_id=entry.cb_id,
        program_id=entry.program_id,
        **{name: values[name] for name in FIELDS},
    )
    _save(visit, people)
    audit_enterprise_record(actor, "visit.create", visit, after=snapshot(visit))
    return visit


@transaction.atomic
def visit_update(*, actor, visit: Visit, data: dict[str, Any], experts=None) -> Visit:
    """Change a visit's record; `experts=None` keeps the experts. Involvement follows the new
    date and people."""
    require(actor, "visit.change", acting_orgs(visit))
    before = snapshot(visit, AUDITED)
    errors: dict = {}
    values = _clean(data, {name: getattr(visit, name) for name in FIELDS}, errors)
    people = _check_experts(experts, visit.cb_id, errors) if experts is not None else None
    if errors:
        raise ValidationError(errors)
    for name in FIELDS:
        setattr(visit, name, values[name])
    _save(visit, people)
    after = snapshot(visit, AUDITED)
    if after != before:
        audit_enterprise_record(actor, "visit.update", visit, before=before, after=after)
    return visit
