"""The `qualift` console script's routing, and `qualift createuser`."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from qualift.core.cli import main
from qualift.core.models import AuditChainHead, AuditEvent
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Membership, Organization, User

GOOD_PASSWORD = "Harbour-lantern-42"


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; a request elsewhere in the run may leave another
    # language active in this thread.
    with translation.override("en"):
        yield


def _qualift(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("qualift")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qualift.core.cli"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=django_settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def _env(tmp: Path) -> dict[str, str]:
    """Environment for the console script: a SQLite database of its own under `tmp`."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'cli.sqlite3'}", QUALIFT_VAR_DIR=str(tmp), DJANGO_DEBUG="1"
    )
    return env


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory) -> dict[str, str]:
    """A migrated database for commands run through the console script."""
    env = _env(tmp_path_factory.mktemp("qualift-cli"))
    migrated = _qualift("manage", "migrate", "--noinput", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return env


def _createuser(*args: str) -> str:
    out = io.StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def _exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    return caught.value.code


# --- routing ---------------------------------------------------------------------------------


def test_operator_gets_usage_and_exit_2_without_a_command(capsys):
    assert _exit_code([]) == 2
    assert "qualift demo" in capsys.readouterr().out


def test_operator_gets_usage_and_exit_0_for_help(capsys):
    assert _exit_code(["--help"]) == 0
    assert "qualift check-uscc" in capsys.readouterr().out


def test_operator_gets_exit_2_for_an_unknown_command(capsys):
    assert _exit_code(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_operator_gets_exit_2_for_import_without_a_noun(capsys):
    assert _exit_code(["import"]) == 2
    assert "enterprises" in capsys.readouterr().err


def test_console_script_routes_and_exits_0_1_2(tmp_path):
    env = _env(tmp_path)
    assert _qualift("manage", "migrate", "--noinput", "-v", "0", env=env).returncode == 0
    assert _qualift("--help", env=env).returncode == 0
    assert _qualift("export", "things", env=env).returncode == 2
    assert _qualift("verify-audit-trail", "--json", env=env).returncode == 0
    missing_anchor = _qualift("verify-audit-trail", "--anchor", "/nonexistent.json", env=env)
    assert missing_anchor.returncode == 2
    # A chain head that records events the table no longer has: a cut tail, exit status 1.
    with sqlite3.connect(tmp_path / "cli.sqlite3") as connection:
        connection.execute(
            f"INSERT INTO {AuditChainHead._meta.db_table} (id, events, last_hash) VALUES (1, 3, ?)",
            ["0" * 64],
        )
    broken = _qualift("verify-audit-trail", "--json", env=env)
    assert broken.returncode == 1, broken.stderr
    assert '"ok": false' in broken.stdout


# --- createuser --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_operator_creates_auditor_with_grade_in_a_cb(world):
    out = _createuser(
        "dora",
        "--password",
        GOOD_PASSWORD,
        "--email",
        "dora@example.com",
        "--org",
        str(world.cb_a.pk),
        "--role",
        "auditor",
        "--grade",
        "senior_auditor",
    )
    assert "dora" in out
    user = User.objects.get(username="dora")
    assert user.check_password(GOOD_PASSWORD) and user.email == "dora@example.com"
    assert not user.is_superuser
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role, membership.auditor_grade) == (
        world.cb_a,
        "auditor",
        "senior_auditor",
    )
    event = AuditEvent.objects.get(verb="user.create")
    assert event.organization == world.cb_a and event.after["role"] == "auditor"


@pytest.mark.django_db
def test_operator_names_the_organisation_instead_of_its_id(world):
    _createuser(
        "eve", "--password", GOOD_PASSWORD, "--org", world.office.name, "--role", "program_viewer"
    )
    assert Membership.objects.get(user__username="eve").organization == world.office


@pytest.mark.django_db
def test_operator_creates_superuser_without_membership(db):
    _createuser("root2", "--password", GOOD_PASSWORD, "--superuser")
    user = User.objects.get(username="root2")
    assert user.is_superuser and user.is_staff
    assert not user.memberships.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--org", "{cb_a}", "--role", "staff"], "role"),  # enterprise role in a CB
        (["--org", "{a1}", "--role", "auditor"], "role"),  # CB role in an enterprise
        (["--org", "{cb_a}", "--role", "cb_admin", "--grade", "auditor"], "grade"),
        (["--org", "{cb_a}"], "--role"),
        (["--grade", "trainee"], "--grade"),
        (["--org", "999999", "--role", "staff"], "999999"),
        (["--org", "No such organisation", "--role", "staff"], "No such organisation"),
    ],
)
@pytest.mark.django_db
def test_operator_gets_exit_2_for_a_role_that_does_not_fit(world, args, fragment):
    ids = {"cb_a": world.cb_a.pk, "a1": world.a1.organization_id}
    args = [a.format(**ids) for a in args]
    users = User.objects.count()
    with pytest.raises(CommandError) as caught:
        _createuser("frank", "--password", GOOD_PASSWORD, *args)
    assert caught.value.returncode == 2
    assert fragment in str(caught.value)
    assert User.objects.count() == users
    assert not AuditEvent.objects.filter(verb="user.create").exists()


@pytest.mark.django_db
def test_operator_gets_exit_2_for_an_ambiguous_organisation_name(world):
    for _ in range(2):
        Organization.objects.create(kind=OrgKind.ENTERPRISE, name="同名企业")
    with pytest.raises(CommandError) as caught:
        _createuser("gina", "--password", GOOD_PASSWORD, "--org", "同名企业", "--role", "staff")
    assert caught.value.returncode == 2 and "ID" in str(caught.value)


@pytest.mark.django_db
def test_operator_gets_exit_2_for_a_taken_username_or_weak_password(world):
    with pytest.raises(CommandError) as caught:
        _createuser("a1_admin", "--password", GOOD_PASSWORD)
    assert caught.value.returncode == 2 and "already exists" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        _createuser("hank", "--password", "123")
    assert caught.value.returncode == 2 and "too short" in str(caught.value)
    assert not User.objects.filter(username="hank").exists()


@pytest.mark.django_db
def test_operator_without_terminal_must_give_the_password(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError) as caught:
        _createuser("ivan")
    assert caught.value.returncode == 2 and "--password" in str(caught.value)
    assert not User.objects.filter(username="ivan").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_operator_at_a_terminal_is_asked_for_the_password_twice(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Terminal())
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    _createuser("judy")
    assert User.objects.get(username="judy").check_password(GOOD_PASSWORD)

    answers = iter([GOOD_PASSWORD, "something-else-42"])
    with pytest.raises(CommandError) as caught:
        _createuser("kate")
    assert caught.value.returncode == 2
    assert not User.objects.filter(username="kate").exists()


def test_console_script_createuser_exit_codes(cli_env):
    made = _qualift("createuser", "lena", "--password", GOOD_PASSWORD, env=cli_env)
    assert made.returncode == 0, made.stderr
    again = _qualift("createuser", "lena", "--password", GOOD_PASSWORD, env=cli_env)
    assert again.returncode == 2 and "already exists" in again.stderr
    no_tty = _qualift("createuser", "mona", env=cli_env)
    assert no_tty.returncode == 2 and "--password" in no_tty.stderr
    bad_role = _qualift(
        "createuser", "nina", "--password", GOOD_PASSWORD, "--role", "x", env=cli_env
    )
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr
