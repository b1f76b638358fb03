"""Query counts of the list pages (STYLE: `select_related` / `prefetch_related` on every list)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualift.enterprises.services import enterprise_create
from qualift.enterprises.uscc import make_uscc
from qualift.programs.services import ledger_entry_create

pytestmark = pytest.mark.django_db

LISTS = (
    "organizations",
    "enterprises",
    "engagements",
    "programs",
    "ledger-entries",
    "policies",
    "audit-events",
)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("resource", LISTS)
def test_list_query_count_does_not_grow_with_rows(
    world, api, resource, django_assert_max_num_queries
):
    client = api("po_admin")
    url = f"/api/v1/{resource}/"
    client.get(url)  # warm the persona's scope cache
    with django_assert_max_num_queries(5):
        client.get(url)
    before = _count(client, url)
    for serial in range(10, 16):  # six more enterprises, engagements, entries and events
        enterprise = enterprise_create(
            actor=None,
            data={
                "name": f"Ent extra {serial}",
                "uscc": make_uscc(f"91330000MA{serial:07d}"),
                "region": world.a1.region,
                "miit_industry": 2,
                "employees": 3,
            },
            iaf_codes=list(world.a1.iaf_codes.model.objects.filter(code__in=["17", "19"])),
            acting_org_id=world.cb_a.pk,
        )
        ledger_entry_create(actor=None, program=world.program, enterprise=enterprise, cb=world.cb_a)
    assert _count(client, url) == before
