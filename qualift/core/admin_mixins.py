"""Admin helpers: operator edits in /admin/ leave audit events; domain data is read-only there."""

from __future__ import annotations

from django.db import transaction

from qualift.core.audit import audit_record, snapshot


class AuditedAdminMixin:
    """Writes one audit event for each add, change or delete made in the admin."""

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = None
        if change:
            fresh = type(obj)._base_manager.filter(pk=obj.pk).first()
            before = snapshot(fresh) if fresh else None
        super().save_model(request, obj, form, change)
        verb = f"admin.{obj._meta.model_name}.{'update' if change else 'create'}"
        audit_record(actor=request.user, verb=verb, target=obj, before=before, after=snapshot(obj))

    @transaction.atomic
    def delete_model(self, request, obj):
        before = snapshot(obj)
        audit_record(
            actor=request.user,
            verb=f"admin.{obj._meta.model_name}.delete",
            target=obj,
            before=before,
        )
        super().delete_model(request, obj)


class ReadOnlyAdminMixin:
    """Domain records change only through their services (UI, API, CLI), never in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
