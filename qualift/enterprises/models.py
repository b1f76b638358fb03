"""Enterprise profiles, their sites, IAF scope codes, and CB engagements."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.choices import EngagementKind, MiitIndustry, SizeClass
from qualift.enterprises.validators import validate_uscc
from qualift.tenancy.models import Organization, Region
from qualift.tenancy.scope import scope_of


class IafCode(models.Model):
    """An IAF scope code (IAF ID 1), the sector vocabulary of certification scopes."""

    code = models.CharField(_("IAF code"), max_length=2, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("IAF scope code")
        verbose_name_plural = _("IAF scope codes")

    def __str__(self) -> str:
        name = self.name_zh if (get_language() or "").startswith("zh") else self.name_en
        return f"{self.code} {name}"


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnterpriseQuerySet:
        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        if not scope.org_ids:
            return self.none()
        from qualift.programs.models import LedgerEntry

        engaged = Engagement.objects.filter(cb_id__in=scope.cb_ids).values("enterprise_id")
        ledger = LedgerEntry.objects.filter(
            Q(program__owner_id__in=scope.office_ids) | Q(cb_id__in=scope.cb_ids)
        ).values("enterprise_id")
        return self.filter(
            Q(organization_id__in=scope.enterprise_org_ids)
            | Q(registered_by_id__in=scope.cb_ids | scope.office_ids)
            | Q(pk__in=engaged)
            | Q(pk__in=ledger)
        )


class Enterprise(TimeStamped):
    """A small or micro enterprise's profile: identity, sector, size and contacts."""

    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="enterprise"
    )
    name = models.CharField(_("name (Chinese)"), max_length=200, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    iaf_codes = models.ManyToManyField(IafCode, blank=True, verbose_name=_("IAF scope codes"))
    miit_industry = models.PositiveSmallIntegerField(
        _("industry (MIIT 2011 row)"), choices=MiitIndustry.choices, db_index=True
    )
    gbt4754_division = models.CharField(
        _("GB/T 4754 division"), max_length=2, blank=True, db_index=True
    )
    employees = models.PositiveIntegerField(_("employees"))
    revenue = models.DecimalField(
        _("revenue (10,000 CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    total_assets = models.DecimalField(
        _("total assets (10,000 CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    steward_name = models.CharField(_("quality steward"), max_length=100, blank=True)
    steward_phone = models.CharField(_("quality steward phone"), max_length=40, blank=True)
    steward_email = models.EmailField(_("quality steward e-mail"), blank=True)
    size_miit = models.CharField(
        _("size (MIIT 2011)"), max_length=10, choices=SizeClass.choices, blank=True, db_index=True
    )
    size_miit_reason = models.CharField(max_length=300, blank=True)
    size_eu = models.CharField(
        _("size (EU 2003/361)"), max_length=10, choices=SizeClass.choices, blank=True
    )
    size_eu_reason = models.CharField(max_length=300, blank=True)
    registered_by = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_enterprises",
        verbose_name=_("registered by"),
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "miit_industry"])]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def enterprise_id(self) -> int:
        return self.pk


class SiteQuerySet(models.QuerySet):
    def visible_to(self, user) -> SiteQuerySet:
        return self.filter(enterprise__in=Enterprise.objects.visible_to(user))


class Site(TimeStamped):
    """A place where the enterprise works (audit time counts sites)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    is_main = models.BooleanField(_("main site"), default=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["-is_main", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class EngagementQuerySet(models.QuerySet):
    def visible_to(self, user) -> EngagementQuerySet:
        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        from qualift.programs.models import LedgerEntry

        in_ledger = LedgerEntry.objects.filter(program__owner_id__in=scope.office_ids).values(
            "enterprise_id"
        )
        return self.filter(
            Q(cb_id__in=scope.cb_ids)
            | Q(enterprise__organization_id__in=scope.enterprise_org_ids)
            | Q(enterprise_id__in=in_ledger)
        )

    def active(self) -> EngagementQuerySet:
        today = timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)


class Engagement(TimeStamped):
    """A certification body's work with an enterprise: certification or assistance, start to end."""

    cb = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="engagements",
        limit_choices_to={"kind": "certification_body"},
        verbose_name=_("certification body"),
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="engagements")
    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["cb", "kind"]),
            models.Index(fields=["enterprise", "kind"]),
        ]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.cb} · {self.enterprise} · {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)
