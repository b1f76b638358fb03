"""Seed the demo world through the services, so every record has its audit event and history.

Idempotent: each thing is looked up by its natural key (organisation kind + name, USCC, username,
program owner + name, ledger program + enterprise, policy owner + title) and only what is missing
is made. A second run changes nothing; a run after a partial delete fills the gap.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from qualift.core.audit import audit_record, snapshot
from qualift.core.demo.assistance import seed_assistance
from qualift.core.demo.certification import seed_certification
from qualift.core.demo.data import (
    CBS,
    DEMO_PASSWORD,
    NOTES,
    OFFICE,
    PEOPLE,
    POLICIES,
    POLICY_PERIOD,
    PROGRAM,
    SEED,
    EnterpriseSpec,
    enterprise_specs,
)
from qualift.core.demo.goals import seed_goals
from qualift.core.demo.process import seed_process
from qualift.core.demo.quality import seed_quality
from qualift.core.demo.quality.documents import seed_documents
from qualift.enterprises.choices import EngagementKind
from qualift.enterprises.models import Engagement, Enterprise, IafCode
from qualift.enterprises.services import engagement_create, enterprise_create
from qualift.programs.choices import LEDGER_FLOW, LedgerStatus
from qualift.programs.models import IncentivePolicy, LedgerEntry, Program
from qualift.programs.services import (
    ledger_entry_create,
    ledger_move,
    policy_save,
    program_create,
)
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Membership, Organization, Region, User

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Login:
    """One row of the table `qualift demo` prints."""

    username: str
    password: str
    role: str
    grade: str
    organization: str
    organization_en: str


@dataclass
class DemoResult:
    created: Counter = field(default_factory=Counter)
    logins: list[Login] = field(default_factory=list)
    program: Program | None = None

    @property
    def changed(self) -> bool:
        return any(self.created.values())


class DemoError(RuntimeError):
    """The database lacks what the demo needs (run the migrations first)."""


def _noop(label: str, done: int, total: int) -> None:
    return None


@transaction.atomic
def seed_demo(*, seed: int = SEED, progress: Progress | None = None) -> DemoResult:
    """Create whatever part of the demo world is missing; return the logins."""
    progress = progress or _noop
    result = DemoResult()
    regions = {r.code: r for r in Region.objects.all()}
    iaf = {c.code: c for c in IafCode.objects.all()}
    if "330000" not in regions or not iaf:
        raise DemoError("regions or IAF codes are missing: run the migrations first")
    specs = enterprise_specs(seed)

    office = _organization(result, OrgKind.PROGRAM_OFFICE, OFFICE, regions)
    cbs = {
        key: _organization(
            result,
            OrgKind.CERTIFICATION_BODY,
            {"name": name, "name_en": name_en, "region": region, "code": code},
            regions,
        )
        for key, (name, name_en, region, code) in CBS.items()
    }
    program = Program.objects.filter(owner=office, name=PROGRAM["name"]).first()
    if program is None:
        program = program_create(
            actor=None,
            owner=office,
            data=PROGRAM,
            regions=[regions[OFFICE["region"]]],
            participating_cbs=list(cbs.values()),
        )
        result.created["programs"] += 1
    result.program = program

    enterprises: dict[str, Enterprise] = {}
    for done, spec in enumerate(specs, start=1):
        enterprises[spec.row.key] = _enterprise(result, spec, cbs, regions, iaf)
        progress("enterprises", done, len(specs))

    orgs = {"office": office, **cbs}
    orgs.update({f"ent:{key}": e.organization for key, e in enterprises.items()})
    users = _people(result, orgs)

    on_ledger = [s for s in specs if s.row.status]
    for done, spec in enumerate(on_ledger, start=1):
        _ledger(result, program, spec, enterprises[spec.row.key], cbs, users)
        progress("ledger", done, len(on_ledger))

    for spec in specs:
        if spec.certified_days_ago is not None:
            _certification(result, spec, enterprises[spec.row.key], cbs, users)

    # A year of nonconformities, actions and complaints for every enterprise (issue 3).
    seed_quality(
        result, specs=specs, enterprises=enterprises, users=users, seed=seed, progress=progress
    )
    seed_process(  # key process control for every manufacturer (issue 4)
        result, specs=specs, enterprises=enterprises, users=users, seed=seed, progress=progress
    )
    seed_documents(result, enterprises=enterprises, seed=seed)
    seed_goals(
        result, specs=specs, enterprises=enterprises, users=users, seed=seed, progress=progress
    )

    for policy in POLICIES:
        if not IncentivePolicy.objects.filter(owner=office, title=policy["title"]).exists():
            policy_save(
                actor=users["zj_admin"],
                owner=office,
                policy=None,
                data={
                    **policy,
                    "region": regions[OFFICE["region"]],
                    "valid_from": POLICY_PERIOD[0],
                    "valid_to": POLICY_PERIOD[1],
                },
            )
            result.created["policies"] += 1

    for person in PEOPLE:
        org = orgs[person.org]
        result.logins.append(
            Login(person.username, DEMO_PASSWORD, person.role, person.grade, org.name, org.name_en)
        )
    seed_assistance(  # diagnoses, plans, visits, a common problem (issue 6); logins it adds last
        result,
        program=program,
        specs=specs,
        enterprises=enterprises,
        users=users,
        seed=seed,
        progress=progress,
    )
    seed_certification(  # policies, auditors, clients in every certification state (issue 7)
        result, specs=specs, enterprises=enterprises, users=users, seed=seed, progress=progress
    )
    return result


def _organization(result: DemoResult, kind: str, spec: dict, regions) -> Organization:
    org = Organization.objects.filter(kind=kind, name=spec["name"]).first()
    if org is not None:
        return org
    org = Organization(
        kind=kind,
        name=spec["name"],
        name_en=spec["name_en"],
        region=regions[spec["region"]],
        code=spec.get("code", ""),
    )
    org.full_clean()
    org.save()
    audit_record(
        actor=None,
        verb="organization.create",
        target=org,
        organization=org,
        after=snapshot(org),
        reason="demo data",
    )
    result.created["organizations"] += 1
    return org


def _enterprise(result: DemoResult, spec: EnterpriseSpec, cbs, regions, iaf) -> Enterprise:
    existing = Enterprise.objects.filter(uscc=spec.uscc).first()
    if existing is not None:
        return existing
    row = spec.row
    data = {
        "name": row.name,
        "name_en": row.name_en,
        "uscc": spec.uscc,
        "region": regions[row.region],
        "address": spec.address,
        "miit_industry": row.miit,
        "gbt4754_division": row.division,
        "employees": spec.employees,
        "revenue": spec.revenue,
        "total_assets": spec.total_assets,
        "legal_representative": spec.legal_representative,
        "steward_name": spec.steward_name,
        "steward_phone": spec.steward_phone,
        "steward_email": spec.steward_email,
    }
    kind = EngagementKind.ASSISTANCE if row.status else EngagementKind.CERTIFICATION
    enterprise = enterprise_create(
        actor=None,
        data=data,
        iaf_codes=[iaf[code] for code in row.iaf],
        engagement_kind=kind,
        acting_org_id=cbs[row.cb].pk,
    )
    result.created["enterprises"] += 1
    return enterprise


def _people(result: DemoResult, orgs: dict[str, Organization]) -> dict[str, User]:
    users: dict[str, User] = {}
    hashed: str | None = None  # one hash for all: the demo password is the same for everyone
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = User(
                username=person.username,
                display_name=person.display_name,
                email=f"{person.username}@demo.qualift.example",
                password=hashed,
            )
            user.full_clean()
            user.save()
            result.created["users"] += 1
        organization = orgs[person.org]
        if not Membership.objects.filter(user=user, organization=organization).exists():
            membership = Membership(
                user=user,
                organization=organization,
                role=person.role,
                auditor_grade=person.grade,
            )
            membership.full_clean()
            membership.save()
            audit_record(
                actor=None,
                verb="membership.create",
                target=membership,
                organization=organization,
                after=snapshot(membership),
                reason="demo data",
            )
            result.created["memberships"] += 1
        users[person.username] = user
    return users


def _path(target: str, variant: str) -> list[tuple[str, str]]:
    """(to_status, note key) moves from "screened" to the target status."""
    stop = LEDGER_FLOW.index(target)
    if variant == "early":
        return [(LedgerStatus.DIAGNOSING, "diagnosing"), (LedgerStatus.CLOSED, "early")]
    if variant == "back":
        moves = [
            (LedgerStatus.DIAGNOSING, "diagnosing"),
            (LedgerStatus.PLAN_AGREED, "plan_agreed"),
            (LedgerStatus.DIAGNOSING, "back"),
        ]
        return moves + [(s, s) for s in LEDGER_FLOW[2 : stop + 1]]
    return [(s, s) for s in LEDGER_FLOW[1 : stop + 1]]


def _ledger(result: DemoResult, program, spec: EnterpriseSpec, enterprise, cbs, users) -> None:
    if LedgerEntry.objects.filter(program=program, enterprise=enterprise).exists():
        return
    cb_key = spec.row.cb
    entry = ledger_entry_create(
        actor=users["zj_admin"],
        program=program,
        enterprise=enterprise,
        cb=cbs[cb_key],
        note=NOTES["screened"],
    )
    result.created["ledger entries"] += 1
    actors = {
        "evaluated": users[f"{cb_key}_admin"],
        "back": users[f"{cb_key}_admin"],
        "closed": users["zj_admin"],
        "early": users["zj_admin"],
    }
    for to_status, note_key in _path(spec.row.status, spec.row.variant):
        actor = actors.get(note_key, users[f"{cb_key}_expert"])
        entry = ledger_move(actor=actor, entry=entry, to_status=to_status, note=NOTES[note_key])
        result.created["ledger moves"] += 1


def _certification(result: DemoResult, spec: EnterpriseSpec, enterprise, cbs, users) -> None:
    """Certification by a CB other than the one that assisted (impartiality)."""
    keys = list(cbs)
    other = keys[(keys.index(spec.row.cb) + 1) % len(keys)]
    cb = cbs[other]
    exists = Engagement.objects.filter(
        cb=cb, enterprise=enterprise, kind=EngagementKind.CERTIFICATION
    ).exists()
    if exists:
        return
    engagement_create(
        actor=users[f"{other}_admin"],
        cb=cb,
        enterprise=enterprise,
        kind=EngagementKind.CERTIFICATION,
        start=timezone.localdate() - dt.timedelta(days=spec.certified_days_ago),
        note="ISO 9001:2015 初次认证 / initial certification",
    )
    result.created["engagements"] += 1
