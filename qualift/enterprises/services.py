"""Writes for enterprises, sites and engagements: each one transaction and one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_record, snapshot, stored_snapshot
from qualift.enterprises.models import Engagement, Enterprise, IafCode, Site
from qualift.enterprises.sizes import apply_sizes
from qualift.enterprises.uscc import check_uscc
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import require
from qualift.tenancy.scope import scope_of

PROFILE_FIELDS = (
    "name",
    "name_en",
    "uscc",
    "region",
    "address",
    "miit_industry",
    "gbt4754_division",
    "employees",
    "revenue",
    "total_assets",
    "legal_representative",
    "steward_name",
    "steward_phone",
    "steward_email",
)


def enterprise_related_orgs(enterprise: Enterprise) -> list[int]:
    """Organisations whose roles reach this enterprise: itself, its CBs, its program offices."""
    from qualift.programs.models import LedgerEntry

    orgs = [enterprise.organization_id]
    orgs += list(
        Engagement.objects.filter(enterprise=enterprise).active().values_list("cb_id", flat=True)
    )
    ledger = LedgerEntry.objects.filter(enterprise=enterprise)
    orgs += list(ledger.values_list("cb_id", flat=True))
    orgs += list(ledger.values_list("program__owner_id", flat=True))
    if enterprise.registered_by_id:
        orgs.append(enterprise.registered_by_id)
    return list(dict.fromkeys(orgs))


def _acting_org_for_create(actor) -> int | None:
    scope = scope_of(actor)
    return require(actor, "enterprise.create", sorted(scope.cb_ids) + sorted(scope.office_ids))


def _apply(enterprise: Enterprise, data: dict[str, Any]) -> None:
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            if field == "uscc" and isinstance(value, str):
                value = check_uscc(value).code
            setattr(enterprise, field, value)
    apply_sizes(enterprise)


@transaction.atomic
def enterprise_create(
    *,
    actor,
    data: dict[str, Any],
    iaf_codes: list[IafCode] | None = None,
    engagement_kind: str = "assistance",
    acting_org_id: int | None = None,
) -> Enterprise:
    """Register an enterprise (and its tenant organisation). A CB registering it opens an
    engagement with it so that it stays in the CB's scope."""
    org_id = acting_org_id or _acting_org_for_create(actor)
    organization = Organization(
        kind=OrgKind.ENTERPRISE,
        name=data["name"],
        name_en=data.get("name_en", ""),
        region=data.get("region"),
    )
    organization.full_clean()
    organization.save()
    enterprise = Enterprise(organization=organization, registered_by_id=org_id)
    _apply(enterprise, data)
    enterprise.full_clean()
    enterprise.save()
    if iaf_codes is not None:
        enterprise.iaf_codes.set(iaf_codes)
    Site.objects.create(
        enterprise=enterprise,
        name=enterprise.name[:200],
        address=enterprise.address,
        region=enterprise.region,
        employees=enterprise.employees,
        is_main=True,
    )
    registering = Organization.objects.filter(pk=org_id).first() if org_id else None
    if registering is not None and registering.kind == OrgKind.CERTIFICATION_BODY:
        Engagement.objects.create(
            cb=registering, enterprise=enterprise, kind=engagement_kind, start=timezone.localdate()
        )
    audit_record(
        actor=actor,
        verb="enterprise.create",
        target=enterprise,
        organization=registering,
        enterprise_id=enterprise.pk,
        after=snapshot(enterprise),
    )
    return enterprise


@transaction.atomic
def enterprise_update(
    *, actor, enterprise: Enterprise, data: dict[str, Any], iaf_codes: list[IafCode] | None = None
) -> Enterprise:
    """Change an enterprise's profile; sizes are recomputed from the new inputs."""
    org_id = require(actor, "enterprise.change", enterprise_related_orgs(enterprise))
    before = stored_snapshot(enterprise)
    _apply(enterprise, data)
    enterprise.full_clean()
    enterprise.save()
    if iaf_codes is not None:
        enterprise.iaf_codes.set(iaf_codes)
    organization = enterprise.organization
    if (organization.name, organization.name_en) != (enterprise.name, enterprise.name_en):
        organization.name, organization.name_en = enterprise.name, enterprise.name_en
        organization.region = enterprise.region
        organization.save()
    after = snapshot(enterprise)
    changed = {k for k in after if before.get(k) != after.get(k)}
    audit_record(
        actor=actor,
        verb="enterprise.update",
        target=enterprise,
        organization=Organization.objects.filter(pk=org_id).first(),
        enterprise_id=enterprise.pk,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
    )
    return enterprise


@transaction.atomic
def site_save(*, actor, enterprise: Enterprise, site: Site | None, data: dict[str, Any]) -> Site:
    """Add a site to an enterprise or change one."""
    org_id = require(actor, "enterprise.change", enterprise_related_orgs(enterprise))
    creating = site is None
    site = site or Site(enterprise=enterprise)
    before = None if creating else stored_snapshot(site)
    for field in ("name", "address", "region", "employees", "is_main"):
        if field in data:
            setattr(site, field, data[field])
    site.full_clean()
    site.save()
    if site.is_main:
        Site.objects.filter(enterprise=enterprise, is_main=True).exclude(pk=site.pk).update(
            is_main=False
        )
    audit_record(
        actor=actor,
        verb="site.create" if creating else "site.update",
        target=site,
        organization=Organization.objects.filter(pk=org_id).first(),
        enterprise_id=enterprise.pk,
        before=before,
        after=snapshot(site),
    )
    return site


@transaction.atomic
def engagement_create(
    *,
    actor,
    cb: Organization,
    enterprise: Enterprise,
    kind: str,
    start: dt.date,
    end: dt.date | None = None,
    note: str = "",
) -> Engagement:
    """Open a CB's certification or assistance engagement with an enterprise."""
    require(actor, "engagement.create", [cb.pk])
    engagement = Engagement(
        cb=cb, enterprise=enterprise, kind=kind, start=start, end=end, note=note
    )
    engagement.full_clean()
    _check_dates(engagement)
    engagement.save()
    audit_record(
        actor=actor,
        verb="engagement.create",
        target=engagement,
        organization=cb,
        enterprise_id=enterprise.pk,
        after=snapshot(engagement),
    )
    return engagement


@transaction.atomic
def engagement_end(*, actor, engagement: Engagement, end: dt.date, note: str = "") -> Engagement:
    """Close an engagement on a date."""
    require(actor, "engagement.change", [engagement.cb_id])
    before = snapshot(engagement)
    engagement.end = end
    if note:
        engagement.note = note
    engagement.full_clean()
    _check_dates(engagement)
    engagement.save()
    audit_record(
        actor=actor,
        verb="engagement.end",
        target=engagement,
        organization=engagement.cb,
        enterprise_id=engagement.enterprise_id,
        before=before,
        after=snapshot(engagement),
    )
    return engagement


def _check_dates(engagement: Engagement) -> None:
    from django.core.exceptions import ValidationError

    if engagement.end and engagement.end < engagement.start:
        raise ValidationError({"end": _("The end date cannot be before the start date.")})


@transaction.atomic
def enterprise_import(
    *, actor, rows: list[dict[str, Any]], engagement_kind: str = "assistance"
) -> list[Enterprise]:
    """Register every validated row of an import, or none (one transaction)."""
    org_id = _acting_org_for_create(actor) if actor is not None else None
    created = []
    for row in rows:
        data = {k: v for k, v in row.items() if k not in ("row_number", "iaf_codes")}
        created.append(
            enterprise_create(
                actor=actor,
                data=data,
                iaf_codes=row.get("iaf_codes", []),
                engagement_kind=engagement_kind,
                acting_org_id=org_id,
            )
        )
    return created
