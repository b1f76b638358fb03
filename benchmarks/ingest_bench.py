"""Ingestion benchmark (issue 4 §7): 10⁶ readings from a CSV file into the database.

    python benchmarks/ingest_bench.py [--rows 1000000] [--database-url URL | --pg] [--keep]

Generates a CSV of --rows readings of one I-MR parameter (one reading a minute, up to now, with
operator and gauge columns), then times, through the same code the import page uses:
  (a) parsing + validation  qualift.process.importing_readings.parse_readings, then
                            qualift.process.services.readings.check_readings (timed apart)
  (b) insertion             qualift.process.services.readings.record_readings, as the import
                            page calls it (validates again, one batch, one transaction, subgroup
                            numbers from the locked parameter row, one audit event), with the
                            time spent in the alarm check it calls shown apart
and, as a check that the rows landed, loading the parameter's series for a chart
(qualift.process.series.load_series). Prints figures; asserts nothing (target: parse + record
≤ 20 s).

Databases: SQLite by default (a fresh, migrated file in a temp dir, removed afterwards);
--database-url postgres://… uses that database (migrated; the benchmark's rows stay there);
--pg starts a throwaway PostgreSQL cluster the way scripts/test_postgres.sh does (initdb in a temp
dir, 127.0.0.1 on a free port, fsync off, run as `postgres`/`nobody` when root), and drops it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--database-url", default="", help="run against this database")
    group.add_argument(
        "--pg", action="store_true", help="start a throwaway PostgreSQL cluster and use it"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (CSV, SQLite)")
    parser.add_argument(
        "--drop-fk",
        action="store_true",
        help="diagnostic: drop the readings table's foreign-key constraints first (what "
        "db_constraint=False on Measurement's foreign keys would give); throwaway databases only",
    )
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="qualift-ingest-")
    try:
        if args.pg:
            with throwaway_postgres() as url:
                run(args.rows, url, tmp, args.drop_fk)
        else:
            if args.drop_fk and args.database_url:
                raise SystemExit("--drop-fk is for throwaway databases (SQLite default or --pg)")
            run(args.rows, args.database_url or f"sqlite:///{tmp}/bench.sqlite3", tmp, args.drop_fk)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(rows: int, url: str, tmp: str, drop_fk: bool = False) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["QUALIFT_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.vendor} {engine_version(connection)}, migrated in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    from qualift.core.testing import build_world
    from qualift.process.choices import MeasurementSource
    from qualift.process.importing_readings import parse_readings
    from qualift.process.models import Measurement
    from qualift.process.series import load_series
    from qualift.process.services import alarms as alarm_service
    from qualift.process.services.readings import check_readings, record_readings
    from qualift.process.testing import make_gauge, make_parameter

    if drop_fk:
        drop_foreign_keys(connection)
    world = build_world()
    enterprise = world.a1
    actor = world.users["a1_staff"]
    gauge = make_gauge(enterprise, "G-BENCH")
    parameter = make_parameter(enterprise, "BENCH", chart_type="imr", gauge=gauge)
    before = Measurement.objects.count()

    t0 = time.perf_counter()
    content = make_csv(rows)
    path = Path(tmp) / "readings.csv"
    path.write_bytes(content)
    print(
        f"generated {rows:,} rows ({len(content) / 1e6:.1f} MB) in "
        f"{time.perf_counter() - t0:.1f} s: {path}"
    )

    t0 = time.perf_counter()
    report = parse_readings(
        path.read_bytes(), path.name, enterprise=enterprise, parameter=parameter, check=False
    )
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    errors = check_readings(enterprise=enterprise, readings=report.readings)
    check_s = time.perf_counter() - t0
    if report.errors or errors:
        print(f"unexpected errors: {(report.errors or errors)[:5]}")
        raise SystemExit(1)
    print(f"(a) parse              {parse_s:6.2f} s  ({rows / parse_s:,.0f} rows/s)")
    print(f"    validate           {check_s:6.2f} s  ({rows / check_s:,.0f} rows/s)")

    alarm_s = [0.0]
    checker = alarm_service.check_new_readings

    def timed_check(**kwargs):
        t = time.perf_counter()
        try:
            return checker(**kwargs)
        finally:
            alarm_s[0] += time.perf_counter() - t

    alarm_service.check_new_readings = timed_check
    t0 = time.perf_counter()
    result = record_readings(
        actor=actor,
        enterprise=enterprise,
        readings=report.readings,
        source=MeasurementSource.IMPORT,
        filename=path.name,
    )
    record_s = time.perf_counter() - t0
    alarm_service.check_new_readings = checker
    insert_s = record_s - alarm_s[0]
    print(
        f"(b) record_readings    {record_s:6.2f} s  (validate again, lock, number, insert, audit)"
    )
    print(
        f"    of which alarms    {alarm_s[0]:6.2f} s  (check_new_readings: SPC over all "
        f"{rows:,} readings, {len(result.alarms)} alarms)"
    )
    print(f"    without alarms     {insert_s:6.2f} s  ({rows / insert_s:,.0f} rows/s)")
    total = parse_s + record_s
    verdict = "within" if total <= 20 else "OVER"
    print(
        f"import total (a)+(b)   {total:6.2f} s  ({verdict} the 20 s target; "
        f"{parse_s + insert_s:.2f} s without the alarm check)"
    )
    stored = Measurement.objects.count() - before
    assert stored == rows == result.count, (stored, rows, result.count)
    del report
    t0 = time.perf_counter()
    series = load_series(parameter)
    print(
        f"    chart series load  {time.perf_counter() - t0:6.2f} s  "
        f"({series.n_readings:,} readings, subgroups {series.subgroups[0]}–"
        f"{series.subgroups[-1]})"
    )
    connection.close()


def drop_foreign_keys(connection) -> None:
    """Diagnostic: the measurement table without foreign-key constraints."""
    from qualift.process.models import Measurement

    table = Measurement._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Off for this connection (the benchmark keeps one); needs no open transaction.
            cursor.execute("PRAGMA foreign_keys = OFF")
            print("diagnostic: SQLite foreign-key enforcement off for this connection")
            return
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        names = [row[0] for row in cursor.fetchall()]
        for name in names:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    print(f"diagnostic: dropped {len(names)} foreign-key constraints of {table}")


def engine_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        return cursor.fetchone()[0]


def make_csv(rows: int) -> bytes:
    """One reading a minute ending a minute ago; values around 10 mm with a shift."""
    import datetime as dt

    import numpy as np

    rng = np.random.default_rng(4)
    values = rng.normal(10.0, 0.05, rows)
    values[rows // 2 :] += 0.02
    start = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=rows + 1)
    minute = dt.timedelta(minutes=1)
    lines = ["taken_at,value,operator,gauge"]
    operators = ("Li Wei", "Wang Fang", "Zhang Min")
    for i in range(rows):
        when = (start + minute * i).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{when},{values[i]:.4f},{operators[i % 3]},G-BENCH")
    return ("\n".join(lines) + "\n").encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bindir() -> str:
    if os.environ.get("PG_BINDIR"):
        return os.environ["PG_BINDIR"]
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
        if Path(out.stdout.strip(), "initdb").exists():
            return out.stdout.strip()
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    for path in reversed(candidates):
        if (path / "initdb").exists():
            return str(path)
    raise SystemExit("no PostgreSQL server binaries found (Debian: apt-get install postgresql)")


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A private cluster as in scripts/test_postgres.sh; yields its URL, then stops and drops it."""
    bindir = pg_bindir()
    as_pg: list[str] = []
    base = None
    if os.getuid() == 0:  # initdb and postgres refuse to run as root
        user = "postgres"
        if subprocess.run(["id", "-u", user], capture_output=True).returncode != 0:
            user = "nobody"
        as_pg = ["runuser", "-u", user, "--"]
        base = "/tmp"  # reachable by the server user
    tmp = tempfile.mkdtemp(prefix="qualift-pg.", dir=base)
    os.chmod(tmp, 0o700)
    if as_pg:
        shutil.chown(tmp, user=as_pg[2])
    data, log = f"{tmp}/data", f"{tmp}/server.log"
    subprocess.run(
        [*as_pg, f"{bindir}/initdb", "-D", data, "-U", "qualift", "--auth=trust",
         "--encoding=UTF8", "--no-locale", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={tmp} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        [*as_pg, f"{bindir}/pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o", options,
         "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        subprocess.run(
            [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "qualift", "bench"],
            check=True,
        )
        version = subprocess.run(
            [f"{bindir}/postgres", "--version"], capture_output=True, text=True
        ).stdout.strip()
        print(f"throwaway cluster: {version} on 127.0.0.1:{port} in {tmp} (fsync off)")
        yield f"postgres://qualift@127.0.0.1:{port}/bench"
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        subprocess.run(
            [*as_pg, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
