"""Base models and the hash-chained audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    """Abstract base: when a record was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    """The audit trail has no update or delete path from the application."""

    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")

    def visible_to(self, user) -> AppendOnlyQuerySet:
        """Admins read their organisation's events; an enterprise admin also reads what others
        did to their enterprise."""
        from django.db.models import Q

        from qualift.tenancy.choices import ADMIN_ROLES
        from qualift.tenancy.scope import scope_of

        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        admin_orgs = scope.orgs_with(ADMIN_ROLES)
        if not admin_orgs:
            return self.none()
        from qualift.enterprises.models import Enterprise

        own_enterprises = Enterprise.objects.filter(
            organization_id__in=admin_orgs & scope.enterprise_org_ids
        ).values("pk")
        return self.filter(Q(organization_id__in=admin_orgs) | Q(enterprise_id__in=own_enterprises))


class AuditEvent(models.Model):
    """One entry of the tamper-evident trail every service writes (who did what, when)."""

    seq = models.BigIntegerField(_("position in chain"), unique=True)
    created_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    enterprise_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    verb = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["organization", "-id"]),
            models.Index(fields=["target_type", "target_id"]),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.verb} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")


class AuditChainHead(models.Model):
    """The single row that serialises appends to the audit chain (locked while writing)."""

    events = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    last_event_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.events} events, head {self.last_hash[:12]}"
