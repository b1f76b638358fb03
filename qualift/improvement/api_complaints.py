"""REST API: customer complaints (/api/v1/complaints/). Writes go through the services."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprises_for
from qualift.improvement.choices import ComplaintSeverity, ComplaintStatus
from qualift.improvement.models import Complaint
from qualift.improvement.selectors_complaints import get_complaint_for_user
from qualift.improvement.services import complaints as services

CHANGE = "complaint.change"


class ComplaintSerializer(serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for,
        queryset=Enterprise.objects.all(),
        help_text=_("Id of the enterprise that received the complaint."),
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    nonconformity_number = serializers.CharField(
        source="nonconformity.number", read_only=True, default=None
    )

    class Meta:
        model = Complaint
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "number",
            "customer",
            "product",
            "received_on",
            "description",
            "severity",
            "response",
            "responded_on",
            "status",
            "nonconformity",
            "nonconformity_number",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "number",
            "response",
            "responded_on",
            "status",
            "nonconformity",
            "created_at",
            "updated_at",
        ]
        # The service numbers the complaint; no generic (enterprise, number) uniqueness check.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a complaint stays with the enterprise it was received by
            fields["enterprise"].read_only = True
        return fields


class ComplaintResponseSerializer(serializers.Serializer):
    response = serializers.CharField(help_text=_("What the customer was told."))
    responded_on = serializers.DateField(required=False, help_text=_("Defaults to today."))


class ComplaintCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ComplaintFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices)
    severity = django_filters.ChoiceFilter(choices=ComplaintSeverity.choices)
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")

    class Meta:
        model = Complaint
        fields = ["enterprise", "status", "severity", "received_after", "received_before"]


class ComplaintViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Customer complaints of the enterprises whose quality records you may read."""

    serializer_class = ComplaintSerializer
    output_serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    permission_classes = [CanCreate]
    create_action = CHANGE
    ordering_fields = ["received_on", "number", "severity", "status", "id"]
    ordering = ["-received_on", "-id"]

    def get_queryset(self):
        return Complaint.objects.visible_to(self.request.user).select_related(
            "enterprise", "nonconformity"
        )

    def get_serializer_class(self):
        if self.action == "respond_to_customer":
            return ComplaintResponseSerializer
        if self.action == "close":
            return ComplaintCloseSerializer
        return ComplaintSerializer

    def _for_change(self) -> Complaint:
        return get_complaint_for_user(self.request.user, self.object_pk(), action=CHANGE)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        complaint = services.complaint_register(
            actor=request.user, enterprise=enterprise, data=data
        )
        return self.respond(complaint, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        complaint = self._for_change()
        serializer = self.get_serializer(complaint, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.complaint_update(
            actor=request.user, complaint=complaint, data=dict(serializer.validated_data)
        )
        return self.respond(complaint)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=ComplaintResponseSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"], url_path="respond", url_name="respond")
    def respond_to_customer(self, request, *args, **kwargs):
        """Record the response given to the customer (status becomes responded)."""
        complaint = self._for_change()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = services.complaint_respond(
            actor=request.user, complaint=complaint, **serializer.validated_data
        )
        return self.respond(complaint)

    @extend_schema(request=ComplaintCloseSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Close a complaint the customer has been answered on."""
        complaint = self._for_change()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = services.complaint_close(
            actor=request.user, complaint=complaint, note=serializer.validated_data["note"]
        )
        return self.respond(complaint)

    @extend_schema(request=None, responses={200: ComplaintSerializer, 201: ComplaintSerializer})
    @action(detail=True, methods=["post"], url_path="raise-nc", url_name="raise-nc")
    def raise_nc(self, request, *args, **kwargs):
        """Raise the nonconformity this complaint reveals; 200 with the existing link when it
        already raised one."""
        complaint = self._for_change()
        existed = complaint.nonconformity_id is not None
        services.complaint_raise_nc(actor=request.user, complaint=complaint)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return self.respond(complaint, code)


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("complaints", ComplaintViewSet, basename="complaint")
