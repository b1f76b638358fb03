"""`qualift classify-size` and `qualift check-uscc`: thin front doors over the pure functions.

Thresholds: MIIT 2011 (工信部联企业〔2011〕300号) industry row needs employees ≥ 20 and revenue
≥ 300 (10,000 CNY) for small; retail needs employees ≥ 10 and revenue ≥ 100. EU 2003/361/EC
Annex art. 2: small is < 50 staff and turnover or balance sheet ≤ €10 m. The valid code is
Alibaba (China) Network Technology's published USCC (see test_uscc.py for its source)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from qualift.enterprises.sizing import classify_eu2003, classify_miit2011

ALIBABA = "91330100716105852F"


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; a request elsewhere in the run may leave another
    # language active in this thread.
    with translation.override("en"):
        yield


def _run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def _refused(name: str, *args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command(name, *args, stdout=io.StringIO())
    assert caught.value.returncode == 2
    return str(caught.value)


def _qualift(*args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("qualift")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qualift.core.cli"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


# --- classify-size -----------------------------------------------------------------------------


def test_operator_classifies_an_industrial_enterprise_as_small():
    out = _run(
        "classify_size", "--scheme", "miit2011", "--industry", "2", "--employees", "50",
        "--revenue", "800", "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert list(data) == ["scheme", "size", "reason"]
    assert data == classify_miit2011(2, employees=50, revenue=800).to_dict()
    assert data["size"] == "small" and data["scheme"] == "miit2011"


def test_operator_names_the_industry_by_slug_and_reads_a_human_answer():
    out = _run(
        "classify_size", "--scheme", "miit2011", "--industry", "retail", "--employees", "8",
        "--revenue", "80",
    )  # fmt: skip
    assert "micro" in out and "retail (row 5)" in out and "MIIT 2011" in out


def test_operator_classifies_under_eu_2003():
    out = _run(
        "classify_size", "--scheme", "eu2003", "--employees", "30", "--turnover-eur", "4000000",
        "--balance-sheet-eur", "12000000", "--json",
    )  # fmt: skip
    expected = classify_eu2003(employees=30, turnover_eur=4_000_000, balance_sheet_eur=12_000_000)
    assert json.loads(out) == expected.to_dict()
    assert expected.size == "small"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--scheme", "miit2011", "--industry", "2", "--employees", "50"], "--revenue"),
        (["--scheme", "miit2011", "--industry", "3", "--revenue", "5"], "--assets"),
        (["--scheme", "miit2011", "--employees", "5", "--revenue", "9"], "--industry"),
        (["--scheme", "eu2003", "--employees", "5"], "--turnover-eur"),
        (["--scheme", "eu2003", "--turnover-eur", "5"], "--employees"),
    ],
)
def test_operator_gets_exit_2_naming_a_missing_indicator(args, fragment):
    assert fragment in _refused("classify_size", *args)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--industry", "2", "--employees", "-3", "--revenue", "5"], "--employees"),
        (["--industry", "2", "--employees", "12.5", "--revenue", "5"], "--employees"),
        (["--industry", "2", "--employees", "3", "--revenue", "lots"], "--revenue"),
        (["--industry", "2", "--employees", "3", "--revenue", "-1"], "--revenue"),
        (["--industry", "2", "--employees", "3", "--revenue", "NaN"], "--revenue"),
        (["--industry", "17", "--employees", "3", "--revenue", "1"], "17"),
        (["--industry", "2", "--employees", "3", "--turnover-eur", "1"], "--turnover-eur"),
    ],
)
def test_operator_gets_exit_2_for_bad_numbers_or_options(args, fragment):
    assert fragment in _refused("classify_size", "--scheme", "miit2011", *args)


# --- check-uscc --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "valid", "reason"),
    [
        (ALIBABA, True, "valid"),
        (" 91330100716105852f ", True, "valid"),
        ("91330100716105852A", False, "check character expected F, got A"),
        ("9133010071610585", False, "must be 18 characters, got 16"),
        ("9133O100716105852F", False, "character 'O' at position 5 is not allowed"),
    ],
)
def test_operator_checks_a_code_as_json(code, valid, reason):
    data = json.loads(_run("check_uscc", code, "--json"))
    assert list(data) == ["code", "valid", "reason"]
    assert data["code"] == code.strip().upper()
    assert data["valid"] is valid
    assert data["reason"].startswith(reason)


def test_operator_reads_a_human_answer_for_a_code():
    assert "valid" in _run("check_uscc", ALIBABA)
    assert "check character expected F" in _run("check_uscc", "91330100716105852A")


# --- through the console script ----------------------------------------------------------------


def test_console_script_check_uscc_exits_0_for_any_code_and_2_for_usage():
    valid = _qualift("check-uscc", ALIBABA, "--json")
    assert valid.returncode == 0
    assert json.loads(valid.stdout) == {"code": ALIBABA, "valid": True, "reason": "valid"}
    invalid = _qualift("check-uscc", "91330100716105852A", "--json")
    assert invalid.returncode == 0
    assert json.loads(invalid.stdout)["valid"] is False
    assert _qualift("check-uscc").returncode == 2
    assert _qualift("check-uscc", ALIBABA, "--colour").returncode == 2


def test_console_script_classify_size_exit_codes():
    ok = _qualift(
        "classify-size", "--scheme", "miit2011", "--industry", "software-it", "--employees", "40",
        "--revenue", "600", "--json",
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["size"] == "small"
    missing = _qualift(
        "classify-size", "--scheme", "miit2011", "--industry", "2", "--employees", "9"
    )
    assert missing.returncode == 2 and "--revenue" in missing.stderr
    not_a_number = _qualift("classify-size", "--scheme", "eu2003", "--employees", "ten")
    assert not_a_number.returncode == 2 and "--employees" in not_a_number.stderr
    assert _qualift("classify-size", "--scheme", "uk2006").returncode == 2
