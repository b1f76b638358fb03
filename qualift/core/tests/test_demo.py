"""`qualift demo`: migrate, seed a believable program through the services (idempotently), print a
login for every role, then serve."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from qualift.core.audit import verify_chain
from qualift.core.demo import DEMO_PASSWORD, enterprise_specs, seed_demo
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Engagement, Enterprise, IafCode, Site
from qualift.enterprises.sizing import classify_miit2011
from qualift.enterprises.uscc import check_uscc
from qualift.programs.choices import LEDGER_FLOW, LedgerStatus
from qualift.programs.models import IncentivePolicy, LedgerEntry, LedgerMove, Program
from qualift.tenancy.choices import AuditorGrade, OrgKind, Role
from qualift.tenancy.models import Membership, Organization, User

MODELS = (
    Organization,
    User,
    Membership,
    Enterprise,
    Site,
    Engagement,
    Program,
    LedgerEntry,
    LedgerMove,
    IncentivePolicy,
    AuditEvent,
)


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; a request elsewhere in the run may leave another
    # language active in this thread.
    with translation.override("en"):
        yield


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def _qualift(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("qualift")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qualift.core.cli"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=django_settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        QUALIFT_VAR_DIR=str(tmp_path),
        DJANGO_DEBUG="1",
    )
    env.update(extra)
    return env


@pytest.mark.django_db
def test_operator_seeds_demo_twice_and_nothing_changes(settings):
    settings.DEBUG = True
    first = _demo()
    after_first = _counts()
    second = _demo()
    assert _counts() == after_first
    assert "seeded" in first
    assert "nothing changed" in second

    enterprises = Enterprise.objects.all()
    assert enterprises.count() >= 40
    assert enterprises.values("miit_industry").distinct().count() >= 8
    assert IafCode.objects.filter(enterprise__isnull=False).distinct().count() >= 8
    assert enterprises.values("region").distinct().count() >= 3
    for enterprise in enterprises:
        assert check_uscc(enterprise.uscc).valid, enterprise.uscc
        assert enterprise.name and enterprise.name_en and enterprise.address
        assert enterprise.legal_representative and enterprise.steward_name
        assert 3 <= enterprise.employees <= 150
    small_or_micro = enterprises.filter(size_miit__in=["micro", "small"]).count()
    assert small_or_micro >= 0.9 * enterprises.count()
    assert set(LedgerEntry.objects.values_list("status", flat=True)) == set(LedgerStatus.values)

    program = Program.objects.get()
    assert program.owner.name == "浙江省市场监督管理局"
    assert program.participating_cbs.count() == 3
    assert IncentivePolicy.objects.count() == 3
    assert Engagement.objects.filter(kind="certification").exists()
    assert Engagement.objects.filter(kind="assistance").exists()
    cb_ids = Organization.objects.filter(kind=OrgKind.CERTIFICATION_BODY).values("pk")
    assert Membership.objects.filter(organization__in=cb_ids, role=Role.CB_ADMIN).count() == 3
    grades = set(
        Membership.objects.filter(role=Role.AUDITOR).values_list("auditor_grade", flat=True)
    )
    assert grades == set(AuditorGrade.values)

    # The history was walked through the services: moves with notes where the flow needs one.
    back = [
        m
        for m in LedgerMove.objects.exclude(from_status="")
        if LEDGER_FLOW.index(m.to_status) < LEDGER_FLOW.index(m.from_status)
    ]
    assert back and all(m.note for m in back)
    early = LedgerMove.objects.filter(to_status="closed").exclude(from_status="evaluated")
    assert early.exists() and all(m.note for m in early)
    status_changes = LedgerMove.objects.exclude(from_status="").count()
    assert AuditEvent.objects.filter(verb="ledger.move").count() == status_changes
    assert AuditEvent.objects.filter(verb="enterprise.create").count() == enterprises.count()
    assert verify_chain().ok

    # Every role has a login, printed in the table, that actually signs in.
    memberships = Membership.objects.select_related("user")
    assert set(memberships.values_list("role", flat=True)) == set(Role.values)
    for membership in memberships:
        assert membership.user.username in first
        assert Client().login(username=membership.user.username, password=DEMO_PASSWORD)
    for role in Role.values:
        assert role in first
    assert DEMO_PASSWORD in first


def test_demo_data_is_deterministic_and_mostly_micro_or_small():
    specs = enterprise_specs()
    assert specs == enterprise_specs()
    assert [s.uscc for s in specs] != [s.uscc for s in enterprise_specs(seed=7)]
    assert len({s.uscc for s in specs}) == len(specs) == 40
    for spec in specs:
        # "91" (enterprise, company) + county code + organisation code + check character.
        assert spec.uscc.startswith("91" + spec.row.county)
        assert check_uscc(spec.uscc).valid
    sizes = [
        classify_miit2011(
            s.row.miit, employees=s.employees, revenue=s.revenue, assets=s.total_assets
        )
        for s in specs
    ]
    assert sum(r.size in ("micro", "small") for r in sizes) >= 36


@pytest.mark.django_db
def test_operator_is_refused_demo_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as caught:
        _demo()
    assert caught.value.returncode == 2
    assert "--force" in str(caught.value)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_operator_forces_demo_with_debug_off(settings):
    settings.DEBUG = False
    _demo("--force")
    assert Enterprise.objects.count() == 40


@pytest.mark.django_db
def test_demo_migrates_seeds_then_serves_on_the_port(settings, monkeypatch):
    settings.DEBUG = True
    calls = []
    monkeypatch.setattr(
        "qualift.core.management.commands.demo.call_command",
        lambda name, **kwargs: calls.append((name, kwargs)),
    )
    seeded = []
    monkeypatch.setattr(
        "qualift.core.management.commands.demo.seed_demo",
        lambda **kwargs: seeded.append(kwargs) or seed_demo(),
    )
    call_command("demo", "--port", "8123", stdout=io.StringIO())
    assert [name for name, _ in calls] == ["migrate", "serve"]
    assert calls[1][1] == {"port": 8123}
    assert len(seeded) == 1


@pytest.mark.django_db
def test_operator_gets_exit_2_for_a_bad_port(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError) as caught:
        call_command("demo", "--port", "70000", stdout=io.StringIO())
    assert caught.value.returncode == 2


def test_console_script_refuses_demo_without_debug(tmp_path):
    result = _qualift("demo", "--no-serve", env=_env(tmp_path, DJANGO_DEBUG="0"))
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert not (tmp_path / "cli.sqlite3").exists()


@pytest.mark.slow
def test_console_script_seeds_demo_twice_and_the_chain_verifies(tmp_path):
    env = _env(tmp_path)
    first = _qualift("demo", "--no-serve", env=env)
    assert first.returncode == 0, first.stderr
    for role in Role.values:
        assert role in first.stdout
    second = _qualift("demo", "--no-serve", env=env)
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout
    check = _qualift("verify-audit-trail", "--json", env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert '"ok": true' in check.stdout
