"""API: certification cycles (/api/v1/certification-cycles/): list (?status=&enterprise=
&rule_set=), create (cycle_create), retrieve with the programme, patch (cycle_update)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets

from qualift.api.mixins import IdFilter, ServiceViewSetMixin, StrictPrimaryKeyRelatedField
from qualift.api.permissions import CanCreate
from qualift.certification.access import get_for_user
from qualift.certification.choices import CycleStatus, RuleSetCode
from qualift.certification.models import Audit, CertificationCycle
from qualift.certification.services import cycles as services
from qualift.enterprises.choices import EngagementKind
from qualift.enterprises.models import Engagement, IafCode, Site


class ProgrammeAuditSerializer(serializers.ModelSerializer):
    class Meta:
        model = Audit
        fields = ["id", "kind", "sequence", "due_from", "due_by", "status", "start_on", "end_on"]
        read_only_fields = fields


class IafCodeField(serializers.SlugRelatedField):
    """An IAF code by its code ("05")."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs["queryset"] = IafCode.objects.all()
        super().__init__(slug_field="code", **kwargs)


class CycleListSerializer(serializers.ModelSerializer):
    iaf_codes = IafCodeField(many=True, read_only=True)

    class Meta:
        model = CertificationCycle
        fields = [
            "id",
            "number",
            "enterprise",
            "cb",
            "engagement",
            "previous",
            "rule_set",
            "status",
            "applied_on",
            "scope_text",
            "iaf_codes",
            "sites",
            "employees",
            "part_time_fte",
            "decision_on",
            "issued_on",
            "expires_on",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CycleSerializer(CycleListSerializer):
    programme = ProgrammeAuditSerializer(source="audits", many=True, read_only=True)

    class Meta(CycleListSerializer.Meta):
        fields = [*CycleListSerializer.Meta.fields, "programme"]
        read_only_fields = fields


class CycleWriteSerializer(serializers.Serializer):
    applied_on = serializers.DateField(required=False)
    scope_text = serializers.CharField(max_length=services.MAX_SCOPE_CHARS, required=False)
    iaf_codes = IafCodeField(many=True, required=False)
    sites = serializers.ListField(
        child=StrictPrimaryKeyRelatedField(queryset=Site.objects.all()), required=False
    )
    employees = serializers.IntegerField(min_value=1, max_value=10_000_000, required=False)
    part_time_fte = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, required=False
    )
    note = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


def _engagements(user):
    return Engagement.objects.visible_to(user).filter(kind=EngagementKind.CERTIFICATION)


class CycleCreateSerializer(CycleWriteSerializer):
    engagement = StrictPrimaryKeyRelatedField(queryset=Engagement.objects.none())
    applied_on = serializers.DateField()
    scope_text = serializers.CharField(max_length=services.MAX_SCOPE_CHARS)
    employees = serializers.IntegerField(min_value=1, max_value=10_000_000)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["engagement"].queryset = _engagements(getattr(request, "user", None))
        return fields


class CycleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CycleStatus.choices)
    rule_set = django_filters.ChoiceFilter(choices=RuleSetCode.choices)
    enterprise = IdFilter(field_name="enterprise_id")

    class Meta:
        model = CertificationCycle
        fields = ["status", "rule_set", "enterprise"]


class CertificationCycleViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Certification cycles you may see (the certifying CB's admin and auditors, the client).
    Opening and changing a cycle needs cycle.change (CB admin)."""

    serializer_class = CycleSerializer
    output_serializer_class = CycleSerializer
    filterset_class = CycleFilter
    permission_classes = [CanCreate]
    create_action = "cycle.change"
    ordering_fields = ["id", "applied_on", "expires_on"]
    ordering = ["id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = CertificationCycle.objects.visible_to(self.request.user)
        if self.action == "list":
            return queryset.prefetch_related("iaf_codes", "sites")
        return queryset.prefetch_related("iaf_codes", "sites", "audits")

    def get_serializer_class(self):
        return {
            "list": CycleListSerializer,
            "create": CycleCreateSerializer,
            "partial_update": CycleWriteSerializer,
        }.get(self.action, CycleSerializer)

    @extend_schema(request=CycleCreateSerializer, responses={201: CycleSerializer})
    def create(self, request, *args, **kwargs):
        """Open a cycle on a certification engagement; a stage 1 and a stage 2 audit are
        planned. IAF codes (e.g. ["05"]) default to the enterprise's."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        engagement = data.pop("engagement")
        codes, sites = data.pop("iaf_codes", ()), data.pop("sites", ())
        cycle = services.cycle_create(
            actor=request.user, engagement=engagement, data=data, iaf_codes=codes, sites=sites
        )
        return self.respond(cycle, status.HTTP_201_CREATED)

    @extend_schema(request=CycleWriteSerializer, responses=CycleSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change the scope, codes, sites, staff numbers or note of an open cycle."""
        cycle = get_for_user(
            CertificationCycle, request.user, self.object_pk(), write_action="cycle.change"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        codes, sites = data.pop("iaf_codes", None), data.pop("sites", None)
        if data or codes is not None or sites is not None:
            cycle = services.cycle_update(
                actor=request.user, cycle=cycle, data=data, iaf_codes=codes, sites=sites
            )
        return self.respond(cycle)


def register(router) -> None:
    """Register this module's resources on the API router."""
    router.register(
        "certification-cycles", CertificationCycleViewSet, basename="certification-cycle"
    )
