"""The audit trail: append one hash-chained event per service call, and verify the chain.

Each event's hash is sha256(previous hash + canonical JSON of the event). Editing an event breaks
its own hash; deleting one in the middle breaks the sequence and the next event's link; cutting the
tail is caught against the chain head row or an exported anchor (events + head hash).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from qualift.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def jsonable(value: Any) -> Any:
    """Turn model values (Decimal, dates, UUIDs, lazy strings) into plain JSON values."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, as JSON, for before/after records."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, FieldFile):
            value = value.name or ""
        data[field.attname] = value
    for field in instance._meta.many_to_many:
        if fields is not None and field.name not in fields:
            continue
        if instance.pk is not None:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return jsonable(data)


def stored_snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The snapshot of the row as stored, ignoring unsaved changes on `instance` (a ModelForm's
    validation writes the new values onto the instance before the service runs)."""
    fresh = type(instance)._base_manager.get(pk=instance.pk)
    return snapshot(fresh, fields)


def _canonical(event: AuditEvent) -> bytes:
    created = event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    payload = {
        "seq": event.seq,
        "created_at": created,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "organization_id": event.organization_id,
        "enterprise_id": event.enterprise_id,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(event: AuditEvent) -> str:
    digest = hashlib.sha256()
    digest.update(event.prev_hash.encode())
    digest.update(_canonical(event))
    return digest.hexdigest()


@transaction.atomic
def audit_record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    target_label: str = "",
    organization=None,
    enterprise_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain. Call inside the service's transaction."""
    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
        target_label = target_label or str(target)[:255]
    event = AuditEvent(
        seq=head.events + 1,
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "username", "") or "system")[:150],
        organization=organization,
        enterprise_id=enterprise_id,
        verb=verb,
        target_type=target_type,
        target_id=str(target_id or ""),
        target_label=target_label[:255],
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        reason=reason or "",
        prev_hash=head.last_hash,
    )
    event.hash = compute_hash(event)
    event.save()
    head.events = event.seq
    head.last_hash = event.hash
    head.last_event_id = event.pk
    head.save()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head: str
    first_bad: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("reason")
        return data


def audit_enterprise_record(
    actor, verb: str, target: models.Model, before=None, after=None, reason: str = ""
) -> AuditEvent:
    """`audit_record` for a record an enterprise owns (anything with `.enterprise`): the event is
    filed under that enterprise and its organisation."""
    return audit_record(
        actor=actor,
        verb=verb,
        target=target,
        organization=target.enterprise.organization,
        enterprise_id=target.enterprise_id,
        before=before,
        after=after,
        reason=reason,
    )


def verify_chain(anchor: dict | None = None) -> ChainReport:
    """Recompute the whole chain; name the first broken link (by event id)."""
    expected_prev = GENESIS
    count = 0
    hash_at_anchor = None
    anchor_events = int(anchor["events"]) if anchor else None
    rows = AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
    for event in rows:
        if event.seq != count + 1:
            return ChainReport(
                False,
                count,
                expected_prev,
                event.pk,
                f"event(s) missing before position {event.seq}",
            )
        if event.prev_hash != expected_prev:
            return ChainReport(
                False,
                count,
                expected_prev,
                event.pk,
                f"event {event.pk} does not link to the one before it",
            )
        if compute_hash(event) != event.hash:
            return ChainReport(
                False,
                count,
                expected_prev,
                event.pk,
                f"event {event.pk} was changed after it was written",
            )
        count += 1
        expected_prev = event.hash
        if anchor_events is not None and count == anchor_events:
            hash_at_anchor = event.hash
    head_row = AuditChainHead.objects.filter(pk=1).first()
    if head_row is not None and head_row.events > count:
        return ChainReport(
            False,
            count,
            expected_prev,
            None,
            f"chain head records {head_row.events} events, found {count}: the tail was cut",
        )
    if anchor is not None:
        if count < anchor_events:
            return ChainReport(
                False,
                count,
                expected_prev,
                None,
                f"anchor records {anchor_events} events, found {count}: the tail was cut",
            )
        if anchor_events and hash_at_anchor != anchor["head"]:
            bad = AuditEvent.objects.filter(seq=anchor_events).values_list("pk", flat=True).first()
            return ChainReport(
                False,
                count,
                expected_prev,
                bad,
                f"event at position {anchor_events} differs from the anchor",
            )
    return ChainReport(True, count, expected_prev, None, "chain intact")
