"""The role × action table, enforced identically by the UI, the API and the CLI.

A role grants an action only on objects related to the organisation in which the user holds that
role (an enterprise's own users, the CBs engaged with it or assigned to it in a ledger, the program
office whose ledger holds it). `docs/permissions.md` is generated from this table and a test keeps
them equal.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from qualift.tenancy.choices import Role
from qualift.tenancy.scope import scope_of

R = Role
ALL_ROLES = tuple(Role)
# An enterprise's quality records: its own people and the CBs working with it (not program offices).
QMS_READERS = (
    R.CB_ADMIN,
    R.AUDITOR,
    R.ASSISTANCE_EXPERT,
    R.ENTERPRISE_ADMIN,
    R.QUALITY_STEWARD,
    R.STAFF,
)

PERMISSIONS: dict[str, tuple[str, ...]] = {
    "organization.view": ALL_ROLES,
    "enterprise.view": ALL_ROLES,
    "enterprise.create": (R.PROGRAM_ADMIN, R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "enterprise.change": (
        R.PROGRAM_ADMIN,
        R.CB_ADMIN,
        R.ASSISTANCE_EXPERT,
        R.ENTERPRISE_ADMIN,
        R.QUALITY_STEWARD,
    ),
    "enterprise.import": (R.PROGRAM_ADMIN, R.CB_ADMIN),
    "enterprise.export": (
        R.PROGRAM_ADMIN,
        R.PROGRAM_VIEWER,
        R.CB_ADMIN,
        R.AUDITOR,
        R.ASSISTANCE_EXPERT,
        R.ENTERPRISE_ADMIN,
        R.QUALITY_STEWARD,
    ),
    "engagement.view": ALL_ROLES,
    "engagement.create": (R.CB_ADMIN,),
    "engagement.change": (R.CB_ADMIN,),
    "program.view": ALL_ROLES,
    "program.create": (R.PROGRAM_ADMIN,),
    "program.change": (R.PROGRAM_ADMIN,),
    "ledger.view": ALL_ROLES,
    "ledger.create": (R.PROGRAM_ADMIN, R.CB_ADMIN),
    "ledger.move": (R.PROGRAM_ADMIN, R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "policy.view": ALL_ROLES,
    "policy.create": (R.PROGRAM_ADMIN,),
    "policy.change": (R.PROGRAM_ADMIN,),
    "audit.view": (R.PROGRAM_ADMIN, R.CB_ADMIN, R.ENTERPRISE_ADMIN),
    "qms.view": QMS_READERS,
    "qms.export": QMS_READERS,
    "nc.create": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD, R.STAFF),
    "nc.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "nc.verify": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "action.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "action.verify": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "complaint.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "internal_audit.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "document.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "document.approve": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "process.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "measurement.create": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD, R.STAFF),
    "limits.freeze": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "alarm.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "org.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "policy.draft": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "policy.approve": (R.ENTERPRISE_ADMIN,),
    "objective.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "review.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "commitment.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "suggestion.create": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD, R.STAFF),
    "suggestion.evaluate": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "incentive.change": (R.ENTERPRISE_ADMIN,),
    "pulse.change": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "diagnosis.change": (R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "assistance_issue.change": (R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "weights.change": (R.CB_ADMIN,),
    "plan.change": (R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "plan.sign": (R.CB_ADMIN, R.ASSISTANCE_EXPERT, R.ENTERPRISE_ADMIN),
    "measure.update": (R.CB_ADMIN, R.ASSISTANCE_EXPERT, R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "milestone.achieve": (
        R.CB_ADMIN,
        R.ASSISTANCE_EXPERT,
        R.ENTERPRISE_ADMIN,
        R.QUALITY_STEWARD,
    ),
    "visit.change": (R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "common_issue.change": (R.PROGRAM_ADMIN, R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "assistance.export": (R.PROGRAM_ADMIN, R.PROGRAM_VIEWER, R.CB_ADMIN, R.ASSISTANCE_EXPERT),
    "cert_policy.change": (R.CB_ADMIN,),
    "auditor.change": (R.CB_ADMIN,),
    "cycle.change": (R.CB_ADMIN,),
    "cert_audit.plan": (R.CB_ADMIN, R.AUDITOR),
    "cert_audit.conduct": (R.CB_ADMIN, R.AUDITOR),
    "finding.respond": (R.ENTERPRISE_ADMIN, R.QUALITY_STEWARD),
    "certification.decide": (R.CB_ADMIN, R.AUDITOR),
    "certificate.change": (R.CB_ADMIN,),
    "certification.export": (R.CB_ADMIN, R.AUDITOR),
}

ACTION_LABELS: dict[str, str] = {
    "organization.view": _("See organisations related to one's own"),
    "enterprise.view": _("See enterprise profiles"),
    "enterprise.create": _("Register an enterprise"),
    "enterprise.change": _("Edit an enterprise profile and its sites"),
    "enterprise.import": _("Import enterprises from CSV/XLSX"),
    "enterprise.export": _("Export the enterprise list"),
    "engagement.view": _("See CB–enterprise engagements"),
    "engagement.create": _("Open an engagement with an enterprise"),
    "engagement.change": _("End or edit an engagement"),
    "program.view": _("See a program"),
    "program.create": _("Create a program"),
    "program.change": _("Edit a program, its targets and participating CBs"),
    "ledger.view": _("See ledger entries"),
    "ledger.create": _("Add an enterprise to a program ledger"),
    "ledger.move": _("Move a ledger entry between statuses"),
    "policy.view": _("See incentive policies"),
    "policy.create": _("Register an incentive policy"),
    "policy.change": _("Edit an incentive policy"),
    "audit.view": _("Read the audit trail"),
    "qms.view": _(
        "Read an enterprise's quality records (NCs, actions, complaints, audits, documents,"
        " processes, readings, charts)"
    ),
    "qms.export": _("Export the NC register and the action list"),
    "nc.create": _("Report a nonconformity"),
    "nc.change": _("Edit a nonconformity, its root cause analysis and status"),
    "nc.verify": _("Record the effectiveness verdict and close a nonconformity"),
    "action.change": _("Plan and update corrective actions (an action's owner updates their own)"),
    "action.verify": _("Record whether an action was effective (also the action's manager)"),
    "complaint.change": _("Register and answer customer complaints"),
    "internal_audit.change": _("Plan and run internal audits"),
    "document.change": _("Create documents and draft versions, record reviews"),
    "document.approve": _("Approve a document version (it becomes effective)"),
    "process.change": _("Map processes, control points and parameters; keep equipment and gauges"),
    "measurement.create": _("Enter and import readings"),
    "limits.freeze": _("Freeze control limits from phase I readings"),
    "alarm.change": _("Raise a nonconformity from an alarm, or close an alarm"),
    "org.change": _("Keep departments, positions and employees"),
    "policy.draft": _("Draft the quality policy and record how it was communicated"),
    "policy.approve": _("Approve the quality policy for top management (it comes into force)"),
    "objective.change": _("Set quality objectives and record their measurements"),
    "review.change": _("Hold management reviews and record their outputs"),
    "commitment.change": _("Record leadership commitments and whether they were kept"),
    "suggestion.create": _("Submit an improvement suggestion"),
    "suggestion.evaluate": _("Evaluate, decide, implement and reward suggestions"),
    "incentive.change": _("Set the suggestion incentive scheme"),
    "pulse.change": _("Run quality-awareness pulse surveys"),
    "diagnosis.change": _("Diagnose an enterprise: questionnaire, maturity ratings, photos"),
    "assistance_issue.change": _("Record and score assistance issues; choose assistance points"),
    "weights.change": _("Set the certification body's prioritisation weights"),
    "plan.change": _("Draft and revise an assistance plan, its measures, milestones, indicators"),
    "plan.sign": _("Sign an assistance plan for one's side (enterprise admin or CB)"),
    "measure.update": _("Report a plan measure's progress"),
    "milestone.achieve": _("Record a milestone as achieved, with evidence"),
    "visit.change": _("Record assistance visits"),
    "common_issue.change": _("Name an industry-common problem and attach a group measure"),
    "assistance.export": _("Export plans and the assisted-enterprise list"),
    "cert_policy.change": _("Choose the rule set, response deadline and stage split of the CB"),
    "auditor.change": _("Keep the auditor register: grades, IAF codes, training records"),
    "cycle.change": _("Open a certification cycle for a client and keep its audit programme"),
    "cert_audit.plan": _("Plan an audit: dates, team, audit time, schedule; send the plan"),
    "cert_audit.conduct": _(
        "Conduct an audit (team members): checklist, findings, review and verify responses"
    ),
    "finding.respond": _("Answer a certification finding: correction, root cause, action plan"),
    "certification.decide": _("Take the certification decision (never a member of the team)"),
    "certificate.change": _("Suspend, withdraw, cancel, reinstate or restore a certificate"),
    "certification.export": _("Export the certificate register"),
}


def acting_org(user, action: str, org_ids: Iterable[int | None]) -> int | None:
    """The first of `org_ids` in which the user holds a role granting `action`, else None."""
    scope = scope_of(user)
    allowed = PERMISSIONS[action]
    for org_id in org_ids:
        if org_id is not None and scope.role_in(org_id) in allowed:
            return org_id
    return None


def can(user, action: str, org_ids: Iterable[int | None]) -> bool:
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    return acting_org(user, action, org_ids) is not None


def can_anywhere(user, action: str) -> bool:
    """Whether any of the user's memberships grants `action` (to show a button, say)."""
    scope = scope_of(user)
    return scope.is_superuser or any(role in PERMISSIONS[action] for role in scope.roles.values())


def require(user, action: str, org_ids: Iterable[int | None]) -> int | None:
    """Raise PermissionDenied unless allowed; return the organisation the user acts for.

    `user=None` is the installation's operator at the command line (no `--as USER`): allowed.
    """
    org_ids = list(org_ids)
    if user is None:
        return org_ids[0] if org_ids else None
    org = acting_org(user, action, org_ids)
    if org is None and not scope_of(user).is_superuser:
        raise PermissionDenied(_("Your role does not allow this."))
    return org


def permissions_markdown() -> str:
    """The role × action table as Markdown (docs/permissions.md embeds it)."""
    roles = list(Role)
    header = "| action | " + " | ".join(r.value for r in roles) + " |"
    rule = "|---|" + "|".join(":-:" for _ in roles) + "|"
    lines = [header, rule]
    for action, allowed in PERMISSIONS.items():
        cells = ["✓" if r in allowed else "·" for r in roles]
        lines.append(f"| `{action}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
