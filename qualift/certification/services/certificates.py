"""The certificate register: issuing, status changes, expiry, restoration, renewal (DOMAIN §3).

Rules:
- Numbers are `<prefix>-<YYYY>-<cb pk, 3 digits><sequence, 5 digits>`, e.g. `QMS-2025-00300001`:
  the prefix from the CB's certification policy ("QMS" by default), the year of issue, the CB's
  id and a running number per CB and year. The number never changes, also not on renewal.
- Status changes follow `TRANSITIONS`. `expired` is set by the daily sweep only
  (`certificate_expire`) and left only through `certificate_restore` (or a recertification
  decision, `certificate_renew`). Withdrawn and cancelled are final. Each target status accepts
  the reasons in `REASONS`; suspending and withdrawing need a note. Every change appends a
  `CertificateEvent` and writes one audit event.
- Restoration (ISO/IEC 17021-1 §9.6.3.2.5: within 6 months of expiry when the outstanding
  recertification activities are complete): the certificate's stored or effective status is
  expired, today is at most `restore_within_months` after its expiry date, and the cycle has a
  completed recertification audit without blocking findings (no major finding unverified, no
  minor finding without an accepted plan). The certificate becomes valid (reason "restored")
  with its validity continued from the prior cycle: expires = old expiry + `cycle_months`. The
  cycle itself is renewed by the recertification decision (`certificate_renew`), which sets the
  same dates.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs
from qualift.certification.choices import (
    FINDING_BLOCKING,
    AuditKind,
    AuditStatus,
    CertificateStatus,
    FindingGrade,
    FindingStatus,
    StatusReason,
)
from qualift.certification.models import Certificate, CertificateEvent, Finding
from qualift.certification.rulesets import rule_set
from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot
from qualift.tenancy.permissions import require

S = CertificateStatus
R = StatusReason

# Which status a certificate may move to by hand, from which (expired: see module docstring).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.VALID: (S.SUSPENDED, S.WITHDRAWN, S.CANCELLED),
    S.SUSPENDED: (S.VALID, S.WITHDRAWN, S.CANCELLED),
    S.EXPIRED: (),
    S.WITHDRAWN: (),
    S.CANCELLED: (),
}
# The grounds each target status may be given with (DOMAIN §3 for suspension).
REASONS: dict[str, tuple[str, ...]] = {
    S.SUSPENDED: (
        R.PERSISTENT_FAILURE,
        R.REFUSED_SURVEILLANCE,
        R.AUTHORITY_PENALTY,
        R.CLIENT_REQUEST,
        R.OTHER,
    ),
    S.WITHDRAWN: (
        R.PERSISTENT_FAILURE,
        R.SUSPENSION_LAPSED,
        R.REFUSED_SURVEILLANCE,
        R.AUTHORITY_PENALTY,
        R.CLIENT_REQUEST,
        R.OTHER,
    ),
    S.CANCELLED: (R.CLIENT_REQUEST, R.OTHER),
    S.VALID: (R.REINSTATED,),
}
NOTE_REQUIRED = (S.SUSPENDED, S.WITHDRAWN)
FIELDS = ["status", "status_reason", "status_note", "status_since", "issued_on", "expires_on"]
MAX_NOTE_CHARS = 5_000


def _prefix(cb) -> str:
    try:
        from qualift.certification.services.audit_time import policy_for
    except ImportError:  # pragma: no cover - H1's module not there yet
        from qualift.certification.models import CertificationPolicy

        policy = CertificationPolicy.objects.filter(cb=cb).first()
        return (policy.certificate_prefix if policy else "QMS") or "QMS"
    return policy_for(cb).certificate_prefix or "QMS"


def next_number(cb, year: int) -> str:
    """The next free number of the CB for certificates issued in `year`."""
    stem = f"{_prefix(cb)}-{year}-{cb.pk:03d}"
    taken = set(
        Certificate.objects.filter(number__startswith=stem).values_list("number", flat=True)
    )
    seq = len(taken) + 1
    while f"{stem}{seq:05d}" in taken:
        seq += 1
    return f"{stem}{seq:05d}"


def _event(certificate, *, from_status, to_status, reason, note, on, by) -> CertificateEvent:
    event = CertificateEvent(
        enterprise_id=certificate.enterprise_id,
        cb_id=certificate.cb_id,
        certificate=certificate,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        note=note,
        on=on,
        by=by,
    )
    event.full_clean()
    event.save()
    return event


def _locked(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update()
        .select_related("enterprise__organization", "cycle")
        .get(pk=certificate.pk)
    )


@transaction.atomic
def certificate_issue(*, actor, cycle, decision) -> Certificate:
    """Issue the certificate of a cycle just granted (dates from the cycle)."""
    require(actor, "certification.decide", acting_orgs(cycle))
    if cycle.issued_on is None or cycle.expires_on is None:
        raise ValidationError({"cycle": [_("The cycle has no issue and expiry dates yet.")]})
    by = actor or decision.decided_by
    certificate = Certificate(
        enterprise_id=cycle.enterprise_id,
        cb_id=cycle.cb_id,
        cycle=cycle,
        number=next_number(cycle.cb, cycle.issued_on.year),
        holder=cycle.enterprise.name,
        scope_text=cycle.scope_text,
        first_issued_on=cycle.issued_on,
        issued_on=cycle.issued_on,
        expires_on=cycle.expires_on,
        status=S.VALID,
        status_reason=R.GRANTED,
        status_since=cycle.issued_on,
    )
    certificate.full_clean()
    certificate.save()
    certificate.iaf_codes.set(cycle.iaf_codes.all())
    certificate.sites.set(cycle.sites.all())
    _event(
        certificate,
        from_status="",
        to_status=S.VALID,
        reason=R.GRANTED,
        note="",
        on=cycle.issued_on,
        by=by,
    )
    _audit(actor, "certificate.issue", certificate, after=snapshot(certificate))
    return certificate


@transaction.atomic
def certificate_set_status(
    *, actor, certificate, to_status: str, reason: str, note: str = "", on=None
) -> Certificate:
    """Suspend, withdraw, cancel or reinstate a certificate (see TRANSITIONS and REASONS)."""
    require(actor, "certificate.change", acting_orgs(certificate))
    certificate = _locked(certificate)
    on = on or timezone.localdate()
    note = (note or "").strip()
    current = certificate.effective_status(on)
    if to_status not in S.values:
        raise ValidationError({"to_status": [_("Choose a status.")]})
    if to_status not in TRANSITIONS[current]:
        raise ValidationError(
            {
                "to_status": [
                    _("A %(from)s certificate cannot become %(to)s.")
                    % {"from": S(current).label, "to": S(to_status).label}
                ]
            }
        )
    if reason not in REASONS[to_status]:
        raise ValidationError(
            {
                "reason": [
                    _("This reason does not fit a change to %(to)s.") % {"to": S(to_status).label}
                ]
            }
        )
    if to_status in NOTE_REQUIRED and not note:
        raise ValidationError({"note": [_("Say why (a note is required).")]})
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError({"note": [_("At most %(n)s characters.") % {"n": MAX_NOTE_CHARS}]})
    before = snapshot(certificate, FIELDS)
    certificate.status = to_status
    certificate.status_reason = reason
    certificate.status_note = note
    certificate.status_since = on
    certificate.full_clean()
    certificate.save()
    _event(
        certificate,
        from_status=current,
        to_status=to_status,
        reason=reason,
        note=note,
        on=on,
        by=actor,
    )
    verb = {
        S.SUSPENDED: "certificate.suspend",
        S.WITHDRAWN: "certificate.withdraw",
        S.CANCELLED: "certificate.cancel",
        S.VALID: "certificate.reinstate",
    }[to_status]
    _audit(actor, verb, certificate, before=before, after=snapshot(certificate, FIELDS))
    if to_status in (S.WITHDRAWN, S.CANCELLED):
        _end_cycle(actor, certificate, on)
    return certificate


def _end_cycle(actor, certificate: Certificate, on: dt.date) -> None:
    """A withdrawn or cancelled certificate ends its cycle: the cycle closes and the audits
    still open in its programme are cancelled, so nothing shows as due or overdue."""
    from qualift.certification.choices import AUDIT_OPEN, AuditStatus, CycleStatus

    cycle = certificate.cycle
    reason = _("Certificate %(number)s %(status)s on %(on)s.") % {
        "number": certificate.number,
        "status": S(certificate.status).label.lower(),
        "on": on.isoformat(),
    }
    for audit in cycle.audits.filter(status__in=AUDIT_OPEN):
        audit.status = AuditStatus.CANCELLED
        audit.cancel_reason = reason
        audit.save(update_fields=["status", "cancel_reason", "updated_at"])
        _audit(actor, "audit.cancel", audit, after={"status": audit.status}, reason=reason)
    if cycle.status != CycleStatus.CLOSED:
        cycle.status = CycleStatus.CLOSED
        cycle.save(update_fields=["status", "updated_at"])
        _audit(actor, "cycle.close", cycle, after={"status": cycle.status}, reason=reason)


@transaction.atomic
def certificate_expire(*, certificate, today: dt.date) -> bool:
    """Store "expired" on a valid or suspended certificate past its expiry date (the sweep)."""
    certificate = _locked(certificate)
    if certificate.status not in (S.VALID, S.SUSPENDED) or certificate.expires_on >= today:
        return False
    before = snapshot(certificate, FIELDS)
    on = certificate.expires_on + dt.timedelta(days=1)
    from_status = certificate.status
    certificate.status = S.EXPIRED
    certificate.status_reason = R.EXPIRY
    certificate.status_note = ""
    certificate.status_since = on
    certificate.save()
    _event(
        certificate,
        from_status=from_status,
        to_status=S.EXPIRED,
        reason=R.EXPIRY,
        note="",
        on=on,
        by=None,
    )
    _audit(
        None, "certificate.expire", certificate, before=before, after=snapshot(certificate, FIELDS)
    )
    return True


def blocking_findings(audit):
    """Findings of an audit that still stand in the way of a decision or a restoration: a major
    not verified, a minor without an accepted plan."""
    from django.db.models import Q

    return Finding.objects.filter(audit=audit).filter(
        Q(grade=FindingGrade.MAJOR) & ~Q(status=FindingStatus.VERIFIED)
        | Q(grade=FindingGrade.MINOR, status__in=FINDING_BLOCKING)
    )


def restore_problems(certificate: Certificate, today: dt.date) -> list[str]:
    """Why the certificate cannot be restored today (empty: it can)."""
    rules = rule_set(certificate.cycle.rule_set)
    problems = []
    if certificate.effective_status(today) != S.EXPIRED:
        problems.append(
            _("Only an expired certificate can be restored; this one is %(status)s.")
            % {"status": S(certificate.effective_status(today)).label}
        )
        return problems
    limit = certificate.expires_on + relativedelta(months=rules.restore_within_months)
    if today > limit:
        problems.append(
            _("Restoration was possible until %(day)s (%(n)s months after expiry).")
            % {"day": limit.isoformat(), "n": rules.restore_within_months}
        )
    recert = (
        certificate.cycle.audits.filter(
            kind=AuditKind.RECERTIFICATION, status=AuditStatus.COMPLETED
        )
        .order_by("-end_on", "-pk")
        .first()
    )
    if recert is None:
        problems.append(_("The cycle has no completed recertification audit."))
    elif blocking_findings(recert).exists():
        problems.append(_("The recertification audit still has findings to close."))
    return problems


@transaction.atomic
def certificate_restore(*, actor, certificate, note: str, today=None) -> Certificate:
    """Restore an expired certificate whose outstanding recertification work is done."""
    require(actor, "certificate.change", acting_orgs(certificate))
    certificate = _locked(certificate)
    today = today or timezone.localdate()
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what was completed (a note is required).")]})
    problems = restore_problems(certificate, today)
    if problems:
        raise ValidationError({"status": problems})
    rules = rule_set(certificate.cycle.rule_set)
    before = snapshot(certificate, FIELDS)
    from_status = certificate.effective_status(today)
    certificate.expires_on = certificate.expires_on + relativedelta(months=rules.cycle_months)
    certificate.status = S.VALID
    certificate.status_reason = R.RESTORED
    certificate.status_note = note
    certificate.status_since = today
    certificate.full_clean()
    certificate.save()
    _event(
        certificate,
        from_status=from_status,
        to_status=S.VALID,
        reason=R.RESTORED,
        note=note,
        on=today,
        by=actor,
    )
    _audit(
        actor,
        "certificate.restore",
        certificate,
        before=before,
        after=snapshot(certificate, FIELDS),
    )
    return certificate


@transaction.atomic
def certificate_renew(*, certificate, cycle, decision) -> Certificate:
    """Carry the certificate into the renewed cycle: its dates, scope, codes and sites; valid."""
    certificate = _locked(certificate)
    before = snapshot(certificate, FIELDS)
    from_status = certificate.effective_status(decision.decided_on)
    certificate.cycle = cycle
    certificate.issued_on = cycle.issued_on
    certificate.expires_on = cycle.expires_on
    certificate.scope_text = cycle.scope_text
    certificate.holder = cycle.enterprise.name
    certificate.status = S.VALID
    certificate.status_reason = R.RENEWED
    certificate.status_note = ""
    certificate.status_since = decision.decided_on
    certificate.full_clean()
    certificate.save()
    certificate.iaf_codes.set(cycle.iaf_codes.all())
    certificate.sites.set(cycle.sites.all())
    _event(
        certificate,
        from_status=from_status,
        to_status=S.VALID,
        reason=R.RENEWED,
        note="",
        on=decision.decided_on,
        by=decision.decided_by,
    )
    _audit(
        None, "certificate.renew", certificate, before=before, after=snapshot(certificate, FIELDS)
    )
    return certificate
