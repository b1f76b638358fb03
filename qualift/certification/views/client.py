"""The client's certification portal: its cycles, audits whose plan was sent, findings to
answer (overdue in red) and certificates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qualift.certification.choices import AuditStatus, CertificateStatus, FindingStatus
from qualift.certification.models import (
    Audit,
    Certificate,
    CertificationCycle,
    Finding,
    TeamMember,
)
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

SENT = (AuditStatus.PLAN_SENT, AuditStatus.IN_PROGRESS, AuditStatus.COMPLETED)
TO_ANSWER = (FindingStatus.OPEN, FindingStatus.RETURNED)


@login_required
def client_portal(request: HttpRequest) -> HttpResponse:
    org_ids = scope_of(request.user).enterprise_org_ids
    if not org_ids:
        raise PermissionDenied
    own = {"enterprise__organization_id__in": org_ids}
    user = request.user
    today = timezone.localdate()
    team = TeamMember.objects.select_related("user").order_by("role", "pk")
    audits = (
        Audit.objects.visible_to(user)
        .filter(status__in=SENT, plan_sent_at__isnull=False, **own)
        .select_related("cycle", "enterprise")
        .prefetch_related(Prefetch("team", queryset=team))
        .order_by("-start_on", "-pk")[:50]
    )
    findings = (
        Finding.objects.visible_to(user)
        .filter(status__in=TO_ANSWER, **own)
        .select_related("audit__cycle", "clause", "enterprise")
        .order_by("due_on", "pk")
    )
    certificates = list(
        Certificate.objects.visible_to(user)
        .filter(**own)
        .select_related("enterprise")
        .order_by("-issued_on", "-pk")[:50]
    )
    for certificate in certificates:
        certificate.effective = certificate.effective_status(today)
        certificate.effective_label = CertificateStatus(certificate.effective).label
    context = {
        "cycles": CertificationCycle.objects.visible_to(user)
        .filter(**own)
        .select_related("enterprise", "cb")
        .order_by("-applied_on", "-pk")[:50],
        "audits": audits,
        "findings": findings,
        "certificates": certificates,
        "today": today,
        "may_respond": {org: can(user, "finding.respond", [org]) for org in org_ids},
    }
    return render(request, "certification/client.html", context)
