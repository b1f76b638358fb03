"""The daily sweep (services/sweep.py), proposals (services/proposals.py) and the CLI.
Limits come from the iso17021 rule set: suspension 6 months, stage 2 repeat 6 months."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualift.certification.models import (
    Audit,
    Certificate,
    CertificationCycle,
    Finding,
    SuspensionProposal,
)
from qualift.certification.services.cycles import programme_refresh
from qualift.certification.services.proposals import proposal_decide
from qualift.certification.services.sweep import certification_sweep
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Engagement
from qualift.standards.models import Clause

D = dt.date
pytestmark = pytest.mark.django_db


def _cycle(world):
    """A1's cycle with CB A: stage 1 and stage 2 held 2025-03-03..04 (test data)."""
    from qualift.certification.services.cycles import cycle_create

    cycle = cycle_create(
        actor=None,
        engagement=Engagement.objects.get(cb=world.cb_a, enterprise=world.a1, kind="certification"),
        data={"applied_on": D(2025, 2, 1), "scope_text": "Machining", "employees": 12},
    )
    Audit.objects.filter(cycle=cycle).update(start_on=D(2025, 3, 3), end_on=D(2025, 3, 4))
    return cycle


def _certified(world, key="a1"):
    cycle = _cycle(world)
    CertificationCycle.objects.filter(pk=cycle.pk).update(
        status="certified",
        decision_on=D(2025, 3, 10),
        issued_on=D(2025, 3, 10),
        expires_on=D(2028, 3, 9),
    )
    cycle.refresh_from_db()
    Audit.objects.filter(cycle=cycle).update(status="completed")
    programme_refresh(cycle)
    certificate = Certificate.objects.create(
        enterprise=cycle.enterprise,
        cb=cycle.cb,
        cycle=cycle,
        number=f"QMS-T-{key}",
        holder=cycle.enterprise.name,
        scope_text=cycle.scope_text,
        first_issued_on=D(2025, 3, 10),
        issued_on=D(2025, 3, 10),
        expires_on=D(2028, 3, 9),
        status_since=D(2025, 3, 10),
    )
    return cycle, certificate


def test_sweep_proposes_suspension_for_an_overdue_surveillance_once(world):
    cycle, certificate = _certified(world)
    assert certification_sweep(D(2026, 3, 9)) == {"expired": 0, "proposals": 0}  # due today
    assert certification_sweep(D(2026, 3, 10)) == {"expired": 0, "proposals": 1}
    proposal = SuspensionProposal.objects.get()
    assert proposal.kind == "suspend"
    assert proposal.certificate == certificate
    assert proposal.audit == cycle.audits.get(kind="surveillance", sequence=1)
    assert "2026-03-09" in proposal.reason
    assert certification_sweep(D(2026, 3, 11)) == {"expired": 0, "proposals": 0}
    assert AuditEvent.objects.filter(verb="proposal.raise").count() == 1


def test_sweep_limits_itself_to_the_cbs_asked(world):
    _certified(world)
    assert certification_sweep(D(2026, 3, 10), cb_ids=[world.cb_b.pk])["proposals"] == 0
    assert certification_sweep(D(2026, 3, 10), cb_ids=[world.cb_a.pk])["proposals"] == 1


def test_sweep_expires_certificates_past_expiry(world):
    _, certificate = _certified(world)
    Audit.objects.filter(cycle=certificate.cycle, kind="surveillance").update(status="completed")
    assert certification_sweep(D(2028, 3, 9))["expired"] == 0
    assert certification_sweep(D(2028, 3, 10))["expired"] == 1
    certificate.refresh_from_db()
    assert certificate.status == "expired"
    assert certification_sweep(D(2028, 3, 11))["expired"] == 0


def test_sweep_proposes_withdrawal_when_a_suspension_lapses(world):
    _, certificate = _certified(world)
    Certificate.objects.filter(pk=certificate.pk).update(
        status="suspended", status_since=D(2026, 4, 1)
    )
    Audit.objects.filter(cycle=certificate.cycle, kind="surveillance").update(status="completed")
    # 2026-04-01 + 6 months = 2026-10-01: still within the limit on that day.
    assert certification_sweep(D(2026, 10, 1))["proposals"] == 0
    assert certification_sweep(D(2026, 10, 2))["proposals"] == 1
    assert SuspensionProposal.objects.get().kind == "withdraw"
    assert certification_sweep(D(2026, 10, 3))["proposals"] == 0


def test_sweep_proposes_repeating_stage2_for_a_stale_major(world):
    cycle = _cycle(world)
    stage2 = cycle.audits.get(kind="stage2")  # last day 2025-03-04
    Finding.objects.create(
        enterprise=cycle.enterprise,
        cb=cycle.cb,
        audit=stage2,
        number="C-a1-S2-01",
        grade="major",
        clause=Clause.objects.first(),
        statement="No calibration records",
        evidence="Gauge G-12",
        status="accepted",
        raised_on=D(2025, 3, 4),
    )
    assert certification_sweep(D(2025, 9, 4))["proposals"] == 0
    assert certification_sweep(D(2025, 9, 5))["proposals"] == 1
    proposal = SuspensionProposal.objects.get()
    assert (proposal.kind, proposal.audit) == ("repeat_stage2", stage2)
    assert certification_sweep(D(2025, 9, 6))["proposals"] == 0
    proposal_decide(
        actor=world.users["cba_admin"], proposal=proposal, accept=True, note="", today=D(2025, 9, 6)
    )
    assert cycle.audits.filter(kind="stage2").count() == 2


def test_cb_admin_accepts_a_suspension_proposal(world):
    _, certificate = _certified(world)
    certification_sweep(D(2026, 3, 10))
    proposal = SuspensionProposal.objects.get()
    proposal_decide(
        actor=world.users["cba_admin"],
        proposal=proposal,
        accept=True,
        note="Client did not answer",
        today=D(2026, 3, 12),
    )
    certificate.refresh_from_db()
    proposal.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("suspended", "refused_surveillance")
    assert (proposal.status, proposal.decided_on) == ("accepted", D(2026, 3, 12))
    with pytest.raises(ValidationError):  # already decided
        proposal_decide(actor=world.users["cba_admin"], proposal=proposal, accept=False, note="x")


def test_cb_admin_dismisses_only_with_a_note(world):
    _certified(world)
    certification_sweep(D(2026, 3, 10))
    proposal = SuspensionProposal.objects.get()
    with pytest.raises(ValidationError) as exc:
        proposal_decide(actor=world.users["cba_admin"], proposal=proposal, accept=False, note="")
    assert "note" in exc.value.message_dict
    proposal_decide(
        actor=world.users["cba_admin"], proposal=proposal, accept=False, note="Audit on 03-20"
    )
    proposal.refresh_from_db()
    assert proposal.status == "dismissed"
    assert proposal.certificate.status == "valid"
    assert AuditEvent.objects.filter(verb="proposal.dismiss").count() == 1
    # A dismissed proposal is the admin's decision: the sweep does not raise it again.
    assert certification_sweep(D(2026, 3, 21))["proposals"] == 0


def test_auditor_cannot_decide_a_proposal(world):
    _certified(world)
    certification_sweep(D(2026, 3, 10))
    with pytest.raises(PermissionDenied):
        proposal_decide(
            actor=world.users["cba_auditor1"],
            proposal=SuspensionProposal.objects.get(),
            accept=False,
            note="no",
        )


def test_cli_prints_counts_as_json(world, capsys):
    from qualift.core.cli import main

    _certified(world)
    main(["certification-sweep", "--today", "2026-03-10", "--json"])
    assert json.loads(capsys.readouterr().out) == {"expired": 0, "proposals": 1}


def test_cli_bad_date_exits_2(capsys):
    from qualift.core.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["certification-sweep", "--today", "2026-13-01"])
    assert exc.value.code == 2
    assert "--today" in capsys.readouterr().err
