"""REST API: enterprise profiles and CB engagements. Writes go through the services."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import MAX_INT, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises import selectors, services
from qualift.enterprises.choices import EngagementKind, MiitIndustry, SizeClass
from qualift.enterprises.models import Engagement, Enterprise, IafCode
from qualift.enterprises.reference_data import GBT4754_DIVISIONS
from qualift.enterprises.uscc import check_uscc
from qualift.enterprises.validators import uscc_error_message
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization, Region
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

CODE_ERRORS = {"does_not_exist": _("Unknown code {value}."), "invalid": _("Invalid value.")}


class EnterpriseSerializer(serializers.ModelSerializer):
    uscc = serializers.CharField(
        help_text=_("Unified social credit code (GB 32100-2015), 18 characters.")
    )
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        error_messages=CODE_ERRORS,
        help_text=_("GB/T 2260 code of the province, e.g. 330000."),
    )
    iaf_codes = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=IafCode.objects.all(),
        required=False,
        error_messages=CODE_ERRORS,
        help_text=_("IAF scope codes (IAF ID 1), two digits each, e.g. 17."),
    )
    gbt4754_division = serializers.ChoiceField(
        choices=[code for _section, code, _en, _zh in GBT4754_DIVISIONS],
        allow_blank=True,
        required=False,
        help_text=_("GB/T 4754 division, two digits."),
    )
    employees = serializers.IntegerField(min_value=0, max_value=MAX_INT)
    revenue = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, allow_null=True, required=False
    )
    total_assets = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, allow_null=True, required=False
    )
    engagement_kind = serializers.ChoiceField(
        choices=EngagementKind.choices,
        write_only=True,
        required=False,
        help_text=_("A CB registering the enterprise opens this engagement with it."),
    )

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "organization",
            "name",
            "name_en",
            "uscc",
            "region",
            "address",
            "iaf_codes",
            "miit_industry",
            "gbt4754_division",
            "employees",
            "revenue",
            "total_assets",
            "legal_representative",
            "steward_name",
            "steward_phone",
            "steward_email",
            "size_miit",
            "size_miit_reason",
            "size_eu",
            "size_eu_reason",
            "registered_by",
            "engagement_kind",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "organization",
            "size_miit",
            "size_miit_reason",
            "size_eu",
            "size_eu_reason",
            "registered_by",
            "created_at",
            "updated_at",
        ]

    def validate_uscc(self, value: str) -> str:
        message = uscc_error_message(value)
        if message:
            raise serializers.ValidationError(message)
        return check_uscc(value).code


class EnterpriseFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text="GB/T 2260 code")
    miit_industry = django_filters.ChoiceFilter(choices=MiitIndustry.choices)
    size_miit = django_filters.ChoiceFilter(choices=SizeClass.choices)
    iaf = django_filters.CharFilter(field_name="iaf_codes__code", help_text="IAF scope code")
    q = django_filters.CharFilter(method="search_text", help_text="name or USCC contains")
    search = django_filters.CharFilter(method="search_text", help_text="same as q")

    class Meta:
        model = Enterprise
        fields = ["region", "miit_industry", "size_miit", "iaf", "q", "search"]

    def search_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(name_en__icontains=value) | Q(uscc__icontains=value)
        )


class EnterpriseViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Enterprise profiles the user may see; sizes are computed, not entered."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    permission_classes = [CanCreate]
    create_action = "enterprise.create"
    ordering_fields = ["name", "uscc", "employees", "created_at", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return (
            Enterprise.objects.visible_to(self.request.user)
            .select_related("region")
            .prefetch_related("iaf_codes")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        iaf_codes = data.pop("iaf_codes", [])
        kind = data.pop("engagement_kind", None) or EngagementKind.ASSISTANCE
        enterprise = services.enterprise_create(
            actor=request.user, data=data, iaf_codes=iaf_codes, engagement_kind=kind
        )
        return self.respond(enterprise, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        enterprise = selectors.get_enterprise_for_user(request.user, self.object_pk(), write=True)
        serializer = self.get_serializer(enterprise, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("engagement_kind", None)
        iaf_codes = data.pop("iaf_codes", None)
        services.enterprise_update(
            actor=request.user, enterprise=enterprise, data=data, iaf_codes=iaf_codes
        )
        return self.respond(enterprise)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


def _visible_cbs(user):
    return Organization.objects.visible_to(user).filter(kind=OrgKind.CERTIFICATION_BODY)


class EngagementSerializer(serializers.ModelSerializer):
    cb = ScopedPrimaryKeyRelatedField(
        scope=_visible_cbs,
        queryset=Organization.objects.all(),
        required=False,
        help_text=_("The certification body; by default the one you administer."),
    )
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=Enterprise.objects.visible_to, queryset=Enterprise.objects.all()
    )
    cb_name = serializers.CharField(source="cb.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "cb",
            "cb_name",
            "enterprise",
            "enterprise_name",
            "kind",
            "start",
            "end",
            "note",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class EngagementEndSerializer(serializers.Serializer):
    end = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EngagementFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EngagementKind.choices)

    class Meta:
        model = Engagement
        fields = ["kind"]


class EngagementViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """CB–enterprise engagements (certification or assistance)."""

    serializer_class = EngagementSerializer
    output_serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    permission_classes = [CanCreate]
    create_action = "engagement.create"
    ordering_fields = ["start", "end", "id"]
    ordering = ["-start", "-id"]

    def get_queryset(self):
        return Engagement.objects.visible_to(self.request.user).select_related("cb", "enterprise")

    def get_serializer_class(self):
        return EngagementEndSerializer if self.action == "end" else EngagementSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cb = data.pop("cb", None) or self._default_cb()
        engagement = services.engagement_create(actor=request.user, cb=cb, **data)
        return self.respond(engagement, status.HTTP_201_CREATED)

    def _default_cb(self) -> Organization:
        user = self.request.user
        ids = sorted(org for org in scope_of(user).cb_ids if can(user, "engagement.create", [org]))
        if not ids:
            raise PermissionDenied
        return Organization.objects.get(pk=ids[0])

    @extend_schema(request=EngagementEndSerializer, responses=EngagementSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        """End the engagement on a date."""
        engagement = selectors.get_engagement_for_user(request.user, self.object_pk(), write=True)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        engagement = services.engagement_end(
            actor=request.user, engagement=engagement, **serializer.validated_data
        )
        return self.respond(engagement)
