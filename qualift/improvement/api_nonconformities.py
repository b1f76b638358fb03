"""API: nonconformities with their 5 whys and fishbone (/api/v1/nonconformities/)."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises.scoping import qms_enterprises_for
from qualift.improvement import selectors
from qualift.improvement.choices import CauseCategory, NcSource, NcStatus
from qualift.improvement.models import FishboneCause, Nonconformity, WhyStep
from qualift.improvement.services import nonconformities as services
from qualift.standards.models import Clause

WRITABLE = (
    "title",
    "description",
    "product",
    "process_name",
    "detected_on",
    "detected_by",
    "location",
    "severity",
    "quantity_affected",
    "quantity_unit",
    "containment",
    "correction",
)


class WhySerializer(serializers.ModelSerializer):
    class Meta:
        model = WhyStep
        fields = ["id", "position", "question", "answer", "is_root"]
        read_only_fields = ["id", "position", "is_root"]


class CauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = FishboneCause
        fields = ["id", "category", "description", "is_root"]
        read_only_fields = ["id", "is_root"]


class NonconformitySerializer(serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(scope=qms_enterprises_for)
    clause = serializers.SlugRelatedField(
        slug_field="number", queryset=Clause.objects.all(), required=False, allow_null=True
    )
    source = serializers.ChoiceField(choices=NcSource.choices)
    whys = WhySerializer(many=True, read_only=True)
    causes = CauseSerializer(many=True, read_only=True)
    actions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Nonconformity
        fields = [
            "id",
            "enterprise",
            "number",
            "source",
            "clause",
            *WRITABLE,
            "status",
            "root_cause_category",
            "effective",
            "effectiveness_note",
            "closed_at",
            "cancel_reason",
            "whys",
            "causes",
            "actions",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "number",
            "status",
            "root_cause_category",
            "effective",
            "effectiveness_note",
            "closed_at",
            "cancel_reason",
            "created_at",
        ]


class NcMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=NcStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NcVerdictSerializer(serializers.Serializer):
    effective = serializers.BooleanField()
    note = serializers.CharField()


class NcReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class NcWhyInputSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=300)
    answer = serializers.CharField(max_length=300)


class NcCauseInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CauseCategory.choices)
    description = serializers.CharField(max_length=300)


class NcRootSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("why", "why"), ("cause", "cause")])
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    is_root = serializers.BooleanField()


class NonconformityFilter(django_filters.FilterSet):
    enterprise = django_filters.NumberFilter(
        field_name="enterprise_id", min_value=1, max_value=2**63 - 1
    )
    status = django_filters.ChoiceFilter(choices=NcStatus.choices)
    source = django_filters.ChoiceFilter(choices=NcSource.choices)
    cause = django_filters.ChoiceFilter(
        field_name="root_cause_category", choices=CauseCategory.choices
    )
    detected_after = django_filters.DateFilter(field_name="detected_on", lookup_expr="gte")
    detected_before = django_filters.DateFilter(field_name="detected_on", lookup_expr="lte")

    class Meta:
        model = Nonconformity
        fields = ["enterprise", "status", "source", "cause"]


class NonconformityViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Nonconformities of the enterprises whose quality records you may read."""

    serializer_class = NonconformitySerializer
    filterset_class = NonconformityFilter
    permission_classes = [CanCreate]
    create_action = "nc.create"
    ordering_fields = ["detected_on", "number", "status", "id"]
    ordering = ["-detected_on", "-id"]

    def get_queryset(self):
        return (
            Nonconformity.objects.visible_to(self.request.user)
            .select_related("clause")
            .prefetch_related("whys", "causes", "actions")
        )

    def _nc(self, action: str) -> Nonconformity:
        return selectors.get_nc_for_user(self.request.user, self.object_pk(), action)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        nc = services.nc_create(
            actor=request.user,
            enterprise=data.pop("enterprise"),
            source=data.pop("source"),
            clause=data.pop("clause", None),
            data=data,
        )
        return self.respond(nc, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        nc = self._nc("nc.change")
        serializer = self.get_serializer(nc, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("enterprise", None)
        clause = data.pop("clause") if "clause" in data else ...
        services.nc_update(actor=request.user, nc=nc, data=data, clause=clause)
        return self.respond(nc)

    @extend_schema(request=NcMoveSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """One step forward: draft → analysing → action plan → implementing → verifying."""
        nc = self._nc("nc.change")
        body = NcMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.respond(
            services.nc_transition(actor=request.user, nc=nc, **body.validated_data)
        )

    @extend_schema(request=NcVerdictSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        nc = self._nc("nc.verify")
        body = NcVerdictSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.respond(services.nc_verify(actor=request.user, nc=nc, **body.validated_data))

    @extend_schema(request=None, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        nc = self._nc("nc.verify")
        return self.respond(services.nc_close(actor=request.user, nc=nc))

    @extend_schema(request=NcReasonSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        nc = self._nc("nc.change")
        body = NcReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.respond(services.nc_cancel(actor=request.user, nc=nc, **body.validated_data))

    @extend_schema(request=NcWhyInputSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"])
    def whys(self, request, *args, **kwargs):
        """Append a step to the 5-why chain."""
        nc = self._nc("nc.change")
        body = NcWhyInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.why_add(actor=request.user, nc=nc, **body.validated_data)
        return self.respond(nc, status.HTTP_201_CREATED)

    @extend_schema(request=NcCauseInputSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"])
    def causes(self, request, *args, **kwargs):
        """Add a fishbone cause under one of the six categories."""
        nc = self._nc("nc.change")
        body = NcCauseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.cause_add(actor=request.user, nc=nc, **body.validated_data)
        return self.respond(nc, status.HTTP_201_CREATED)

    @extend_schema(request=NcRootSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"], url_path="root-cause")
    def root_cause(self, request, *args, **kwargs):
        """Mark or unmark a why step or a fishbone cause as a root cause."""
        nc = self._nc("nc.change")
        body = NcRootSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        model = WhyStep if body.validated_data["kind"] == "why" else FishboneCause
        item = get_object_or_404(
            model.objects.filter(nonconformity=nc), pk=body.validated_data["item"]
        )
        services.root_mark(actor=request.user, item=item, is_root=body.validated_data["is_root"])
        return self.respond(nc)


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("nonconformities", NonconformityViewSet, basename="nonconformity")
