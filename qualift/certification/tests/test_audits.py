"""Audit planning services (qualift.certification.services.audits): update, team, schedule,
send the plan, cancel — rules, refusals and the audit events written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import tests.test_permission_matrix  # noqa: F401  (before _certification: circular import)
from qualift.assistance.models import Involvement
from qualift.certification.models import AuditorCode, AuditorProfile, ScheduleItem
from qualift.certification.services import audits as services
from qualift.core.models import AuditEvent
from qualift.enterprises.models import IafCode
from qualift.standards.models import ChecklistTemplate
from tests.matrix_rows._certification import world_audits

pytestmark = pytest.mark.django_db

NINE = dt.time(9, 0)
NOON = dt.time(12, 0)


@pytest.fixture
def audit(world):
    """a1's stage 2, 2025-03-03..04, led by cba_auditor1 (registered for IAF 17, the scope)."""
    audit = world_audits(world)["a1"]
    audit.cycle.iaf_codes.set([IafCode.objects.get(code="17")])
    profile = AuditorProfile.objects.create(
        cb=world.cb_a, user=world.users["cba_auditor1"], grade="auditor"
    )
    AuditorCode.objects.create(
        profile=profile,
        cb=world.cb_a,
        iaf_code=IafCode.objects.get(code="17"),
        valid_from=dt.date(2024, 1, 1),
    )
    return audit


def _line(world, audit, **extra):
    data = {
        "day": dt.date(2025, 3, 3),
        "starts_at": NINE,
        "ends_at": NOON,
        "activity": "Opening meeting; clause 4",
        "auditor": world.users["cba_auditor1"],
        **extra,
    }
    return services.schedule_save(actor=world.users["cba_auditor1"], audit=audit, data=data)


def _events(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def test_auditor_updates_dates_and_objectives(world, audit):
    services.audit_update(
        actor=world.users["cba_auditor2"],
        audit=audit,
        data={"start_on": dt.date(2025, 3, 5), "end_on": dt.date(2025, 3, 6), "objectives": "X"},
        sites=[world.a1.sites.get(is_main=True)],
    )
    audit.refresh_from_db()
    assert (audit.start_on, audit.end_on, audit.objectives) == (
        dt.date(2025, 3, 5),
        dt.date(2025, 3, 6),
        "X",
    )
    assert audit.sites.count() == 1
    assert _events("audit.update") == 1


def test_update_refuses_end_before_start_and_internal_template(world, audit):
    internal = ChecklistTemplate.objects.create(
        name_en="Internal only", name_zh="内审", purpose="internal"
    )
    with pytest.raises(ValidationError) as exc:
        services.audit_update(
            actor=world.users["cba_admin"],
            audit=audit,
            data={
                "start_on": dt.date(2025, 3, 6),
                "end_on": dt.date(2025, 3, 5),
                "template": internal,
            },
        )
    assert set(exc.value.message_dict) == {"end_on", "template"}
    audit.refresh_from_db()
    assert audit.start_on == dt.date(2025, 3, 3)


def test_update_refuses_another_enterprises_site(world, audit):
    with pytest.raises(ValidationError) as exc:
        services.audit_update(
            actor=world.users["cba_admin"],
            audit=audit,
            data={},
            sites=[world.a2.sites.get(is_main=True)],
        )
    assert "sites" in exc.value.message_dict


def test_client_may_not_plan(world, audit):
    with pytest.raises(PermissionDenied):
        services.audit_update(actor=world.users["a1_admin"], audit=audit, data={"objectives": "x"})
    with pytest.raises(PermissionDenied):
        services.team_add(
            actor=world.users["cbb_admin"],
            audit=audit,
            user=world.users["cba_auditor2"],
            role="auditor",
            days=1,
        )


def test_team_add_records_member_and_event(world, audit):
    member = services.team_add(
        actor=world.users["cba_admin"],
        audit=audit,
        user=world.users["cba_auditor2"],
        role="auditor",
        days="1.5",
    )
    assert member.days == Decimal("1.5") and member.enterprise_id == world.a1.pk
    assert member.cb_id == world.cb_a.pk
    assert _events("audit.team_add") == 1


def test_team_add_refuses_people_outside_the_certifying_cb(world, audit):
    for username in ("cba_expert", "cbb_admin", "a1_admin"):
        with pytest.raises(ValidationError) as exc:
            services.team_add(
                actor=world.users["cba_admin"],
                audit=audit,
                user=world.users[username],
                role="auditor",
                days=1,
            )
        assert "user" in exc.value.message_dict


def test_team_add_refuses_impartiality_conflict_with_the_reason(world, audit):
    Involvement.objects.create(
        person=world.users["cba_auditor2"],
        enterprise=world.a1,
        cb=world.cb_a,
        day=dt.date(2024, 9, 1),
        source="diagnosis",
        source_id=1,
    )
    with pytest.raises(ValidationError) as exc:
        services.team_add(
            actor=world.users["cba_admin"],
            audit=audit,
            user=world.users["cba_auditor2"],
            role="auditor",
            days=1,
        )
    (message,) = exc.value.message_dict["user"]
    assert "2024-09-01" in message and "two years" in message
    assert audit.team.count() == 1


def test_team_add_refuses_a_second_leader_duplicates_and_bad_days(world, audit):
    cases = [
        ("cba_auditor2", "leader", 1, "role"),
        ("cba_auditor1", "auditor", 1, "user"),
        ("cba_auditor2", "auditor", "1.25", "days"),
        ("cba_auditor2", "auditor", -1, "days"),
        ("cba_auditor2", "boss", 1, "role"),
    ]
    for username, role, days, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.team_add(
                actor=world.users["cba_admin"],
                audit=audit,
                user=world.users[username],
                role=role,
                days=days,
            )
        assert field in exc.value.message_dict, (username, role, days)


def test_team_remove_refused_while_scheduled_then_allowed(world, audit):
    member = audit.team.get()
    line = _line(world, audit)
    with pytest.raises(ValidationError):
        services.team_remove(actor=world.users["cba_admin"], member=member)
    services.schedule_delete(actor=world.users["cba_admin"], item=line)
    services.team_remove(actor=world.users["cba_admin"], member=member)
    assert audit.team.count() == 0
    assert _events("audit.team_remove") == 1 and _events("audit.schedule_delete") == 1


def test_schedule_line_saved_and_edited(world, audit):
    line = _line(world, audit, clauses="4, 5")
    assert (line.enterprise_id, line.cb_id) == (world.a1.pk, world.cb_a.pk)
    services.schedule_save(
        actor=world.users["cba_admin"], audit=audit, item=line, data={"ends_at": dt.time(13, 0)}
    )
    line.refresh_from_db()
    assert line.ends_at == dt.time(13, 0) and line.clauses == "4, 5"
    assert _events("audit.schedule_add") == 1 and _events("audit.schedule_update") == 1


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"day": dt.date(2025, 3, 5)}, "day"),  # after the last day
        ({"day": dt.date(2025, 3, 2)}, "day"),  # before the first day
        ({"ends_at": NINE}, "ends_at"),  # not after the start
        ({"activity": "  "}, "activity"),
        ({"auditor": "cba_auditor2"}, "auditor"),  # not on the team
    ],
)
def test_schedule_validation(world, audit, extra, field):
    if extra.get("auditor"):
        extra = {"auditor": world.users[extra["auditor"]]}
    with pytest.raises(ValidationError) as exc:
        _line(world, audit, **extra)
    assert field in exc.value.message_dict
    assert not ScheduleItem.objects.filter(audit=audit).exists()


def test_schedule_needs_audit_dates(world, audit):
    audit.start_on = audit.end_on = None
    audit.save()
    with pytest.raises(ValidationError) as exc:
        _line(world, audit)
    assert "day" in exc.value.message_dict


def test_send_plan_guards_then_sends_and_resends(world, audit):
    actor = world.users["cba_auditor1"]
    with pytest.raises(ValidationError) as exc:
        services.audit_send_plan(actor=actor, audit=audit)
    assert len(exc.value.messages) == 2  # no audit time, no schedule
    audit.planned_days = Decimal("2")
    audit.save()
    _line(world, audit)
    services.audit_send_plan(actor=actor, audit=audit)
    audit.refresh_from_db()
    first = audit.plan_sent_at
    assert audit.status == "plan_sent" and audit.plan_sent_by == actor and first
    # A sent plan may change and be sent again.
    services.audit_update(actor=actor, audit=audit, data={"objectives": "Revised"})
    services.audit_send_plan(actor=actor, audit=audit)
    audit.refresh_from_db()
    assert audit.plan_sent_at >= first and _events("audit.send_plan") == 2


def test_send_plan_refused_with_a_blocking_team_problem(world, audit):
    audit.planned_days = Decimal("2")
    audit.save()
    _line(world, audit)
    audit.cycle.iaf_codes.add(IafCode.objects.get(code="19"))
    with pytest.raises(ValidationError) as exc:
        services.audit_send_plan(actor=world.users["cba_admin"], audit=audit)
    assert any("19" in m for m in exc.value.messages)
    audit.refresh_from_db()
    assert audit.status == "planned" and audit.plan_sent_at is None


def test_cancel_needs_a_reason_and_ends_planning(world, audit):
    with pytest.raises(ValidationError):
        services.audit_cancel(actor=world.users["cba_admin"], audit=audit, reason=" ")
    services.audit_cancel(actor=world.users["cba_admin"], audit=audit, reason="Client moved")
    audit.refresh_from_db()
    assert audit.status == "cancelled" and audit.cancel_reason == "Client moved"
    with pytest.raises(ValidationError):
        services.audit_cancel(actor=world.users["cba_admin"], audit=audit, reason="again")
    with pytest.raises(ValidationError):
        _line(world, audit)
    with pytest.raises(ValidationError):
        services.audit_update(actor=world.users["cba_admin"], audit=audit, data={"criteria": "y"})
