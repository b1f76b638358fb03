"""Improvement suggestions, the incentive scheme and the reward ledger (issue 5 §6).

A suggestion moves submitted → evaluated (benefit, cost, feasibility) → accepted / declined with a
reason → implemented → rewarded; SUGGESTION_NEXT is the only source of legal moves. When a
suggestion names an employee, the submitted, accepted and implemented stages each put one line on
that employee's reward ledger with the points and money of the enterprise's scheme (a scheme with
the default values is created when the enterprise has none); rewarding adds the "rewarded" line
with the extra points, money and recognition chosen then. A stage is never paid twice. Anonymous
suggestions (no employee, e.g. through the public link) earn no ledger lines.

The public link (SuggestionBox) can only submit; a new token revokes the old link.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot
from qualift.enterprises.models import Enterprise
from qualift.objectives.choices import SUGGESTION_NEXT, SuggestionStatus
from qualift.objectives.models import (
    Employee,
    IncentiveScheme,
    RewardEntry,
    Suggestion,
    SuggestionBox,
)
from qualift.tenancy.permissions import require

S = SuggestionStatus
MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 5_000
MAX_NAME_CHARS = 100
MAX_NOTE_CHARS = 2_000
MAX_LEDGER_NOTE_CHARS = 300
MAX_POINTS = 1_000_000
MAX_AMOUNT = Decimal("9999999999.99")  # 12 digits, 2 decimals
SCHEME_FIELDS = (
    "points_submitted",
    "points_accepted",
    "points_implemented",
    "money_accepted",
    "money_implemented",
    "currency",
    "recognition",
)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _text(value, field: str, limit: int, errors: dict, required_message: str | None = None):
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required_message and not value:
        errors[field] = [required_message]
    elif len(value) > limit:
        errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    return value


def _points(value, field: str, errors: dict, *, allow_negative: bool = False) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        errors[field] = [_("Enter a whole number.")]
        return 0
    if isinstance(value, bool) or (isinstance(value, float) and value != int(value)):
        errors[field] = [_("Enter a whole number.")]
    elif number < 0 and not allow_negative:
        errors[field] = [_("Cannot be negative.")]
    elif abs(number) > MAX_POINTS:
        errors[field] = [_("At most %(n)s.") % {"n": MAX_POINTS}]
    return number


def _money(value, field: str, errors: dict, *, allow_negative: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        errors[field] = [_("Enter an amount, e.g. 50.00.")]
        return Decimal("0.00")
    if not amount.is_finite():
        errors[field] = [_("Enter an amount, e.g. 50.00.")]
        return Decimal("0.00")
    if amount != amount.quantize(Decimal("0.01")):
        errors[field] = [_("At most two decimal places.")]
    elif amount < 0 and not allow_negative:
        errors[field] = [_("Cannot be negative.")]
    elif abs(amount) > MAX_AMOUNT:
        errors[field] = [_("The amount is too large.")]
    return amount.quantize(Decimal("0.01")) if field not in errors else Decimal("0.00")


def _check_move(suggestion: Suggestion, to: str) -> None:
    if to not in SUGGESTION_NEXT[suggestion.status]:
        raise ValidationError(
            _("A suggestion that is %(now)s cannot become %(to)s.")
            % {"now": S(suggestion.status).label.lower(), "to": S(to).label.lower()}
        )


def _check_day(day, not_before: dt.date | None, errors: dict, field: str = "day") -> None:
    if not isinstance(day, dt.date):
        errors[field] = [_("Give the date.")]
    elif day > timezone.localdate():
        errors[field] = [_("The date cannot be in the future.")]
    elif not_before and day < not_before:
        errors[field] = [_("The date cannot be before %(day)s.") % {"day": not_before.isoformat()}]


def scheme_for(enterprise: Enterprise) -> IncentiveScheme:
    """The enterprise's incentive scheme; one with the default values when it has none."""
    scheme, _created = IncentiveScheme.objects.get_or_create(enterprise=enterprise)
    return scheme


def _ledger(
    suggestion: Suggestion, stage: str, day: dt.date, points: int, amount, note: str = ""
) -> RewardEntry | None:
    """One ledger line for the suggestion's employee at `stage`: none for an anonymous suggestion,
    none when the stage already has its line."""
    if suggestion.employee_id is None:
        return None
    if RewardEntry.objects.filter(suggestion=suggestion, stage=stage).exists():
        return None
    return RewardEntry.objects.create(
        enterprise_id=suggestion.enterprise_id,
        employee_id=suggestion.employee_id,
        suggestion=suggestion,
        stage=stage,
        awarded_on=day,
        points=points,
        amount=amount,
        note=note[:MAX_LEDGER_NOTE_CHARS],
    )


def _after(suggestion: Suggestion, entry: RewardEntry | None) -> dict[str, Any]:
    data = snapshot(suggestion)
    data["reward"] = (
        {"id": entry.pk, "points": entry.points, "amount": str(entry.amount)} if entry else None
    )
    return data


def _next_number(enterprise: Enterprise, year: int) -> str:
    prefix = f"S-{year}-"
    numbers = Suggestion.objects.filter(enterprise=enterprise, number__startswith=prefix)
    highest = 0
    for number in numbers.values_list("number", flat=True):
        match = re.fullmatch(rf"{re.escape(prefix)}(\d+)", number)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1:03d}"


@transaction.atomic
def suggestion_submit(
    *,
    actor,
    enterprise: Enterprise,
    data: dict,
    via_link: bool = False,
    today: dt.date | None = None,
) -> Suggestion:
    """Record a suggestion, numbered S-<year>-<seq> per enterprise. Signed-in users need
    suggestion.create; through the public link (via_link) the open box is the permission and the
    suggestion is anonymous (a name may be given, no employee is linked)."""
    if not via_link:
        require(actor, "suggestion.create", [enterprise.organization_id])
    # Lock the enterprise so two suggestions sent at once cannot take the same number.
    enterprise = (
        Enterprise.objects.select_for_update().select_related("organization").get(pk=enterprise.pk)
    )
    if via_link and not SuggestionBox.objects.filter(enterprise=enterprise, is_open=True).exists():
        raise ValidationError(_("The suggestion box of this enterprise is closed."))
    today = _today(today)
    errors: dict[str, list[str]] = {}
    title = _text(data.get("title"), "title", MAX_TITLE_CHARS, errors, _("Give a short title."))
    description = _text(
        data.get("description"),
        "description",
        MAX_DESCRIPTION_CHARS,
        errors,
        _("Describe the suggestion: what to change and why."),
    )
    submitter_name = _text(data.get("submitter_name"), "submitter_name", MAX_NAME_CHARS, errors)
    employee = None if via_link else data.get("employee")
    if employee is not None:
        if not isinstance(employee, Employee) or employee.enterprise_id != enterprise.pk:
            errors["employee"] = [_("Choose one of this enterprise's own employees.")]
        elif not employee.is_active:
            errors["employee"] = [_("This employee has left.")]
    if errors:
        raise ValidationError(errors)
    suggestion = Suggestion.objects.create(
        enterprise=enterprise,
        number=_next_number(enterprise, today.year),
        title=title,
        description=description,
        employee=employee,
        submitter_name=submitter_name or (employee.name if employee else ""),
        via_link=via_link,
        submitted_on=today,
        status=S.SUBMITTED,
    )
    entry = None
    if employee is not None:
        scheme = scheme_for(enterprise)
        entry = _ledger(suggestion, S.SUBMITTED, today, scheme.points_submitted, Decimal("0"))
    _audit(
        None if via_link else actor,
        "suggestion.submit",
        suggestion,
        after=_after(suggestion, entry),
    )
    return suggestion


@transaction.atomic
def suggestion_evaluate(
    *, actor, suggestion: Suggestion, benefit, cost, feasibility, note: str = ""
) -> Suggestion:
    """Score the suggestion 1–5 on benefit, cost (5 = cheapest) and feasibility."""
    require(actor, "suggestion.evaluate", [suggestion.enterprise.organization_id])
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _check_move(suggestion, S.EVALUATED)
    errors: dict[str, list[str]] = {}
    scores = {}
    for field, value in (("benefit", benefit), ("cost", cost), ("feasibility", feasibility)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[field] = [_("Give a score from 1 to 5.")]
        scores[field] = value
    note = _text(note, "note", MAX_NOTE_CHARS, errors)
    if errors:
        raise ValidationError(errors)
    before = snapshot(suggestion)
    for field, value in scores.items():
        setattr(suggestion, field, value)
    suggestion.evaluation_note = note
    suggestion.evaluated_by = _user(actor)
    suggestion.status = S.EVALUATED
    suggestion.save()
    _audit(actor, "suggestion.evaluate", suggestion, before, snapshot(suggestion))
    return suggestion


@transaction.atomic
def suggestion_decide(
    *, actor, suggestion: Suggestion, accept: bool, reason: str, day: dt.date
) -> Suggestion:
    """Accept (after evaluation) or decline (after submission or evaluation), always with the
    reason, which the submitter is told. Accepting pays the scheme's "accepted" points and money."""
    require(actor, "suggestion.evaluate", [suggestion.enterprise.organization_id])
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    to = S.ACCEPTED if accept else S.DECLINED
    _check_move(suggestion, to)
    errors: dict[str, list[str]] = {}
    message = _("Say why it is accepted.") if accept else _("Say why it is declined.")
    reason = _text(reason, "reason", MAX_NOTE_CHARS, errors, message)
    _check_day(day, suggestion.submitted_on, errors)
    if errors:
        raise ValidationError(errors)
    before = snapshot(suggestion)
    suggestion.status = to
    suggestion.decision_reason = reason
    suggestion.decided_on = day
    suggestion.save()
    entry = None
    if accept:
        scheme = scheme_for(suggestion.enterprise)
        entry = _ledger(suggestion, S.ACCEPTED, day, scheme.points_accepted, scheme.money_accepted)
    verb = "suggestion.accept" if accept else "suggestion.decline"
    _audit(actor, verb, suggestion, before, _after(suggestion, entry), reason)
    return suggestion


@transaction.atomic
def suggestion_implement(*, actor, suggestion: Suggestion, note: str, day: dt.date) -> Suggestion:
    """Record that an accepted suggestion was put into practice (what was done, when); pays the
    scheme's "implemented" points and money."""
    require(actor, "suggestion.evaluate", [suggestion.enterprise.organization_id])
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _check_move(suggestion, S.IMPLEMENTED)
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", MAX_NOTE_CHARS, errors, _("Say what was done."))
    _check_day(day, suggestion.decided_on, errors)
    if errors:
        raise ValidationError(errors)
    before = snapshot(suggestion)
    suggestion.status = S.IMPLEMENTED
    suggestion.implementation_note = note
    suggestion.implemented_on = day
    suggestion.save()
    scheme = scheme_for(suggestion.enterprise)
    entry = _ledger(
        suggestion, S.IMPLEMENTED, day, scheme.points_implemented, scheme.money_implemented
    )
    _audit(actor, "suggestion.implement", suggestion, before, _after(suggestion, entry))
    return suggestion


@transaction.atomic
def suggestion_reward(
    *, actor, suggestion: Suggestion, day: dt.date, points=0, amount=0, note: str = ""
) -> Suggestion:
    """Close an implemented suggestion with its recognition: extra points and money (0 allowed)
    on the employee's ledger as the "rewarded" line, and a note (e.g. best suggestion of May)."""
    require(actor, "suggestion.evaluate", [suggestion.enterprise.organization_id])
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _check_move(suggestion, S.REWARDED)
    errors: dict[str, list[str]] = {}
    points = _points(points, "points", errors)
    amount = _money(amount, "amount", errors)
    note = _text(note, "note", MAX_LEDGER_NOTE_CHARS, errors)
    _check_day(day, suggestion.implemented_on, errors)
    if errors:
        raise ValidationError(errors)
    before = snapshot(suggestion)
    suggestion.status = S.REWARDED
    suggestion.rewarded_on = day
    suggestion.save()
    entry = _ledger(suggestion, S.REWARDED, day, points, amount, note)
    _audit(actor, "suggestion.reward", suggestion, before, _after(suggestion, entry), note)
    return suggestion


@transaction.atomic
def reward_adjust(
    *, actor, enterprise: Enterprise, employee: Employee, points=0, amount=0, note: str
) -> RewardEntry:
    """A correction line on an employee's ledger (lines are never edited): positive or negative
    points and money, with the reason."""
    require(actor, "incentive.change", [enterprise.organization_id])
    errors: dict[str, list[str]] = {}
    if not isinstance(employee, Employee) or employee.enterprise_id != enterprise.pk:
        errors["employee"] = [_("Choose one of this enterprise's own employees.")]
    points = _points(points, "points", errors, allow_negative=True)
    amount = _money(amount, "amount", errors, allow_negative=True)
    note = _text(note, "note", MAX_LEDGER_NOTE_CHARS, errors, _("Say why the ledger is corrected."))
    if not errors and points == 0 and amount == 0:
        errors["points"] = [_("Give points or an amount to add or take away.")]
    if errors:
        raise ValidationError(errors)
    entry = RewardEntry.objects.create(
        enterprise=enterprise,
        employee=employee,
        suggestion=None,
        stage="",
        awarded_on=timezone.localdate(),
        points=points,
        amount=amount,
        note=note,
    )
    _audit(actor, "reward.adjust", entry, after=snapshot(entry), reason=note)
    return entry


@transaction.atomic
def scheme_save(*, actor, enterprise: Enterprise, data: dict) -> IncentiveScheme:
    """Set the points and money per stage and how people are recognised (missing keys keep their
    value). Lines already on the ledger keep what they paid."""
    require(actor, "incentive.change", [enterprise.organization_id])
    scheme, _created = IncentiveScheme.objects.select_for_update().get_or_create(
        enterprise=enterprise
    )
    before = snapshot(scheme)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for field in ("points_submitted", "points_accepted", "points_implemented"):
        if field in data:
            values[field] = _points(data[field], field, errors)
    for field in ("money_accepted", "money_implemented"):
        if field in data:
            values[field] = _money(data[field], field, errors)
    if "currency" in data:
        values["currency"] = _text(data["currency"], "currency", 8, errors, _("Give the currency."))
    if "recognition" in data:
        values["recognition"] = _text(data["recognition"], "recognition", MAX_NOTE_CHARS, errors)
    if errors:
        raise ValidationError(errors)
    for field, value in values.items():
        setattr(scheme, field, value)
    scheme.save()
    after = snapshot(scheme)
    changed = [k for k in after if before.get(k) != after.get(k) and k != "updated_at"]
    if changed or _created:
        _audit(
            actor,
            "incentive_scheme.save",
            scheme,
            {k: before[k] for k in changed},
            {k: after[k] for k in changed},
        )
    return scheme


def _new_token() -> str:
    return secrets.token_urlsafe(16)


@transaction.atomic
def box_open(*, actor, enterprise: Enterprise) -> SuggestionBox:
    """Open the public suggestion link (a new box with a fresh token, or the closed one
    reopened with its token)."""
    require(actor, "suggestion.evaluate", [enterprise.organization_id])
    box = SuggestionBox.objects.select_for_update().filter(enterprise=enterprise).first()
    if box is None:
        box = SuggestionBox.objects.create(enterprise=enterprise, token=_new_token(), is_open=True)
        _audit(actor, "suggestion_box.open", box, after={"is_open": True})
        return box
    if not box.is_open:
        box.is_open = True
        box.save(update_fields=["is_open", "updated_at"])
        _audit(actor, "suggestion_box.open", box, {"is_open": False}, {"is_open": True})
    return box


@transaction.atomic
def box_renew_token(*, actor, enterprise: Enterprise) -> SuggestionBox:
    """A new link: the old one stops working at once (e.g. it was posted somewhere public)."""
    require(actor, "suggestion.evaluate", [enterprise.organization_id])
    box = SuggestionBox.objects.select_for_update().filter(enterprise=enterprise).first()
    if box is None:
        raise ValidationError(_("Open the suggestion box first."))
    box.token = _new_token()
    box.save(update_fields=["token", "updated_at"])
    # The token itself is not recorded: the audit trail is readable by more people than the link.
    _audit(actor, "suggestion_box.renew", box, reason="token renewed")
    return box


@transaction.atomic
def box_close(*, actor, enterprise: Enterprise) -> SuggestionBox:
    """Close the public link: it answers "not found" until the box is opened again."""
    require(actor, "suggestion.evaluate", [enterprise.organization_id])
    box = SuggestionBox.objects.select_for_update().filter(enterprise=enterprise).first()
    if box is None:
        raise ValidationError(_("There is no suggestion box to close."))
    if box.is_open:
        box.is_open = False
        box.save(update_fields=["is_open", "updated_at"])
        _audit(actor, "suggestion_box.close", box, {"is_open": True}, {"is_open": False})
    return box
