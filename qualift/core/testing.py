"""Personas for tests (STYLE §5): a program office, CB "A" with an admin, two auditors and an
expert, its client enterprise "A1" (admin, steward, staff) and sibling "A2", CB "B" with its
enterprise "B1", and a second program office with its own program. Each organisation's name
carries a canary string that must never appear in another tenant's responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.test import Client

from qualift.enterprises.models import Engagement, Enterprise
from qualift.enterprises.services import enterprise_create
from qualift.enterprises.uscc import make_uscc
from qualift.programs.models import IncentivePolicy, LedgerEntry, Program
from qualift.programs.services import ledger_entry_create, policy_save, program_create
from qualift.tenancy.choices import OrgKind, Role
from qualift.tenancy.models import Membership, Organization, Region, User

PASSWORD = "persona-pass-123"


@dataclass
class World:
    office: Organization
    office2: Organization
    cb_a: Organization
    cb_b: Organization
    a1: Enterprise
    a2: Enterprise
    b1: Enterprise
    program: Program
    program2: Program
    policy: IncentivePolicy
    policy2: IncentivePolicy
    users: dict[str, User] = field(default_factory=dict)
    canaries: dict[str, str] = field(default_factory=dict)

    def client(self, username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(self.users[username])
        return client

    def entry(self, enterprise: Enterprise) -> LedgerEntry:
        return LedgerEntry.objects.get(enterprise=enterprise)


PERSONAS = {
    # username: (organisation key, role)
    "po_admin": ("office", Role.PROGRAM_ADMIN),
    "po_viewer": ("office", Role.PROGRAM_VIEWER),
    "po2_admin": ("office2", Role.PROGRAM_ADMIN),
    "cba_admin": ("cb_a", Role.CB_ADMIN),
    "cba_auditor1": ("cb_a", Role.AUDITOR),
    "cba_auditor2": ("cb_a", Role.AUDITOR),
    "cba_expert": ("cb_a", Role.ASSISTANCE_EXPERT),
    "cbb_admin": ("cb_b", Role.CB_ADMIN),
    "a1_admin": ("a1", Role.ENTERPRISE_ADMIN),
    "a1_steward": ("a1", Role.QUALITY_STEWARD),
    "a1_staff": ("a1", Role.STAFF),
    "a2_admin": ("a2", Role.ENTERPRISE_ADMIN),
    "b1_admin": ("b1", Role.ENTERPRISE_ADMIN),
}


def _org(kind: str, name: str, region: Region) -> Organization:
    return Organization.objects.create(kind=kind, name=name, name_en=name, region=region)


def _enterprise(name: str, serial: int, region: Region, cb: Organization) -> Enterprise:
    uscc = make_uscc(f"91{region.code}MA{serial:07d}"[:17])
    data = {
        "name": name,
        "name_en": name,
        "uscc": uscc,
        "region": region,
        "miit_industry": 2,
        "employees": 12,
        "revenue": Decimal("800"),
        "total_assets": Decimal("500"),
        "address": f"{name} road 1",
    }
    enterprise = enterprise_create(actor=None, data=data, iaf_codes=[], acting_org_id=cb.pk)
    return enterprise


def build_world() -> World:
    zj = Region.objects.get(code="330000")
    js = Region.objects.get(code="320000")
    office = _org(OrgKind.PROGRAM_OFFICE, "Office CANARY-PO-1a2b", zj)
    office2 = _org(OrgKind.PROGRAM_OFFICE, "Office CANARY-PO2-3c4d", js)
    cb_a = _org(OrgKind.CERTIFICATION_BODY, "CB CANARY-CBA-5e6f", zj)
    cb_b = _org(OrgKind.CERTIFICATION_BODY, "CB CANARY-CBB-7a8b", js)
    a1 = _enterprise("Ent CANARY-A1-9c0d", 1, zj, cb_a)
    a2 = _enterprise("Ent CANARY-A2-1e2f", 2, zj, cb_a)
    b1 = _enterprise("Ent CANARY-B1-3a4b", 3, js, cb_b)
    Engagement.objects.create(
        cb=cb_a, enterprise=a1, kind="certification", start=dt.date(2025, 1, 1)
    )
    program = program_create(
        actor=None,
        owner=office,
        data={
            "name": "Program CANARY-P1-5c6d",
            "start": dt.date(2025, 1, 1),
            "end": dt.date(2027, 12, 31),
            "target_enterprises": 10,
        },
        regions=[zj],
        participating_cbs=[cb_a, cb_b],
    )
    program2 = program_create(
        actor=None,
        owner=office2,
        data={
            "name": "Program CANARY-P2-7e8f",
            "start": dt.date(2025, 1, 1),
            "end": dt.date(2027, 12, 31),
        },
        regions=[js],
        participating_cbs=[],
    )
    for enterprise, cb in ((a1, cb_a), (a2, cb_a), (b1, cb_b)):
        ledger_entry_create(actor=None, program=program, enterprise=enterprise, cb=cb)
    policy = policy_save(
        actor=None,
        owner=office,
        policy=None,
        data={
            "title": "Subsidy policy one",
            "region": zj,
            "kind": "subsidy",
            "valid_from": dt.date(2025, 1, 1),
        },
    )
    policy2 = policy_save(
        actor=None,
        owner=office2,
        policy=None,
        data={
            "title": "Award policy two",
            "region": js,
            "kind": "award",
            "valid_from": dt.date(2025, 1, 1),
        },
    )
    orgs = {
        "office": office,
        "office2": office2,
        "cb_a": cb_a,
        "cb_b": cb_b,
        "a1": a1.organization,
        "a2": a2.organization,
        "b1": b1.organization,
    }
    users = {}
    for username, (org_key, role) in PERSONAS.items():
        user = User.objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, organization=orgs[org_key], role=role)
        users[username] = user
    canaries = {
        "office": "CANARY-PO-1a2b",
        "office2": "CANARY-PO2-3c4d",
        "cb_a": "CANARY-CBA-5e6f",
        "cb_b": "CANARY-CBB-7a8b",
        "a1": "CANARY-A1-9c0d",
        "a2": "CANARY-A2-1e2f",
        "b1": "CANARY-B1-3a4b",
        "program": "CANARY-P1-5c6d",
        "program2": "CANARY-P2-7e8f",
    }
    return World(
        office, office2, cb_a, cb_b, a1, a2, b1, program, program2, policy, policy2, users, canaries
    )


def pin_today(monkeypatch, day: dt.date) -> None:
    """Make `timezone.localdate()` answer `day` for the rest of a test, so a module that reads
    "today" once at import stays in step with the services when a run crosses midnight
    (Asia/Shanghai)."""
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
