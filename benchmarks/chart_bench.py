"""Chart-load benchmark (issue 4 §7): one parameter's 10⁶ readings to the browser's chart data.

    python benchmarks/chart_bench.py [--readings 1000000] [--repeat 3] [--database-url URL]

Builds a throwaway SQLite database in a temp dir (or uses --database-url, e.g. a PostgreSQL
database made by `pg_virtualenv`), stores --readings I-MR readings (Nelson rules 1-8, a shift
and a trend mixed in, limits frozen from the first 1,000 points) with a raw bulk insert (a
benchmark fixture, not the application's ingestion path), then times, best of --repeat after a
warm-up:

- load_series: the readings into numpy (the one raw query of series.py);
- analyze_parameter on the loaded series (engine, rules, capability);
- chart_payload: display arrays, downsampling to ≤ 5,000 points, the taken_at query;
- JSON encoding of the payload;
- the whole chart load (what GET …/chart/data/ does): load + analyse + payload + JSON;
- check_new_readings after one more reading (what every reading entry pays), and
- the fastload alternative (qualift/process/fastload.py) when present.
Prints its figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up: caches, page faults, imports
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def synthetic(n: int, seed: int = 11) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(25.0, 0.05, n)
    x[n // 2 : n // 2 + n // 200] += 0.06  # a shift
    x[n // 3 : n // 3 + 2000] += np.linspace(0.0, 0.15, min(2000, n - n // 3))  # a trend
    return np.round(x, 4)


def setup_django(database_url: str | None) -> str:
    tmp = tempfile.mkdtemp(prefix="qualift-chart-bench-")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["QUALIFT_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return tmp


def make_enterprise():
    from qualift.enterprises.models import Enterprise
    from qualift.enterprises.uscc import make_uscc
    from qualift.tenancy.models import Organization, Region

    region = Region.objects.first()
    org = Organization.objects.create(kind="enterprise", name="Bench works", region=region)
    return Enterprise.objects.create(
        organization=org,
        name=org.name,
        region=region,
        uscc=make_uscc(f"91{region.code}MA0000001"),
        miit_industry=3,
        employees=40,
        size_miit="small",
    )


def store_readings(parameter, values: np.ndarray) -> None:
    """Raw bulk insert of the readings (COPY on PostgreSQL, executemany on SQLite)."""
    from django.db import connection, transaction

    from qualift.process.models import Measurement, Parameter

    table = Measurement._meta.db_table
    cols = (
        "enterprise_id, parameter_id, taken_at, subgroup, value, operator_name, gauge_overdue, note"
    )
    e, p = parameter.enterprise_id, parameter.pk
    n = values.size
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for i, v in enumerate(values.tolist()):
                    copy.write_row((e, p, T0 + dt.timedelta(minutes=i), i + 1, v, "", False, ""))
        else:
            rows = (
                (
                    e,
                    p,
                    (T0 + dt.timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S"),
                    i + 1,
                    v,
                    "",
                    False,
                    "",
                )
                for i, v in enumerate(values.tolist())
            )
            cursor.executemany(
                f"INSERT INTO {table} ({cols}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows
            )
    Parameter.objects.filter(pk=p).update(next_subgroup=n + 1)
    parameter.next_subgroup = n + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readings", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="e.g. postgresql://… (default SQLite)")
    args = parser.parse_args()
    tmp = setup_django(args.database_url)
    try:
        run(args)
    finally:
        import shutil

        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)


def run(args) -> None:
    from django.db import connection

    from qualift.process.charting import chart_payload, parameter_chart_payload
    from qualift.process.models import Alarm
    from qualift.process.series import analyze_parameter, load_series
    from qualift.process.services.alarms import check_new_readings
    from qualift.process.services.limits import freeze_limits
    from qualift.process.testing import add_readings, make_parameter

    parameter = make_parameter(make_enterprise(), rules="nelson", lsl=24.7, usl=25.3)
    values = synthetic(args.readings)
    t0 = time.perf_counter()
    store_readings(parameter, values)
    print(
        f"stored {args.readings:,} readings in {time.perf_counter() - t0:.1f} s "
        f"({connection.vendor}, raw bulk insert)"
    )
    freeze_limits(actor=None, parameter=parameter, first_subgroup=1, last_subgroup=1000, reason="b")

    def show(label: str, seconds: float, note: str = "") -> None:
        print(f"  {label:<46} {seconds:7.3f} s{note}")

    print(f"Chart load of one I-MR parameter, {args.readings:,} readings, Nelson 1-8")
    t_load, series = best_of(lambda: load_series(parameter), args.repeat)
    show("load_series", t_load)
    t_an, analysis = best_of(lambda: analyze_parameter(parameter, series=series), args.repeat)
    show("analyze_parameter (series loaded)", t_an)
    t_pay, payload = best_of(lambda: chart_payload(analysis), args.repeat)
    show(
        "chart_payload (≤ 5,000 points + taken_at)",
        t_pay,
        f"   ({payload['n_shown']:,} shown of {payload['n_points']:,};"
        f" {payload['n_flagged']:,} flagged)",
    )
    t_json, body = best_of(lambda: json.dumps(payload), args.repeat)
    show("JSON encoding", t_json, f"   ({len(body) / 1e6:.2f} MB)")
    t_all, _ = best_of(lambda: json.dumps(parameter_chart_payload(parameter)), args.repeat)
    show("whole chart load (load+analyse+payload+JSON)", t_all, "   (target <= 1 s)")
    try:
        from qualift.process import fastload
    except ImportError:
        fastload = None
    if fastload is not None:
        t_fast, _ = best_of(
            lambda: fastload.load_rows(parameter.pk, ("subgroup", "value"), None), args.repeat
        )
        show("fastload.load_rows (subgroup, value)", t_fast)

    def one_more():
        first = parameter.next_subgroup
        add_readings(parameter, [25.0], start=T0, step=dt.timedelta(minutes=1))
        check_new_readings(actor=None, parameter=parameter, first_subgroup=first)

    t_check, _ = best_of(one_more, args.repeat)
    show("one reading + check_new_readings", t_check)
    print(f"  alarms open after the run: {Alarm.objects.filter(parameter=parameter).count():,}")


if __name__ == "__main__":
    main()
