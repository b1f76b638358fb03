"""The audit trail in the admin: read-only."""

from django.contrib import admin

from qualift.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "actor_label", "organization", "verb", "target_label"]
    list_filter = ["verb"]
    search_fields = ["target_label", "actor_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
