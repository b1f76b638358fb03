"""The program ledger: adding enterprises, status moves with history, counts per status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualift.core.models import AuditEvent
from qualift.programs.choices import allowed_moves
from qualift.programs.models import LedgerEntry, LedgerMove

pytestmark = pytest.mark.django_db


def test_allowed_moves_follow_the_flow():
    assert allowed_moves("screened") == ("diagnosing", "closed")
    assert allowed_moves("assisting") == ("evaluated", "plan_agreed", "closed")
    assert allowed_moves("evaluated") == ("closed", "assisting")
    assert allowed_moves("closed") == ()


def test_cb_expert_moves_an_entry_forward_with_history_and_audit(world):
    entry = world.entry(world.a1)
    client = world.client("cba_expert")
    response = client.post(
        reverse("programs:entry-move", args=[entry.pk]), {"to_status": "diagnosing"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "diagnosing"
    move = LedgerMove.objects.filter(entry=entry).latest("id")
    assert (move.from_status, move.to_status, move.moved_by) == (
        "screened",
        "diagnosing",
        world.users["cba_expert"],
    )
    event = AuditEvent.objects.filter(verb="ledger.move").latest("seq")
    assert event.before["status"] == "screened" and event.after["status"] == "diagnosing"
    assert event.organization == world.cb_a


def test_skipping_a_step_is_refused_and_nothing_changes(world):
    entry = world.entry(world.a1)
    events = AuditEvent.objects.count()
    response = world.client("po_admin").post(
        reverse("programs:entry-move", args=[entry.pk]),
        {"to_status": "assisting"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Cannot move" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "screened" and AuditEvent.objects.count() == events


def test_closing_early_needs_a_note(world):
    entry = world.entry(world.a2)
    url = reverse("programs:entry-move", args=[entry.pk])
    client = world.client("po_admin")
    client.post(url, {"to_status": "closed"})
    entry.refresh_from_db()
    assert entry.status == "screened"
    client.post(url, {"to_status": "closed", "note": "Enterprise withdrew"})
    entry.refresh_from_db()
    assert entry.status == "closed"
    assert LedgerMove.objects.filter(entry=entry, note="Enterprise withdrew").exists()


def test_htmx_move_returns_the_row(world):
    entry = world.entry(world.b1)
    response = world.client("cbb_admin").post(
        reverse("programs:entry-move", args=[entry.pk]),
        {"to_status": "diagnosing"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("<tr") and "Diagnosing" in body


def test_program_page_counts_entries_per_status_in_scope(world, django_assert_max_num_queries):
    client = world.client("po_admin")
    with django_assert_max_num_queries(12):
        body = client.get(
            reverse("programs:program-detail", args=[world.program.pk])
        ).content.decode()
    assert 'data-values="3|0|0|0|0|0"' in body
    cb_view = (
        world.client("cba_admin")
        .get(reverse("programs:program-detail", args=[world.program.pk]))
        .content.decode()
    )
    assert 'data-values="2|0|0|0|0|0"' in cb_view  # CB A sees only its own two entries
    assert "CANARY-B1" not in cb_view


def test_program_admin_adds_enterprise_for_a_participating_cb(world):
    from qualift.enterprises.services import enterprise_create
    from qualift.enterprises.uscc import make_uscc
    from qualift.tenancy.models import Region

    extra = enterprise_create(
        actor=None,
        acting_org_id=world.office.pk,
        data={
            "name": "Ent extra",
            "uscc": make_uscc("91330000MA0000099"),
            "region": Region.objects.get(code="330000"),
            "miit_industry": 16,
            "employees": 4,
        },
    )
    client = world.client("po_admin")
    url = reverse("programs:entry-create", args=[world.program.pk])
    response = client.post(url, {"enterprise": extra.pk, "cb": world.cb_b.pk})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(program=world.program, enterprise=extra)
    assert entry.cb == world.cb_b and entry.status == "screened"
    again = client.post(url, {"enterprise": extra.pk, "cb": world.cb_b.pk})
    assert again.status_code == 200  # no longer offered: already on the ledger


def test_cb_cannot_add_entries_for_another_cb(world):
    response = world.client("cba_admin").post(
        reverse("programs:entry-create", args=[world.program.pk]),
        {"enterprise": world.a1.pk, "cb": world.cb_b.pk},
    )
    assert response.status_code == 200 and LedgerEntry.objects.count() == 3


def test_program_admin_creates_program_with_validation(world):
    client = world.client("po_admin")
    url = reverse("programs:program-create")
    bad = client.post(
        url,
        {
            "name": "P",
            "start": "2026-05-01",
            "end": "2026-01-01",
            "target_enterprises": 5,
            "target_person_trainings": 0,
        },
    )
    assert "cannot be before" in bad.content.decode()
    ok = client.post(
        url,
        {
            "name": "2026 action",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "target_enterprises": 5,
            "target_person_trainings": 100,
            "participating_cbs": [world.cb_a.pk],
        },
    )
    assert ok.status_code == 302
    assert AuditEvent.objects.filter(verb="program.create", organization=world.office).count() == 2


def test_policy_register_and_edit(world):
    client = world.client("po_admin")
    response = client.post(
        reverse("programs:policy-create"),
        {
            "title": "认证补贴",
            "region": world.program.regions.first().pk,
            "kind": "subsidy",
            "valid_from": "2026-01-01",
            "valid_to": "2025-01-01",
            "link": "https://example.org",
        },
    )
    assert response.status_code == 200 and "cannot be before" in response.content.decode()
    listing = world.client("b1_admin").get(reverse("programs:policy-list")).content.decode()
    assert "Subsidy policy one" in listing and "Award policy two" in listing
