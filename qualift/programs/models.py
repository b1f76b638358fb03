"""Programs (campaigns), their assistance ledger (帮扶台账) and incentive policies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qualift.core.models import TimeStamped
from qualift.enterprises.models import Enterprise
from qualift.programs.choices import LedgerStatus, PolicyKind
from qualift.tenancy.models import Organization, Region
from qualift.tenancy.scope import scope_of


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgramQuerySet:
        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        in_ledger = LedgerEntry.objects.filter(
            enterprise__organization_id__in=scope.enterprise_org_ids
        ).values("program_id")
        return self.filter(
            Q(owner_id__in=scope.office_ids)
            | Q(
                pk__in=Program.participating_cbs.through.objects.filter(
                    organization_id__in=scope.cb_ids
                ).values("program_id")
            )
            | Q(pk__in=in_ledger)
        )


class Program(TimeStamped):
    """A certification-improvement campaign run by a program office over regions and a period."""

    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="programs",
        limit_choices_to={"kind": "program_office"},
        verbose_name=_("program office"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    regions = models.ManyToManyField(Region, blank=True, verbose_name=_("regions"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    participating_cbs = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="participating_programs",
        limit_choices_to={"kind": "certification_body"},
        verbose_name=_("participating certification bodies"),
    )
    target_enterprises = models.PositiveIntegerField(_("target: enterprises assisted"), default=0)
    target_person_trainings = models.PositiveIntegerField(_("target: person-trainings"), default=0)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class LedgerEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> LedgerEntryQuerySet:
        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(
            Q(program__owner_id__in=scope.office_ids)
            | Q(cb_id__in=scope.cb_ids)
            | Q(enterprise__organization_id__in=scope.enterprise_org_ids)
        )


class LedgerEntry(TimeStamped):
    """One enterprise in a program's assistance ledger, with its assigned CB and status."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="entries")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    cb = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        limit_choices_to={"kind": "certification_body"},
        verbose_name=_("assigned certification body"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=LedgerStatus.choices,
        default=LedgerStatus.SCREENED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status since"))
    note = models.TextField(_("note"), blank=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["program", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "enterprise"], name="one_entry_per_program")
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["cb", "status"]),
        ]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_status_display()}"


class LedgerMove(models.Model):
    """A ledger entry's status change: from, to, when, by whom, why."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="moves")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    from_status = models.CharField(max_length=20, choices=LedgerStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=LedgerStatus.choices)
    moved_at = models.DateTimeField(_("moved at"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-moved_at", "-id"]
        verbose_name = _("ledger move")
        verbose_name_plural = _("ledger moves")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class IncentivePolicyQuerySet(models.QuerySet):
    def visible_to(self, user) -> IncentivePolicyQuerySet:
        # Incentive policies are published government measures: every signed-in user sees them.
        if not scope_of(user).is_authenticated:
            return self.none()
        return self.all()


class IncentivePolicy(TimeStamped):
    """A published measure that rewards certification or improvement (subsidy, loan, award…)."""

    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="policies",
        limit_choices_to={"kind": "program_office"},
        verbose_name=_("registered by"),
    )
    title = models.CharField(_("title"), max_length=300)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=32, choices=PolicyKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    objects = IncentivePolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("incentive policy")
        verbose_name_plural = _("incentive policies")

    def __str__(self) -> str:
        return self.title
