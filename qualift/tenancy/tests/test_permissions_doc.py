"""docs/permissions.md carries the role × action table enforced in code."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from qualift.tenancy.choices import ROLES_BY_KIND, Role
from qualift.tenancy.permissions import PERMISSIONS, permissions_markdown


def test_permissions_doc_matches_the_table():
    doc = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text(encoding="utf-8")
    table = doc.split("<!-- table:start -->\n", 1)[1].split("<!-- table:end -->", 1)[0]
    assert table == permissions_markdown(), "regenerate docs/permissions.md from PERMISSIONS"


def test_every_role_belongs_to_exactly_one_organisation_kind():
    owners = [kind for kind, roles in ROLES_BY_KIND.items() for role in Role if role in roles]
    assert len(owners) == len(Role)


# An auditor's own work (issue 7): planning and conducting audits, the certification decision.
AUDITOR_WRITES = {"cert_audit.plan", "cert_audit.conduct", "certification.decide"}


def test_read_only_roles_never_write():
    """Program viewers never write; auditors write only their own certification work, never an
    enterprise's records or assistance; staff may only report nonconformities and enter
    readings on the shop floor."""
    reads = {a for a in PERMISSIONS if a.endswith((".view", ".export"))}
    for action in set(PERMISSIONS) - reads:
        allowed = set(PERMISSIONS[action])
        assert Role.PROGRAM_VIEWER not in allowed, action
        assert (Role.AUDITOR in allowed) == (action in AUDITOR_WRITES), action
        if action not in ("nc.create", "measurement.create", "suggestion.create"):
            assert Role.STAFF not in allowed, action


def test_program_offices_do_not_read_enterprise_quality_records():
    assert not {Role.PROGRAM_ADMIN, Role.PROGRAM_VIEWER} & set(PERMISSIONS["qms.view"])
