"""REST API: the audit trail (read-only, for administrators)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from qualift.api.mixins import IdFilter, ServiceViewSetMixin
from qualift.api.permissions import HasAction
from qualift.core.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "created_at",
            "actor_label",
            "organization",
            "enterprise_id",
            "verb",
            "target_type",
            "target_id",
            "target_label",
            "before",
            "after",
            "reason",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditEventFilter(django_filters.FilterSet):
    verb = django_filters.CharFilter(
        field_name="verb", lookup_expr="startswith", help_text="verb prefix, e.g. ledger."
    )
    target_type = django_filters.CharFilter(field_name="target_type")
    enterprise = IdFilter(field_name="enterprise_id")

    class Meta:
        model = AuditEvent
        fields = ["verb", "target_type", "enterprise"]


class AuditEventViewSet(ServiceViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Audit events of the organisations one administers (and, for an enterprise's admin, what
    others did to the enterprise)."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    permission_classes = [HasAction]
    required_action = "audit.view"
    ordering_fields = ["seq", "created_at"]
    ordering = ["-seq"]

    def get_queryset(self):
        return AuditEvent.objects.visible_to(self.request.user)
