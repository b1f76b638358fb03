"""REST API: organisations the user is related to (read-only)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from qualift.api.mixins import ServiceViewSetMixin
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization


class OrganizationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "kind", "name", "name_en", "region", "code", "is_active"]
        read_only_fields = fields


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices)

    class Meta:
        model = Organization
        fields = ["kind"]


class OrganizationViewSet(ServiceViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations related to one's own: itself, its clients or CBs, its program offices."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "kind", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).select_related("region")
