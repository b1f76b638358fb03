"""Deciding the sweep's proposals (CB admin, certificate.change).

Accepting carries the proposal out: suspend → the certificate is suspended (surveillance refused
or overdue); withdraw → withdrawn (suspension lapsed); repeat stage 2 → a new stage 2 audit is
added to the cycle. Dismissing needs a note saying why.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs
from qualift.certification.choices import (
    AuditKind,
    CertificateStatus,
    ProposalKind,
    ProposalStatus,
    StatusReason,
)
from qualift.certification.models import SuspensionProposal
from qualift.core.audit import audit_enterprise_record, snapshot
from qualift.tenancy.permissions import require

MAX_NOTE_CHARS = 2000
CERTIFICATE_CHANGES = {
    ProposalKind.SUSPEND: (CertificateStatus.SUSPENDED, StatusReason.REFUSED_SURVEILLANCE),
    ProposalKind.WITHDRAW: (CertificateStatus.WITHDRAWN, StatusReason.SUSPENSION_LAPSED),
}


def _carry_out(actor, proposal: SuspensionProposal, note: str, today) -> None:
    if proposal.kind in CERTIFICATE_CHANGES:
        from qualift.certification.services.certificates import certificate_set_status

        to_status, reason = CERTIFICATE_CHANGES[proposal.kind]
        if proposal.certificate is None:
            raise ValidationError({"proposal": [_("The proposal names no certificate.")]})
        certificate_set_status(
            actor=actor,
            certificate=proposal.certificate,
            to_status=to_status,
            reason=reason,
            note=note or proposal.reason,
            on=today,
        )
    elif proposal.kind == ProposalKind.REPEAT_STAGE2:
        from qualift.certification.services.cycles import audit_add

        if proposal.audit is None:
            raise ValidationError({"proposal": [_("The proposal names no audit.")]})
        audit_add(actor=actor, cycle=proposal.audit.cycle, kind=AuditKind.STAGE2, data={})


@transaction.atomic
def proposal_decide(
    *, actor, proposal: SuspensionProposal, accept: bool, note: str = "", today=None
) -> SuspensionProposal:
    """Accept (and carry out) or dismiss (with a note) an open proposal."""
    require(actor, "certificate.change", acting_orgs(proposal))
    proposal = (
        # Lock the proposal row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer joins to its certificate and audit.
        SuspensionProposal.objects.select_for_update(of=("self",))
        .select_related("certificate", "audit__cycle", "enterprise")
        .get(pk=proposal.pk)
    )
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            {
                "status": [
                    _("This proposal is already %(status)s.")
                    % {"status": proposal.get_status_display().lower()}
                ]
            }
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError({"note": [_("At most %(n)s characters.") % {"n": MAX_NOTE_CHARS}]})
    if not accept and not note:
        raise ValidationError({"note": [_("Say why the proposal is dismissed.")]})
    today = today or timezone.localdate()
    before = snapshot(proposal, ["status", "note"])
    if accept:
        _carry_out(actor, proposal, note, today)
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DISMISSED
    proposal.note = note
    proposal.decided_by = actor if getattr(actor, "pk", None) else None
    proposal.decided_on = today
    proposal.full_clean()
    proposal.save()
    verb = "proposal.accept" if accept else "proposal.dismiss"
    audit_enterprise_record(
        actor, verb, proposal, before=before, after=snapshot(proposal, ["status", "note"])
    )
    return proposal
