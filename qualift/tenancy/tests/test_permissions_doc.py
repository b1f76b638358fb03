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


def test_read_only_roles_never_write():
    read_only = {Role.PROGRAM_VIEWER, Role.AUDITOR, Role.STAFF}
    writes = [a for a in PERMISSIONS if not a.endswith(".view") and a != "enterprise.export"]
    for action in writes:
        assert not read_only & set(PERMISSIONS[action]), action
