"""Foundation benchmark: list pages and dashboards at national scale.

Builds a throwaway database (SQLite under a temp dir unless DATABASE_URL is set) with
--cbs certification bodies and --enterprises enterprises on one national program's ledger, then
times the pages a program office and a CB open most. Data is generated with bulk_create (a
benchmark fixture, not an application write path; no audit events).

    python benchmarks/run.py [--enterprises 60000] [--cbs 500] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=60_000)
    parser.add_argument("--cbs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--ncs",
        type=int,
        default=20_000,
        help="nonconformities of one busy enterprise (with 2 actions each)",
    )
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="qualift-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["QUALIFT_VAR_DIR"] = tmp
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    world = seed(args.enterprises, args.cbs)
    print(
        f"seeded {args.enterprises:,} enterprises, {args.cbs} CBs in "
        f"{time.perf_counter() - t0:.1f} s ({os.environ['DATABASE_URL'].split(':')[0]})"
    )
    t1 = time.perf_counter()
    seed_quality(world, args.ncs)
    print(
        f"seeded {args.ncs:,} nonconformities and {2 * args.ncs:,} actions for one enterprise "
        f"in {time.perf_counter() - t1:.1f} s"
    )
    try:
        measure(world, args.repeat)
    finally:
        import shutil

        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)


def seed(n_enterprises: int, n_cbs: int) -> dict:
    import datetime as dt
    import random

    from django.db import transaction
    from django.utils import timezone

    from qualift.enterprises.models import Engagement, Enterprise
    from qualift.enterprises.uscc import make_uscc
    from qualift.programs.models import LedgerEntry, Program
    from qualift.tenancy.models import Membership, Organization, Region, User

    rng = random.Random(7)
    regions = list(Region.objects.all())
    statuses = ["screened", "diagnosing", "plan_agreed", "assisting", "evaluated", "closed"]
    with transaction.atomic():
        office = Organization.objects.create(kind="program_office", name="National office")
        cbs = Organization.objects.bulk_create(
            [Organization(kind="certification_body", name=f"CB {i:03d}") for i in range(n_cbs)]
        )
        orgs = Organization.objects.bulk_create(
            [
                Organization(
                    kind="enterprise", name=f"Enterprise {i:06d}", region=regions[i % len(regions)]
                )
                for i in range(n_enterprises)
            ],
            batch_size=2000,
        )
        enterprises = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    organization=o,
                    name=o.name,
                    region=o.region,
                    uscc=make_uscc(f"91{o.region.code}MA{i:07d}"),
                    miit_industry=rng.randint(1, 16),
                    employees=rng.randint(3, 200),
                    size_miit=rng.choice(["micro", "small"]),
                )
                for i, o in enumerate(orgs)
            ],
            batch_size=2000,
        )
        today = dt.date(2026, 1, 1)
        Engagement.objects.bulk_create(
            [
                Engagement(cb=cbs[i % n_cbs], enterprise=e, kind="assistance", start=today)
                for i, e in enumerate(enterprises)
            ],
            batch_size=2000,
        )
        program = Program.objects.create(
            owner=office, name="National action", start=today, end=dt.date(2028, 12, 31)
        )
        program.participating_cbs.set(cbs)
        now = timezone.now()
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    program=program,
                    enterprise=e,
                    cb=cbs[i % n_cbs],
                    status=statuses[i % 6],
                    status_changed_at=now,
                )
                for i, e in enumerate(enterprises)
            ],
            batch_size=2000,
        )
        po = User.objects.create_user("bench_po", password="x")
        cb = User.objects.create_user("bench_cb", password="x")
        Membership.objects.create(user=po, organization=office, role="program_admin")
        Membership.objects.create(user=cb, organization=cbs[0], role="cb_admin")
    return {"po": po, "cb": cb, "program": program, "enterprise": enterprises[0]}


def seed_quality(world: dict, n: int) -> None:
    import datetime as dt
    import random

    from django.db import transaction
    from django.utils import timezone

    from qualift.improvement.models import CorrectiveAction, Nonconformity
    from qualift.standards.models import Clause
    from qualift.tenancy.models import Membership, User

    rng = random.Random(11)
    enterprise = world["enterprise"]
    clauses = list(Clause.objects.all())
    today = timezone.localdate()
    causes = ["people", "machine", "material", "method", "environment", "measurement"]
    statuses = ["draft", "analysing", "implementing", "verifying", "closed", "closed", "closed"]
    with transaction.atomic():
        ncs = Nonconformity.objects.bulk_create(
            [
                Nonconformity(
                    enterprise=enterprise,
                    number=f"NC-B-{i:06d}",
                    title=f"Bench NC {i}",
                    description="bench",
                    source="inspection",
                    process_name=f"Process {i % 12}",
                    clause=rng.choice(clauses),
                    detected_on=today - dt.timedelta(days=rng.randint(0, 700)),
                    status=rng.choice(statuses),
                    root_cause_category=rng.choice(causes),
                    closed_at=timezone.now(),
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
        CorrectiveAction.objects.bulk_create(
            [
                CorrectiveAction(
                    enterprise=enterprise,
                    nonconformity=nc,
                    kind="corrective",
                    title="bench",
                    owner_name="Bench",
                    due_on=today - dt.timedelta(days=rng.randint(-60, 400)),
                    status=rng.choice(["open", "in_progress", "done", "done"]),
                )
                for nc in ncs
                for _ in range(2)
            ],
            batch_size=2000,
        )
        steward = User.objects.create_user("bench_steward", password="x")
        Membership.objects.create(
            user=steward, organization=enterprise.organization, role="quality_steward"
        )
    world["steward"] = steward


def measure(world: dict, repeat: int) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = [
        ("program office: home dashboard", "po", "/"),
        ("program office: enterprise list, page 1", "po", "/enterprises/"),
        ("program office: enterprise list, page 400", "po", "/enterprises/?page=400"),
        ("program office: enterprise search", "po", "/enterprises/?q=Enterprise%200420"),
        ("program office: program ledger (60k entries)", "po", f"/programs/{world['program'].pk}/"),
        (
            "program office: ledger filtered by status",
            "po",
            f"/programs/{world['program'].pk}/?status=assisting",
        ),
        ("CB admin: home dashboard", "cb", "/"),
        ("CB admin: enterprise list", "cb", "/enterprises/"),
        ("CB admin: program ledger", "cb", f"/programs/{world['program'].pk}/"),
        ("steward: quality overview", "steward", f"/quality/e/{world['enterprise'].pk}/"),
        (
            "steward: NC register, page 1",
            "steward",
            f"/quality/e/{world['enterprise'].pk}/nonconformities/",
        ),
        (
            "steward: NC register, open only",
            "steward",
            f"/quality/e/{world['enterprise'].pk}/nonconformities/?status=open",
        ),
        (
            "steward: action list, overdue",
            "steward",
            f"/quality/e/{world['enterprise'].pk}/actions/?status=overdue",
        ),
        (
            "steward: analysis (Pareto x4, 12-month trend)",
            "steward",
            f"/quality/e/{world['enterprise'].pk}/analysis/",
        ),
        (
            "CB admin: client's NC register",
            "cb",
            f"/quality/e/{world['enterprise'].pk}/nonconformities/",
        ),
    ]
    print(f"\n{'page':<48} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for label, who, url in pages:
        client = Client()
        client.force_login(world[who])
        client.get(url)  # warm-up
        times = []
        for _ in range(repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<48} {statistics.median(times):>10.1f} {max(times):>8.1f} "
            f"{len(ctx.captured_queries):>8}"
        )


if __name__ == "__main__":
    main()
