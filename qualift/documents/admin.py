"""Admin pages (read-only) for controlled documents and their versions."""

from django.contrib import admin

from qualift.core.admin_mixins import ReadOnlyAdminMixin
from qualift.documents.models import ControlledDocument, DocumentVersion


@admin.register(ControlledDocument)
class ControlledDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "enterprise", "kind", "review_due", "is_withdrawn"]
    list_filter = ["kind", "is_withdrawn"]
    search_fields = ["code", "title", "enterprise__name"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["document", "version", "status", "approved_by_name", "effective_on"]
    list_filter = ["status"]
    search_fields = ["document__code", "document__title"]
