"""Audit team checks: who leads, whether the team covers the scope, impartiality, audit days.

`team_problems(audit)` lists what is wrong with a team; blocking problems stop the plan from
being sent (services.audits.audit_send_plan), warnings are shown beside the team.

- no_leader / two_leaders (blocking): exactly one team leader.
- iaf_uncovered (blocking): competence is per IAF code and collective for the team (DOMAIN §3):
  every code of the cycle must be held, valid on the audit's first day, by at least one leader,
  auditor or technical expert (trainees do not count).
- impartiality (blocking): a member who assisted the enterprise within two years before the
  audit's first day, or at any time after it (DOMAIN §1; qualift.assistance.involvement).
- decider_on_team (blocking, when a decider is named): the certification decision is taken by
  people other than the audit team (DOMAIN §1) — anyone on any team of the cycle.
- not_registered (warning): a member without an active entry in the CB's auditor register.
- days_short (warning): the leader's and auditors' days (COUNTING_ROLES — technical experts
  and trainees do not count, DOMAIN §3) are fewer than the audit time; for a stage 2 audit also
  when the counted days of stage 1 and stage 2 together are fewer than the on-site minimum of
  the initial audit (80 % of the initial time, IAF MD 5; `time_result["onsite_min_days"]`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.choices import COUNTING_ROLES, AuditKind, AuditStatus, TeamRole

# Roles whose IAF-code competence counts towards covering the scope.
COMPETENCE_ROLES = (TeamRole.LEADER, TeamRole.AUDITOR, TeamRole.TECHNICAL_EXPERT)


@dataclass(frozen=True)
class Problem:
    """One finding of the team check: a stable code, a message for people, and whether it
    stops the plan from being sent."""

    code: str
    message: str
    blocking: bool

    def as_dict(self) -> dict:
        return asdict(self)


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "–"


def competent_codes(user_id: int, cb_id: int, on: dt.date) -> set[str]:
    """IAF codes the person is competent for in the CB on the day (the auditor register's
    reader; a local query until services.auditors provides it)."""
    try:
        from qualift.certification.services.auditors import competent_codes as register_codes
    except ImportError:
        register_codes = None
    if register_codes is not None:
        return set(register_codes(user_id, cb_id, on))
    from django.db.models import Q

    from qualift.certification.models import AuditorCode

    return set(
        AuditorCode.objects.filter(
            profile__user_id=user_id, profile__cb_id=cb_id, profile__is_active=True
        )
        .filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .values_list("iaf_code__code", flat=True)
    )


def involvement_problems(person_ids, enterprise_id: int, on: dt.date) -> list[Problem]:
    """Impartiality: each assistance involvement of the people with the enterprise in the two
    years before `on` (or after it), one problem per person naming the latest one."""
    from qualift.assistance.involvement import assistance_involvement

    seen: set[int] = set()
    problems = []
    for involvement in assistance_involvement(person_ids, enterprise_id, on=on, years=2):
        if involvement.person_id in seen:
            continue
        seen.add(involvement.person_id)
        problems.append(
            Problem(
                "impartiality",
                _(
                    "%(person)s assisted this enterprise (%(kind)s on %(day)s): nobody may audit "
                    "an enterprise within two years of assisting it."
                )
                % {
                    "person": person_name(involvement.person),
                    "kind": involvement.get_source_display(),
                    "day": involvement.day.isoformat(),
                },
                True,
            )
        )
    return problems


def audit_day(audit) -> dt.date:
    """The day the team is judged on: the audit's first day, or today while it has none."""
    return audit.start_on or timezone.localdate()


def counted_days(audit) -> Decimal:
    """Auditor-days that count as audit time: team leader and auditors only."""
    total = audit.team.filter(role__in=COUNTING_ROLES).aggregate(days=Sum("days"))["days"]
    return total or Decimal("0")


def team_user_ids(cycle) -> set[int]:
    """Everyone on any audit team of the cycle (they may not take its certification decision)."""
    from qualift.certification.models import TeamMember

    return set(TeamMember.objects.filter(audit__cycle=cycle).values_list("user_id", flat=True))


def _leader_problems(members) -> list[Problem]:
    leaders = [m for m in members if m.role == TeamRole.LEADER]
    if not leaders:
        return [Problem("no_leader", _("The team has no team leader."), True)]
    if len(leaders) > 1:
        names = ", ".join(person_name(m.user) for m in leaders)
        return [
            Problem(
                "two_leaders",
                _("The team has more than one team leader: %(names)s.") % {"names": names},
                True,
            )
        ]
    return []


def _coverage_problems(audit, members, on: dt.date) -> list[Problem]:
    needed = sorted(audit.cycle.iaf_codes.values_list("code", flat=True))
    if not needed:
        return []
    held: set[str] = set()
    for member in members:
        if member.role in COMPETENCE_ROLES:
            held |= competent_codes(member.user_id, audit.cb_id, on)
    missing = [code for code in needed if code not in held]
    if not missing:
        return []
    return [
        Problem(
            "iaf_uncovered",
            _(
                "No team member is competent on %(day)s for IAF code(s) %(codes)s of the scope; "
                "competence is collective but every code must be covered."
            )
            % {"day": on.isoformat(), "codes": ", ".join(missing)},
            True,
        )
    ]


def _register_problems(audit, members) -> list[Problem]:
    from qualift.certification.models import AuditorProfile

    registered = set(
        AuditorProfile.objects.filter(
            cb_id=audit.cb_id, is_active=True, user_id__in=[m.user_id for m in members]
        ).values_list("user_id", flat=True)
    )
    return [
        Problem(
            "not_registered",
            _("%(person)s is not in the certification body's active auditor register.")
            % {"person": person_name(m.user)},
            False,
        )
        for m in members
        if m.user_id not in registered
    ]


def _days_problems(audit, members) -> list[Problem]:
    counted = sum((m.days for m in members if m.role in COUNTING_ROLES), Decimal("0"))
    problems = []
    if audit.planned_days is not None and counted < audit.planned_days:
        problems.append(
            Problem(
                "days_short",
                _(
                    "The leader's and auditors' days (%(counted)s) are fewer than the audit "
                    "time (%(planned)s auditor-days); technical experts and trainees do not count."
                )
                % {"counted": _number(counted), "planned": _number(audit.planned_days)},
                False,
            )
        )
    onsite_min = (audit.time_result or {}).get("onsite_min_days")
    if audit.kind == AuditKind.STAGE2 and onsite_min not in (None, ""):
        from qualift.certification.models import TeamMember

        initial = (
            TeamMember.objects.filter(
                audit__cycle_id=audit.cycle_id,
                audit__kind__in=(AuditKind.STAGE1, AuditKind.STAGE2),
                role__in=COUNTING_ROLES,
            )
            .exclude(audit__status=AuditStatus.CANCELLED)
            .aggregate(days=Sum("days"))["days"]
            or 0
        )
        if Decimal(str(initial)) < Decimal(str(onsite_min)):
            problems.append(
                Problem(
                    "days_short",
                    _(
                        "Stage 1 and stage 2 teams together have %(counted)s counted days, fewer "
                        "than the on-site minimum of %(minimum)s (80 %% of the initial audit time)."
                    )
                    % {"counted": _number(Decimal(str(initial))), "minimum": onsite_min},
                    False,
                )
            )
    return problems


def _number(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def team_problems(audit, *, on: dt.date | None = None, decider=None) -> list[Problem]:
    """Everything wrong with the audit's team, blocking problems first."""
    members = list(audit.team.select_related("user"))
    day = on or audit_day(audit)
    problems = _leader_problems(members)
    problems += _coverage_problems(audit, members, day)
    problems += involvement_problems([m.user_id for m in members], audit.enterprise_id, day)
    if decider is not None:
        if not hasattr(decider, "pk"):
            from qualift.tenancy.models import User

            decider = User.objects.get(pk=decider)
        if decider.pk in team_user_ids(audit.cycle):
            problems.append(
                Problem(
                    "decider_on_team",
                    _(
                        "%(person)s was on an audit team of this cycle and may not take the "
                        "certification decision."
                    )
                    % {"person": person_name(decider)},
                    True,
                )
            )
    problems += _register_problems(audit, members)
    problems += _days_problems(audit, members)
    return sorted(problems, key=lambda p: not p.blocking)


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]
