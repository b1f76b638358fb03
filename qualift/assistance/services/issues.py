"""Assistance issues (found in a diagnosis, scored on the four factors of DOMAIN §5) and the
choice of assistance points from their ranking.

Choosing points replaces the entry's choice: the chosen issues become points, the others stop
being points. An expert who passes over an issue ranked above the lowest-ranked chosen one says
why (the skip reason is kept on the issue and in the audit trail).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.assistance.access import acting_orgs
from qualift.assistance.choices import Area, score_fields
from qualift.assistance.models import AssistanceIssue, Diagnosis
from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot
from qualift.programs.models import LedgerEntry
from qualift.tenancy.permissions import require

TEXT_FIELDS = ("title", "description", "area", "evidence")
SCORE_FIELDS = tuple(score_fields())
EDITABLE = (*TEXT_FIELDS, "evidence_links", *SCORE_FIELDS)
MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 5_000
MAX_LINKS = 30
MAX_REASON_CHARS = 1_000


def _clean_links(value) -> list[dict[str, Any]]:
    """System records the issue rests on: [{"kind", "id", "label", "url"}]; urls stay inside
    Qualift (a path starting with "/")."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > MAX_LINKS:
        raise ValidationError(
            {"evidence_links": _("Give at most %(n)s links as a list.") % {"n": MAX_LINKS}}
        )
    links = []
    for item in value:
        if not isinstance(item, dict):
            raise ValidationError({"evidence_links": _("Each link is an object.")})
        kind = str(item.get("kind", "")).strip()[:40]
        label = str(item.get("label", "")).strip()[:200]
        url = str(item.get("url", "") or "").strip()[:500]
        ident = item.get("id")
        if not kind or not label:
            raise ValidationError({"evidence_links": _("Each link needs a kind and a label.")})
        if url and (not url.startswith("/") or url.startswith("//")):
            raise ValidationError({"evidence_links": _("A link must point inside Qualift.")})
        if ident is not None and not isinstance(ident, int | str) or isinstance(ident, bool):
            raise ValidationError({"evidence_links": _("A link's id is a number or text.")})
        links.append({"kind": kind, "id": ident, "label": label, "url": url})
    return links


def _clean_score(name: str, value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationError({name: _("Score from 1 to 5.")})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: _("Score from 1 to 5.")}) from None
    if str(number) != str(value).strip() and number != value:
        raise ValidationError({name: _("Score from 1 to 5.")})
    if not 1 <= number <= 5:
        raise ValidationError({name: _("Score from 1 to 5.")})
    return number


def _apply(issue: AssistanceIssue, data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(EDITABLE))
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in unknown})
    errors: dict[str, list[str]] = {}
    for name in TEXT_FIELDS:
        if name in data:
            setattr(issue, name, str(data[name] or "").strip())
    for name in SCORE_FIELDS:
        if name in data:
            try:
                setattr(issue, name, _clean_score(name, data[name]))
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if "evidence_links" in data:
        try:
            issue.evidence_links = _clean_links(data["evidence_links"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not issue.title:
        errors["title"] = [_("Name the issue.")]
    elif len(issue.title) > MAX_TITLE_CHARS:
        errors["title"] = [_("At most %(n)s characters.") % {"n": MAX_TITLE_CHARS}]
    if issue.area not in Area.values:
        errors["area"] = [_("Choose the focus area.")]
    for name in ("description", "evidence"):
        if len(getattr(issue, name)) > MAX_TEXT_CHARS:
            errors[name] = [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_create(*, actor, diagnosis: Diagnosis, data: dict[str, Any]) -> AssistanceIssue:
    """Record an issue found in a diagnosis (completed diagnoses can still get issues), with any
    sub-criterion scores known so far."""
    require(actor, "assistance_issue.change", acting_orgs(diagnosis))
    entry = diagnosis.ledger_entry
    issue = AssistanceIssue(
        diagnosis=diagnosis,
        enterprise_id=entry.enterprise_id,
        cb_id=entry.cb_id,
        program_id=entry.program_id,
        area="",
    )
    _apply(issue, data)
    issue.full_clean()
    issue.save()
    _audit(actor, "assistance_issue.create", issue, after=snapshot(issue))
    return issue


@transaction.atomic
def issue_update(*, actor, issue: AssistanceIssue, data: dict[str, Any]) -> AssistanceIssue:
    """Change an issue's text, evidence or scores. A chosen point must stay fully scored."""
    require(actor, "assistance_issue.change", acting_orgs(issue))
    issue = AssistanceIssue.objects.select_for_update().get(pk=issue.pk)
    before = snapshot(issue)
    _apply(issue, data)
    if issue.is_point and not issue.is_scored:
        raise ValidationError(
            {"__all__": _("This issue is an assistance point: every sub-criterion stays scored.")}
        )
    issue.full_clean()
    after = snapshot(issue)
    changed = [k for k in after if before.get(k) != after.get(k)]
    if not changed:
        return issue
    issue.save()
    _audit(
        actor,
        "assistance_issue.update",
        issue,
        {k: before[k] for k in changed},
        {k: after[k] for k in changed},
    )
    return issue


@transaction.atomic
def issue_delete(*, actor, issue: AssistanceIssue) -> None:
    """Delete an issue that no plan has taken as a point or measure."""
    require(actor, "assistance_issue.change", acting_orgs(issue))
    issue = AssistanceIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.plans.exists() or issue.measures.exists():
        raise ValidationError(_("A plan uses this issue; take it out of the plan first."))
    before = snapshot(issue)
    _audit(actor, "assistance_issue.delete", issue, before=before)
    issue.delete()


@transaction.atomic
def choose_points(
    *,
    actor,
    entry: LedgerEntry,
    chosen: list[AssistanceIssue],
    skip_reasons: dict[int, str],
) -> list[AssistanceIssue]:
    """Make `chosen` (scored issues of the entry) its assistance points. Every scored issue left
    out that ranks above the lowest-ranked chosen one needs a reason; all reasons given for
    issues left out are kept."""
    from qualift.assistance.selectors_issues import rank_entry

    require(actor, "assistance_issue.change", [entry.cb_id, entry.enterprise.organization_id])
    ranked, _shifts, issues = rank_entry(entry)
    rank_of = {r.key: r.rank for r in ranked}
    chosen_ids = []
    for issue in chosen:
        pk = getattr(issue, "pk", issue)
        if pk not in issues:
            raise ValidationError({"chosen": _("Choose issues of this enterprise's diagnoses.")})
        if rank_of[pk] is None:
            raise ValidationError(
                {
                    "chosen": _("Score every sub-criterion of “%(title)s” before choosing it.")
                    % {"title": issues[pk].title}
                }
            )
        if pk not in chosen_ids:
            chosen_ids.append(pk)
    if not chosen_ids:
        raise ValidationError({"chosen": _("Choose at least one assistance point.")})
    reasons = {}
    for key, text in (skip_reasons or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            continue
        text = str(text or "").strip()
        if pk in issues and pk not in chosen_ids and text:
            if len(text) > MAX_REASON_CHARS:
                raise ValidationError(
                    {"skip_reasons": _("At most %(n)s characters.") % {"n": MAX_REASON_CHARS}}
                )
            reasons[pk] = text
    lowest = max(rank_of[pk] for pk in chosen_ids)
    missing = [
        issues[r.key]
        for r in ranked
        if r.rank is not None and r.rank < lowest and r.key not in chosen_ids
        if r.key not in reasons
    ]
    if missing:
        names = "; ".join(f"#{rank_of[i.pk]} {i.title}" for i in missing)
        raise ValidationError(
            {
                "skip_reasons": _("Say why you pass over these higher-ranked issues: %(names)s")
                % {"names": names}
            }
        )
    in_plans = [
        i for pk, i in issues.items() if pk not in chosen_ids and i.is_point and i.plans.exists()
    ]
    if in_plans:
        raise ValidationError(
            {
                "chosen": _("A plan already has these points; revise the plan first: %(names)s")
                % {"names": "; ".join(i.title for i in in_plans)}
            }
        )
    before = {
        str(pk): {"is_point": i.is_point, "skip_reason": i.skip_reason} for pk, i in issues.items()
    }
    for pk, issue in issues.items():
        issue.is_point = pk in chosen_ids
        issue.skip_reason = "" if issue.is_point else reasons.get(pk, "")
    AssistanceIssue.objects.bulk_update(list(issues.values()), ["is_point", "skip_reason"])
    after = {
        str(pk): {"is_point": i.is_point, "skip_reason": i.skip_reason} for pk, i in issues.items()
    }
    _audit(
        actor,
        "assistance_issue.choose_points",
        entry,
        before={"issues": before},
        after={
            "chosen": chosen_ids,
            "ranks": {str(pk): rank_of[pk] for pk in issues},
            "issues": after,
        },
    )
    return [issues[pk] for pk in chosen_ids]
