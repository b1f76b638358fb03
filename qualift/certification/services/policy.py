"""A CB's certification policy: the rule set it certifies under and the parameters it sets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.certification.models import CertificationPolicy
from qualift.core.audit import audit_record, snapshot
from qualift.tenancy.permissions import require

POLICY_FIELDS = ("rule_set", "response_days", "stage1_share", "certificate_prefix")


def current_policy(cb) -> CertificationPolicy:
    """The CB's saved policy, or an unsaved one with the defaults (H1's `policy_for` when it is
    there, so every part of the app reads the same policy)."""
    try:
        from qualift.certification.services.audit_time import policy_for
    except ImportError:  # pragma: no cover - until services/audit_time.py exists
        return CertificationPolicy.objects.filter(cb=cb).first() or CertificationPolicy(cb=cb)
    return policy_for(cb)


@transaction.atomic
def policy_save(*, actor, cb, data: dict) -> CertificationPolicy:
    """Create or change the CB's policy. A new rule set applies to cycles opened afterwards; a
    cycle keeps the rule set it opened with."""
    require(actor, "cert_policy.change", [cb.pk])
    policy = CertificationPolicy.objects.select_for_update().filter(cb=cb).first()
    before = snapshot(policy, list(POLICY_FIELDS)) if policy else None
    policy = policy or CertificationPolicy(cb=cb)
    unknown = set(data) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    for name, value in data.items():
        setattr(policy, name, value.strip() if isinstance(value, str) else value)
    policy.full_clean()
    policy.save()
    after = snapshot(policy, list(POLICY_FIELDS))
    if before != after:
        audit_record(
            actor=actor,
            verb="cert_policy.save",
            target=policy,
            organization=cb,
            before=before,
            after=after,
        )
    return policy
