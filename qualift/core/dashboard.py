"""The home dashboard: per membership, the counts that matter to that role (one query each)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualift.enterprises.models import Engagement, Enterprise
from qualift.programs.choices import LedgerStatus
from qualift.programs.models import LedgerEntry, Program
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Membership


@dataclass
class Card:
    organization: object
    role_label: str
    kind: str
    figures: list[tuple[str, int | str, str | None]] = field(default_factory=list)
    by_status: list[tuple[str, str, int]] = field(default_factory=list)


def _status_counts(entries) -> list[tuple[str, str, int]]:
    aggregates = entries.aggregate(
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in LedgerStatus}
    )
    return [(s.value, str(s.label), aggregates[s.value]) for s in LedgerStatus]


def _quality_figures(enterprise, today) -> dict[str, int]:
    from qualift.improvement.choices import ACTION_OPEN, NC_OPEN
    from qualift.improvement.models import CorrectiveAction, Nonconformity

    return {
        "open_ncs": Nonconformity.objects.filter(enterprise=enterprise, status__in=NC_OPEN).count(),
        "overdue": CorrectiveAction.objects.filter(
            enterprise=enterprise, status__in=ACTION_OPEN, due_on__lt=today
        ).count(),
    }


def dashboard_cards(user) -> list[Card]:
    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("organization__kind", "organization__name")
    )
    today = timezone.localdate()
    cards = []
    for membership in memberships:
        org = membership.organization
        card = Card(org, membership.get_role_display(), org.kind)
        if org.kind == OrgKind.PROGRAM_OFFICE:
            programs = Program.objects.filter(owner=org)
            entries = LedgerEntry.objects.filter(program__owner=org)
            stats = programs.aggregate(
                n=Count("pk"),
                active=Count("pk", filter=Q(start__lte=today, end__gte=today)),
            )
            ledger = entries.aggregate(
                enterprises=Count("enterprise", distinct=True), cbs=Count("cb", distinct=True)
            )
            card.figures = [
                (_("Programs"), stats["n"], "programs:program-list"),
                (_("Active programs"), stats["active"], None),
                (_("Enterprises on ledgers"), ledger["enterprises"], None),
                (_("Certification bodies assigned"), ledger["cbs"], None),
            ]
            card.by_status = _status_counts(entries)
        elif org.kind == OrgKind.CERTIFICATION_BODY:
            engagements = Engagement.objects.filter(cb=org).active()
            stats = engagements.aggregate(
                enterprises=Count("enterprise", distinct=True),
                certification=Count("pk", filter=Q(kind="certification")),
                assistance=Count("pk", filter=Q(kind="assistance")),
            )
            card.figures = [
                (_("Engaged enterprises"), stats["enterprises"], "enterprises:enterprise-list"),
                (_("Certification engagements"), stats["certification"], None),
                (_("Assistance engagements"), stats["assistance"], None),
            ]
            card.by_status = _status_counts(LedgerEntry.objects.filter(cb=org))
        else:
            enterprise = Enterprise.objects.filter(organization=org).first()
            if enterprise is not None:
                active = Engagement.objects.filter(enterprise=enterprise).active().count()
                quality = _quality_figures(enterprise, today)
                card.figures = [
                    (_("Open nonconformities"), quality["open_ncs"], None),
                    (_("Overdue actions"), quality["overdue"], None),
                    (_("Employees"), enterprise.employees, None),
                    (_("Active engagements"), active, None),
                ]
                card.enterprise = enterprise
                card.by_status = _status_counts(LedgerEntry.objects.filter(enterprise=enterprise))
        cards.append(card)
    return cards
