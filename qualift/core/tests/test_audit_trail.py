"""The audit trail is hash-chained: edits, deletions and a cut tail are detected."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection

from qualift.core.audit import GENESIS, audit_record, verify_chain
from qualift.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _write(n: int) -> list[AuditEvent]:
    return [
        audit_record(
            actor=None,
            verb="test.event",
            target_type="test",
            target_id=i,
            target_label=f"event {i}",
            after={"i": i, "amount": "1.50"},
        )
        for i in range(n)
    ]


def _sql(statement: str, params: list) -> None:
    # Tampering happens behind the application's back, as an attacker with database access would.
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), params)


def test_empty_chain_is_ok():
    report = verify_chain()
    assert report.ok and report.events == 0 and report.head == GENESIS


def test_intact_chain_verifies_and_links():
    events = _write(5)
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    report = verify_chain()
    assert report.ok and report.events == 5 and report.head == events[-1].hash


def test_edited_event_is_named():
    events = _write(4)
    _sql("UPDATE {table} SET target_label = %s WHERE id = %s", ["forged", events[2].pk])
    report = verify_chain()
    assert not report.ok and report.first_bad == events[2].pk


def test_edited_json_payload_is_detected():
    events = _write(3)
    _sql("UPDATE {table} SET after = %s WHERE id = %s", [json.dumps({"i": 99}), events[1].pk])
    assert verify_chain().first_bad == events[1].pk


def test_deleted_event_in_the_middle_is_detected():
    events = _write(5)
    _sql("DELETE FROM {table} WHERE id = %s", [events[2].pk])
    report = verify_chain()
    assert not report.ok and report.first_bad == events[3].pk


def test_cut_tail_is_detected_against_the_anchor():
    events = _write(5)
    anchor = verify_chain().to_dict()
    _sql("DELETE FROM {table} WHERE id >= %s", [events[3].pk])
    AuditChainHead.objects.filter(pk=1).update(events=3, last_hash=events[2].hash)
    assert verify_chain().ok  # head row rewritten too: only the anchor can tell
    report = verify_chain(anchor)
    assert not report.ok and report.events == 3


def test_cut_tail_is_detected_against_the_head_row():
    events = _write(4)
    _sql("DELETE FROM {table} WHERE id = %s", [events[3].pk])
    assert not verify_chain().ok


def test_app_cannot_update_or_delete_events():
    event = _write(1)[0]
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(verb="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_cli_json_exit_codes(tmp_path, capsys):
    events = _write(3)
    call_command("verify_audit_trail", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out == {"ok": True, "events": 3, "head": events[-1].hash, "first_bad": None}
    anchor = tmp_path / "anchor.json"
    anchor.write_text(json.dumps(out))
    _sql("UPDATE {table} SET reason = %s WHERE id = %s", ["tampered", events[0].pk])
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit_trail", "--json", "--anchor", str(anchor))
    assert exit_info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["first_bad"] == events[0].pk
