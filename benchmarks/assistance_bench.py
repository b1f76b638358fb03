"""Assistance benchmark (issue 6): the program office's plan-progress page and the ranking at
national scale.

    python benchmarks/assistance_bench.py [--entries 20000] [--cbs 200] [--repeat 3]
                                          [--database-url URL]

Builds a throwaway SQLite database in a temp dir (or uses --database-url), bulk-inserts one
program with --entries ledger entries spread over --cbs certification bodies, a plan for two in
three entries and six milestones per plan (a benchmark fixture, not the services' path), then
times, best of --repeat after a warm-up:

- the progress page's first page: rows (25) with overdue counts and next due dates, and the
  total count (what the paginator asks);
- the two charts (mean progress per CB, entries per ledger status) over the whole program;
- `prioritise` + `sensitivity` for 40 scored issues (pure Python, exact fractions).
Prints its figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def setup_django(database_url: str | None) -> str:
    tmp = tempfile.mkdtemp(prefix="qualift-assistance-bench-")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["QUALIFT_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return tmp


def build(entries: int, cbs: int, today: dt.date):
    from django.db import transaction
    from django.utils import timezone

    from qualift.assistance.models import Milestone, Plan
    from qualift.enterprises.models import Enterprise
    from qualift.enterprises.uscc import make_uscc
    from qualift.programs.models import LedgerEntry, Program
    from qualift.tenancy.models import Organization, Region

    rng = random.Random(6)
    region = Region.objects.get(code="330000")
    now = timezone.now()
    with transaction.atomic():
        office = Organization.objects.create(kind="program_office", name="Office", region=region)
        program = Program.objects.create(
            owner=office, name="National", start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31)
        )
        cb_orgs = Organization.objects.bulk_create(
            Organization(kind="certification_body", name=f"CB {i:03d}", region=region)
            for i in range(cbs)
        )
        program.participating_cbs.set(cb_orgs)
        orgs = Organization.objects.bulk_create(
            Organization(kind="enterprise", name=f"Works {i:05d}", region=region)
            for i in range(entries)
        )
        firms = Enterprise.objects.bulk_create(
            Enterprise(
                organization=org,
                name=org.name,
                region=region,
                uscc=make_uscc(f"91330000MA{i:07d}"),
                miit_industry=3,
                employees=20,
                size_miit="small",
            )
            for i, org in enumerate(orgs)
        )
        statuses = ["screened", "diagnosing", "plan_agreed", "assisting", "evaluated"]
        ledger = LedgerEntry.objects.bulk_create(
            LedgerEntry(
                program=program,
                enterprise=firm,
                cb=cb_orgs[i % cbs],
                status=statuses[i % len(statuses)],
                status_changed_at=now,
            )
            for i, firm in enumerate(firms)
        )
        plans = Plan.objects.bulk_create(
            Plan(
                ledger_entry=entry,
                enterprise_id=entry.enterprise_id,
                cb_id=entry.cb_id,
                program=program,
                title="Plan",
                status="agreed",
                progress=rng.choice([0, 17, 33, 50, 67, 83, 100]),
            )
            for i, entry in enumerate(ledger)
            if i % 3
        )
        Milestone.objects.bulk_create(
            Milestone(
                plan=plan,
                enterprise_id=plan.enterprise_id,
                cb_id=plan.cb_id,
                program=program,
                title=f"Milestone {k}",
                due_on=today + dt.timedelta(days=rng.randint(-90, 180)),
                acceptance_criteria="Done.",
                status=rng.choice(["pending", "achieved"]),
            )
            for plan in plans
            for k in range(6)
        )
    return program, office, len(plans)


def issues(n: int = 40):
    from qualift.assistance.choices import SUB_CRITERIA

    rng = random.Random(7)
    return [
        (i, {f: {c: rng.randint(1, 5) for c, _ in subs} for f, subs in SUB_CRITERIA.items()})
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--cbs", type=int, default=200)
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
    from django.utils import timezone

    from qualift.assistance.choices import DEFAULT_WEIGHTS
    from qualift.assistance.prioritise import prioritise, sensitivity
    from qualift.assistance.selectors_workspace import progress_charts, progress_rows
    from qualift.programs.models import LedgerEntry

    today = timezone.localdate()
    t0 = time.perf_counter()
    program, _office, plans = build(args.entries, args.cbs, today)
    print(
        f"fixture: {args.entries:,} entries, {args.cbs} CBs, {plans:,} plans, "
        f"{plans * 6:,} milestones in {time.perf_counter() - t0:.1f} s"
    )
    entries = LedgerEntry.objects.filter(program=program)

    def first_page():
        return list(progress_rows(entries, today)[:25]), entries.count()

    def charts():
        return progress_charts(entries)

    def rank():
        scored = issues()
        return prioritise(scored, DEFAULT_WEIGHTS), sensitivity(scored, DEFAULT_WEIGHTS)

    for label, fn in (
        ("progress page, first 25 rows + count", first_page),
        ("progress charts over the program", charts),
        ("prioritise + sensitivity, 40 issues", rank),
    ):
        seconds, _ = best_of(fn, args.repeat)
        print(f"{label:<42} {seconds * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
