"""`qualift spc`: the standalone control-chart command (like qcc) over a CSV file.

Reference values: qcc 3.0 vignette / Montgomery, Introduction to SQC (pistonrings, orangejuice,
viscosity as shipped with qcc, in /work/shared/data/spc/)."""

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

from qualift.spc import analyze

DATA = Path(__file__).resolve().parent / "data"  # copy of shared/data/spc
PISTONRINGS = str(DATA / "pistonrings.csv")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("spc", *args, stdout=out)
    return out.getvalue()


def _refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("spc", *args, stdout=io.StringIO())
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


PISTON_ARGS = (
    PISTONRINGS, "--chart", "xbar-r", "--value", "diameter", "--subgroup", "sample",
    "--phase1-col", "trial", "--lsl", "73.95", "--usl", "74.05", "--json",
)  # fmt: skip


def test_operator_reproduces_qcc_pistonrings_numbers_as_json():
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: pistonrings X̄-R (trial samples 1-25)
    centre 74.00118, LCL 73.98805, UCL 74.0143, R centre 0.02276; samples 37-39 beyond the limits;
    Cp 1.70, Cpk 1.66, Cpm 1.69 with specs 73.95/74.05."""
    data = json.loads(_run(*PISTON_ARGS))
    assert list(data) == [
        "chart", "n_points", "center", "sigma", "lcl", "ucl", "violations", "capability",
        "secondary",
    ]  # fmt: skip
    assert data["chart"] == "xbar-r" and data["n_points"] == 40
    assert data["center"] == pytest.approx(74.00118, abs=5e-6)
    assert data["sigma"] == pytest.approx(0.009785039, rel=3.2e-5)  # exact d2 (see engine tests)
    assert data["lcl"] == pytest.approx(73.98805, abs=5e-6)
    assert data["ucl"] == pytest.approx(74.0143, abs=5e-5)
    assert [v["index"] for v in data["violations"] if v["rule"] == 1] == [37, 38, 39]
    cap = data["capability"]
    assert (round(cap["cp"], 2), round(cap["cpk"], 2), round(cap["cpm"], 2)) == (1.70, 1.66, 1.69)
    assert cap["normality"]["test"] == "anderson-darling"
    assert data["secondary"]["chart"] == "R"
    assert data["secondary"]["center"] == pytest.approx(0.02276, abs=5e-6)


def test_operator_gets_qcc_digits_with_qcc_constants_and_json_equals_to_dict():
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: σ 0.009785039 and R UCL 0.04812533
    with qcc's own constant tables; the JSON is exactly analyze(...).to_dict()."""
    data = json.loads(_run(*PISTON_ARGS, "--constants", "qcc", "--rules", "we:1"))
    assert data["sigma"] == pytest.approx(0.009785039, abs=5e-10)
    assert data["secondary"]["ucl"] == pytest.approx(0.04812533, abs=5e-9)
    assert data["violations"] == [{"index": i, "rule": 1} for i in (37, 38, 39)]
    import csv

    with open(PISTONRINGS, newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = analyze(
        [float(r["diameter"]) for r in rows],
        chart="xbar-r",
        subgroups=[r["sample"] for r in rows],
        phase1=[r["trial"] == "TRUE" for r in rows],
        rules="we:1",
        lsl=73.95,
        usl=74.05,
        constants="qcc",
    ).to_dict()
    assert data == json.loads(json.dumps(expected))


def test_operator_charts_attribute_and_individual_data():
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: orangejuice p chart (trial) centre
    0.2313333, LCL 0.05242755, UCL 0.4102391; viscosity I-MR (trial) centre 34.088,
    σ 0.5076521 with qcc constants."""
    data = json.loads(
        _run(str(DATA / "orangejuice.csv"), "--chart", "p", "--value", "D", "--size", "size",
             "--phase1-col", "trial", "--json")
    )  # fmt: skip
    assert data["center"] == pytest.approx(0.2313333, abs=5e-8)
    assert data["lcl"] == pytest.approx(0.05242755, abs=5e-9)
    assert data["ucl"] == pytest.approx(0.4102391, abs=5e-8)
    data = json.loads(
        _run(str(DATA / "viscosity.csv"), "--chart", "imr", "--value", "viscosity",
             "--phase1-col", "trial", "--constants", "qcc", "--json")
    )  # fmt: skip
    assert data["center"] == pytest.approx(34.088, abs=5e-4)
    assert data["sigma"] == pytest.approx(0.5076521, abs=5e-8)
    assert data["secondary"]["chart"] == "MR"


def test_operator_reads_a_human_table_and_writes_an_svg_plot(tmp_path):
    svg = tmp_path / "chart.svg"
    out = _run(
        PISTONRINGS, "--chart", "xbar-r", "--value", "diameter", "--subgroup", "sample",
        "--phase1", "25", "--lsl", "73.95", "--usl", "74.05", "--plot", str(svg),
    )  # fmt: skip
    assert "xbar-r chart" in out and "74.0012" in out and "Cpk" in out
    assert "1 point beyond 3 sigma" in out
    text = svg.read_text()
    assert text.startswith("<svg") and text.count("<circle") == 80


def test_operator_writes_a_png_plot(tmp_path):
    png = tmp_path / "chart.png"
    _run(
        PISTONRINGS, "--chart", "xbar-r", "--value", "diameter", "--subgroup", "sample",
        "--phase1", "25", "--plot", str(png),
    )  # fmt: skip
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_operator_gets_exit_2_for_bad_file_column_or_option(tmp_path):
    assert "does not exist" in _refused(str(tmp_path / "missing.csv"), "--chart", "imr",
                                        "--value", "x")  # fmt: skip
    message = _refused(PISTONRINGS, "--chart", "imr", "--value", "width")
    assert "'width'" in message and "diameter, sample, trial" in message
    assert "Unknown chart 'xbar'" in _refused(PISTONRINGS, "--chart", "xbar", "--value", "diameter")
    bad = tmp_path / "bad.csv"
    bad.write_text("x,trial\n1.0,TRUE\nabc,TRUE\n")
    assert "Row 3, column 'x': 'abc' is not a number" in _refused(
        str(bad), "--chart", "imr", "--value", "x"
    )
    assert "is not TRUE or FALSE" in _refused(
        str(DATA / "viscosity.csv"), "--chart", "imr", "--value", "viscosity", "--phase1-col",
        "batch",
    )  # fmt: skip
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "is empty" in _refused(str(empty), "--chart", "imr", "--value", "x")
    assert "needs sizes" in _refused(str(DATA / "orangejuice.csv"), "--chart", "p", "--value", "D")
    assert "rule" in _refused(PISTONRINGS, "--chart", "imr", "--value", "diameter",
                              "--rules", "abc")  # fmt: skip
    assert ".svg or .png" in _refused(
        PISTONRINGS, "--chart", "imr", "--value", "diameter", "--plot", str(tmp_path / "c.pdf")
    )


def test_operator_gets_exit_2_from_the_real_qualift_command():
    ok = _qualift("spc", *PISTON_ARGS)
    assert ok.returncode == 0, ok.stderr
    assert [v["index"] for v in json.loads(ok.stdout)["violations"] if v["rule"] == 1] == [
        37, 38, 39,
    ]  # fmt: skip
    bad = _qualift("spc", PISTONRINGS, "--chart", "xbar-r", "--value", "nope")
    assert bad.returncode == 2
    assert "Column 'nope' is not in" in bad.stderr
    usage = _qualift("spc", PISTONRINGS, "--value", "diameter")
    assert usage.returncode == 2 and "--chart" in usage.stderr
