"""What the system already knows about an enterprise, shown beside each diagnosis area.

The expert diagnoses with the records in front of them: open nonconformities, SPC alarms,
internal-audit findings, gaps in the objective cascade, the policy, suggestions, overdue gauges
and maintenance, complaints. Each area gets at most `CAP` items; every query is one cheap,
indexed read (the coverage report is the most expensive: one enterprise's staff and objectives).

Where an item goes:
- open nonconformities by source: customer complaint, supplier and other → quality concept;
  inspection or process alarm → key process control; internal audit and certification audit
  findings → clear goals and responsibilities (the "internal-audit findings open" evidence);
- open SPC alarms → key process control;
- gaps of the objective cascade, or no objectives in force → goals;
- no quality policy in force → leadership;
- suggestions in the last 12 months (one item with the count) → intrinsic motivation;
- gauges past calibration and equipment past maintenance → equipment and facilities;
- complaints received in the last 12 months → product inspection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from qualift.assistance.choices import Area

CAP = 10
YEAR = dt.timedelta(days=365)

NC_AREA = {
    "customer_complaint": Area.QUALITY_CONCEPT,
    "supplier": Area.QUALITY_CONCEPT,
    "other": Area.QUALITY_CONCEPT,
    "inspection": Area.KEY_PROCESS,
    "internal_audit": Area.GOALS,
    "certification_finding": Area.GOALS,
}


@dataclass(frozen=True)
class EvidenceItem:
    """One record from the system an expert can cite: kind, its id, a label and its page."""

    kind: str
    id: int | None
    label: str
    url: str

    def as_link(self) -> dict:
        """The shape stored in AssistanceIssue.evidence_links."""
        return {"kind": self.kind, "id": self.id, "label": self.label, "url": self.url}


def _add(result: dict[str, list[EvidenceItem]], area: str, item: EvidenceItem) -> None:
    if len(result[area]) < CAP:
        result[area].append(item)


def _nonconformities(enterprise, result) -> None:
    from qualift.improvement.choices import NC_OPEN
    from qualift.improvement.models import Nonconformity

    per_area = {area: 0 for area in set(NC_AREA.values())}
    rows = (
        Nonconformity.objects.filter(enterprise=enterprise, status__in=NC_OPEN)
        .order_by("-detected_on", "-id")
        .values("id", "number", "title", "source")[: CAP * len(per_area)]
    )
    for row in rows:
        area = NC_AREA.get(row["source"], Area.QUALITY_CONCEPT)
        kind = "internal_audit_finding" if row["source"] == "internal_audit" else "nonconformity"
        _add(
            result,
            area,
            EvidenceItem(
                kind=kind,
                id=row["id"],
                label=_("Open nonconformity %(number)s: %(title)s")
                % {"number": row["number"], "title": row["title"]},
                url=reverse("improvement:nc-detail", kwargs={"pk": row["id"]}),
            ),
        )


def _alarms(enterprise, result) -> None:
    from qualift.process.choices import AlarmStatus
    from qualift.process.models import Alarm

    rows = (
        Alarm.objects.filter(enterprise=enterprise, status=AlarmStatus.OPEN)
        .order_by("-taken_at", "-id")
        .values("id", "parameter__name", "rule_family", "rule")[:CAP]
    )
    for row in rows:
        _add(
            result,
            Area.KEY_PROCESS,
            EvidenceItem(
                kind="alarm",
                id=row["id"],
                label=_("Open SPC alarm on %(parameter)s (rule %(family)s %(rule)s)")
                % {
                    "parameter": row["parameter__name"],
                    "family": row["rule_family"],
                    "rule": row["rule"],
                },
                url=reverse("process:alarm-detail", kwargs={"pk": row["id"]}),
            ),
        )


def _goals(enterprise, today: dt.date, result) -> None:
    from qualift.objectives.coverage import coverage_report, objectives_in_force

    if not objectives_in_force(enterprise, today).exists():
        _add(
            result,
            Area.GOALS,
            EvidenceItem(
                kind="no_objectives",
                id=None,
                label=_("No quality objectives in force"),
                url=reverse("objectives:objective-tree", kwargs={"enterprise_pk": enterprise.pk}),
            ),
        )
    report = coverage_report(enterprise, today)
    for gap in report.gaps[:CAP]:
        _add(
            result,
            Area.GOALS,
            EvidenceItem(
                kind=f"coverage_{gap.kind}",
                id=gap.obj_id,
                label=_("Coverage gap: %(subject)s — %(fix)s")
                % {"subject": gap.subject, "fix": gap.fix_label},
                url=reverse("objectives:coverage", kwargs={"enterprise_pk": enterprise.pk}),
            ),
        )


def _policy(enterprise, result) -> None:
    from qualift.objectives.choices import PolicyStatus
    from qualift.objectives.models import QualityPolicy

    if not QualityPolicy.objects.filter(
        enterprise=enterprise, status=PolicyStatus.APPROVED
    ).exists():
        _add(
            result,
            Area.LEADERSHIP,
            EvidenceItem(
                kind="no_policy",
                id=None,
                label=_("No quality policy in force"),
                url=reverse("objectives:policy", kwargs={"enterprise_pk": enterprise.pk}),
            ),
        )


def _suggestions(enterprise, today: dt.date, result) -> None:
    from qualift.objectives.models import Suggestion

    count = Suggestion.objects.filter(
        enterprise=enterprise, submitted_on__gt=today - YEAR, submitted_on__lte=today
    ).count()
    _add(
        result,
        Area.MOTIVATION,
        EvidenceItem(
            kind="suggestions",
            id=None,
            label=_("%(count)s improvement suggestions in the last 12 months") % {"count": count},
            url=reverse("objectives:suggestion-list", kwargs={"enterprise_pk": enterprise.pk}),
        ),
    )


def _equipment(enterprise, today: dt.date, result) -> None:
    from qualift.process.models import Equipment, Gauge

    gauges = (
        Gauge.objects.filter(enterprise=enterprise, is_active=True)
        .filter(Q(calibration_due__isnull=True) | Q(calibration_due__lt=today))
        .order_by("calibration_due", "code")
        .values("id", "code", "name", "calibration_due")[:CAP]
    )
    for row in gauges:
        _add(
            result,
            Area.EQUIPMENT,
            EvidenceItem(
                kind="gauge",
                id=row["id"],
                label=_("Gauge %(code)s %(name)s: calibration overdue")
                % {"code": row["code"], "name": row["name"]},
                url=reverse("process:gauge-list", kwargs={"enterprise_pk": enterprise.pk}),
            ),
        )
    machines = (
        Equipment.objects.filter(
            enterprise=enterprise, is_active=True, next_maintenance_on__lt=today
        )
        .order_by("next_maintenance_on", "code")
        .values("id", "code", "name")[:CAP]
    )
    for row in machines:
        _add(
            result,
            Area.EQUIPMENT,
            EvidenceItem(
                kind="equipment",
                id=row["id"],
                label=_("Equipment %(code)s %(name)s: maintenance overdue")
                % {"code": row["code"], "name": row["name"]},
                url=reverse("process:equipment-list", kwargs={"enterprise_pk": enterprise.pk}),
            ),
        )


def _complaints(enterprise, today: dt.date, result) -> None:
    from qualift.improvement.models import Complaint

    rows = (
        Complaint.objects.filter(
            enterprise=enterprise, received_on__gt=today - YEAR, received_on__lte=today
        )
        .order_by("-received_on", "-id")
        .values("id", "number", "customer", "received_on")[:CAP]
    )
    for row in rows:
        _add(
            result,
            Area.INSPECTION,
            EvidenceItem(
                kind="complaint",
                id=row["id"],
                label=_("Complaint %(number)s from %(customer)s (%(day)s)")
                % {
                    "number": row["number"],
                    "customer": row["customer"],
                    "day": row["received_on"].isoformat(),
                },
                url=reverse("improvement:complaint-detail", kwargs={"pk": row["id"]}),
            ),
        )


def system_evidence(enterprise, today: dt.date) -> dict[str, list[EvidenceItem]]:
    """Evidence per area (every Area value a key, in Area order; at most CAP items each)."""
    result: dict[str, list[EvidenceItem]] = {area: [] for area in Area.values}
    _nonconformities(enterprise, result)
    _alarms(enterprise, result)
    _policy(enterprise, result)
    _goals(enterprise, today, result)
    _suggestions(enterprise, today, result)
    _equipment(enterprise, today, result)
    _complaints(enterprise, today, result)
    return result
