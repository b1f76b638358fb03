"""The CB's certification dashboard: what is due, overdue or waiting for a decision."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.choices import (
    AUDIT_OPEN,
    FINDING_BLOCKING,
    CertificateStatus,
    FindingGrade,
    ProposalStatus,
)
from qualift.certification.models import Audit, Certificate, Finding, SuspensionProposal
from qualift.certification.scoping import certifying_cb_ids
from qualift.tenancy.choices import Role
from qualift.tenancy.scope import scope_of

DUE_DAYS = 60
EXPIRING_DAYS = 90
LIST_LIMIT = 20


def _by_status(certificates, today) -> list[dict]:
    """Clients' certificates by effective status (valid/suspended past expiry read expired)."""
    live = (CertificateStatus.VALID, CertificateStatus.SUSPENDED)
    rows = (
        certificates.annotate(
            effective=Case(
                When(Q(status__in=live, expires_on__lt=today), then=Value("expired")),
                default="status",
                output_field=CharField(),
            )
        )
        .values("effective")
        .annotate(n=Count("enterprise_id", distinct=True))
    )
    counts = {row["effective"]: row["n"] for row in rows}
    return [
        {"status": value, "label": str(label), "n": counts.get(value, 0)}
        for value, label in CertificateStatus.choices
    ]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not (scope.is_superuser or certifying_cb_ids(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    audits = Audit.objects.visible_to(request.user).filter(status__in=AUDIT_OPEN)
    audits = audits.select_related("cycle", "enterprise")
    due = audits.filter(due_by__gte=today, due_by__lte=today + dt.timedelta(days=DUE_DAYS))
    overdue = audits.filter(due_by__lt=today)
    proposals = (
        SuspensionProposal.objects.visible_to(request.user)
        .filter(status=ProposalStatus.OPEN)
        .select_related("enterprise", "certificate", "audit__cycle")
    )
    majors = (
        Finding.objects.visible_to(request.user)
        .filter(grade=FindingGrade.MAJOR, status__in=FINDING_BLOCKING)
        .select_related("enterprise", "audit__cycle")
    )
    certificates = Certificate.objects.visible_to(request.user)
    expiring = certificates.filter(
        status=CertificateStatus.VALID,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=EXPIRING_DAYS),
    ).select_related("enterprise")
    by_status = _by_status(certificates, today)
    admin_cbs = scope.cb_ids & scope.orgs_with((Role.CB_ADMIN,))
    context = {
        "today": today,
        "due": list(due.order_by("due_by", "pk")[:LIST_LIMIT]),
        "due_count": due.count(),
        "overdue": list(overdue.order_by("due_by", "pk")[:LIST_LIMIT]),
        "overdue_count": overdue.count(),
        "proposals": list(proposals.order_by("raised_on", "pk")[:LIST_LIMIT]),
        "proposal_count": proposals.count(),
        "majors": list(majors.order_by("due_on", "pk")[:LIST_LIMIT]),
        "major_count": majors.count(),
        "expiring": list(expiring.order_by("expires_on", "pk")[:LIST_LIMIT]),
        "expiring_count": expiring.count(),
        "by_status": by_status,
        "chart": {
            "labels": [row["label"] for row in by_status],
            "values": [row["n"] for row in by_status],
            "name": _("Clients"),
        },
        "admin_cb_ids": admin_cbs,
        "policy_cb_ids": sorted(certifying_cb_ids(request.user)),
        "due_days": DUE_DAYS,
        "expiring_days": EXPIRING_DAYS,
    }
    return render(request, "certification/dashboard.html", context)
