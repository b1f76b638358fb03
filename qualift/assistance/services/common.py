"""Industry-common problems and their group measures (issue 6 §3: "solve common problems
collectively, individual problems individually").

A program office (for every enterprise on its ledger) or a participating CB (for the enterprises
assigned to it) names a problem shared by enterprises of one industry and a group measure —
shared training, a common guideline. The measure is attached to each affected enterprise's plan
in the program, whatever the plan's status: the group measure is the program's, not part of the
plan both sides signed. Attaching again later reaches plans drafted since, never twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.assistance.access import program_orgs
from qualift.assistance.choices import MeasureStatus
from qualift.assistance.common import DIVISIONS
from qualift.assistance.models import CommonIssue, Measure, Plan
from qualift.core.audit import audit_enterprise_record, audit_record, snapshot
from qualift.programs.models import LedgerEntry, Program
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import require

FIELDS = (
    "gbt4754_division",
    "area",
    "title",
    "description",
    "measure_kind",
    "measure_title",
    "starts_on",
    "due_on",
)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _orgs_for(actor, program: Program) -> list[int]:
    if actor is None:
        return [program.owner_id]
    return program_orgs(actor, program)


@transaction.atomic
def common_issue_create(*, actor, program: Program, data: dict, enterprises) -> CommonIssue:
    """Name a common problem of `enterprises` (on the program's ledger and in the acting
    organisation's reach), then attach its group measure to their plans."""
    org_id = require(actor, "common_issue.change", _orgs_for(actor, program))
    enterprises = list(enterprises)
    errors: dict[str, str] = {}
    if not enterprises:
        errors["enterprises"] = _("Choose at least one affected enterprise.")
    else:
        entries = LedgerEntry.objects.filter(
            program=program, enterprise_id__in=[e.pk for e in enterprises]
        )
        if org_id != program.owner_id:  # a CB reaches its own ledger entries only
            entries = entries.filter(cb_id=org_id)
        reached = set(entries.values_list("enterprise_id", flat=True))
        outside = [str(e) for e in enterprises if e.pk not in reached]
        if outside:
            errors["enterprises"] = _("Not on this program's ledger in your reach: %(names)s.") % {
                "names": ", ".join(outside)
            }
    division = data.get("gbt4754_division") or ""
    if division not in DIVISIONS:
        errors["gbt4754_division"] = _("Choose a GB/T 4754 division.")
    starts_on, due_on = data.get("starts_on"), data.get("due_on")
    if starts_on and due_on and starts_on > due_on:
        errors["due_on"] = _("The due date cannot be before the start.")
    if errors:
        raise ValidationError(errors)
    issue = CommonIssue(
        program=program,
        created_by_org=Organization.objects.get(pk=org_id),
        created_by=_user(actor),
        **{name: data[name] for name in FIELDS if name in data},
    )
    issue.full_clean()
    issue.save()
    issue.enterprises.set(enterprises)
    audit_record(
        actor=actor,
        verb="common_issue.create",
        target=issue,
        organization=issue.created_by_org,
        after=snapshot(issue),
    )
    _attach(actor, issue)
    return issue


def _attach(actor, issue: CommonIssue) -> int:
    plans = (
        Plan.objects.filter(program_id=issue.program_id, enterprise__in=issue.enterprises.all())
        .exclude(measures__common_issue=issue)
        .select_related("enterprise__organization")
        .order_by("pk")
    )
    created = 0
    for plan in plans:
        measure = Measure(
            plan=plan,
            enterprise=plan.enterprise,
            cb_id=plan.cb_id,
            program_id=plan.program_id,
            common_issue=issue,
            kind=issue.measure_kind,
            title=issue.measure_title,
            description=issue.description,
            starts_on=issue.starts_on,
            due_on=issue.due_on,
            status=MeasureStatus.PLANNED,
        )
        measure.full_clean()
        measure.save()
        audit_enterprise_record(
            actor,
            "measure.create",
            measure,
            after=snapshot(measure),
            reason=_("Group measure of the common problem “%(title)s”.") % {"title": issue.title},
        )
        created += 1
    return created


@transaction.atomic
def common_issue_attach(*, actor, common_issue: CommonIssue) -> int:
    """Attach the group measure to every affected enterprise's plan in the program that does not
    have it yet; returns how many measures were created. The program office and the organisation
    that named the problem may attach."""
    require(
        actor,
        "common_issue.change",
        [common_issue.program.owner_id, common_issue.created_by_org_id],
    )
    issue = CommonIssue.objects.select_for_update().get(pk=common_issue.pk)
    return _attach(actor, issue)
