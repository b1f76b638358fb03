"""API: the certificate register (/api/v1/certificates/: list ?status=&enterprise=&
expiring_within=, read with its history, POST {id}/status/, POST {id}/restore/) and certification
decisions (/api/v1/decisions/: list ?cycle=, create, read). Writes go through
qualift.certification.services.certificates / .decisions."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.certification import exports
from qualift.certification.access import get_for_user
from qualift.certification.choices import CertificateStatus, DecisionOutcome, StatusReason
from qualift.certification.models import (
    Audit,
    Certificate,
    CertificateEvent,
    CertificationCycle,
    Decision,
)
from qualift.certification.services import certificates as services
from qualift.certification.services import decisions as decision_services


class CertificateEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertificateEvent
        fields = ["id", "from_status", "to_status", "reason", "note", "on", "by"]
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    iaf_codes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    effective_status = serializers.SerializerMethodField(
        help_text=_("The status today: a valid or suspended certificate past expiry is expired.")
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "enterprise",
            "cb",
            "cycle",
            "holder",
            "scope_text",
            "iaf_codes",
            "sites",
            "standard",
            "first_issued_on",
            "issued_on",
            "expires_on",
            "status",
            "effective_status",
            "status_reason",
            "status_note",
            "status_since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=CertificateStatus.choices))
    def get_effective_status(self, obj) -> str:
        return obj.effective_status(timezone.localdate())


class CertificateDetailSerializer(CertificateSerializer):
    events = CertificateEventSerializer(many=True, read_only=True)

    class Meta(CertificateSerializer.Meta):
        fields = [*CertificateSerializer.Meta.fields, "events"]
        read_only_fields = fields


class CertificateStatusSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CertificateStatus.choices)
    reason = serializers.ChoiceField(choices=StatusReason.choices)
    note = serializers.CharField(
        max_length=services.MAX_NOTE_CHARS, required=False, allow_blank=True, default=""
    )


class RestoreSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=services.MAX_NOTE_CHARS)


@extend_schema_field(OpenApiTypes.INT)
class DaysFilter(django_filters.NumberFilter):
    """A whole number of days (0 to 3650); anything else is a 400."""

    field_class = forms.IntegerField


class CertificateFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=CertificateStatus.choices,
        method="filter_status",
        help_text=_("Effective status today."),
    )
    enterprise = IdFilter(field_name="enterprise_id")
    expiring_within = DaysFilter(
        method="filter_expiring",
        min_value=0,
        max_value=exports.MAX_EXPIRING_DAYS,
        help_text=_("Valid or suspended certificates expiring within this many days."),
    )

    class Meta:
        model = Certificate
        fields = ["status", "enterprise", "expiring_within"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(exports.effective_status_q(value, timezone.localdate()))

    def filter_expiring(self, queryset, name, value):
        today = timezone.localdate()
        until = today + dt.timedelta(days=int(value))
        return queryset.filter(
            status__in=exports.LIVE, expires_on__gte=today, expires_on__lte=until
        )


class CertificateViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Certificates you may see (the certifying CB's staff, the client). Status changes and
    restoration need certificate.change (the CB admin)."""

    serializer_class = CertificateSerializer
    output_serializer_class = CertificateDetailSerializer
    filterset_class = CertificateFilter
    ordering_fields = ["id", "expires_on", "issued_on", "number"]
    ordering = ["expires_on", "id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = Certificate.objects.visible_to(self.request.user).prefetch_related(
            "iaf_codes", "sites"
        )
        if self.action != "list":
            queryset = queryset.prefetch_related("events")
        return queryset

    def get_serializer_class(self):
        return {
            "list": CertificateSerializer,
            "status_change": CertificateStatusSerializer,
            "restore": RestoreSerializer,
        }.get(self.action, CertificateDetailSerializer)

    def _certificate(self, write: bool):
        return get_for_user(
            Certificate,
            self.request.user,
            self.object_pk(),
            write_action="certificate.change" if write else None,
            select=("enterprise__organization", "cycle"),
        )

    @extend_schema(request=CertificateStatusSerializer, responses=CertificateDetailSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def status_change(self, request, *args, **kwargs):
        """Suspend, withdraw, cancel or reinstate ({"to_status", "reason", "note"})."""
        certificate = self._certificate(write=True)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        certificate = services.certificate_set_status(
            actor=request.user, certificate=certificate, **serializer.validated_data
        )
        return self.respond(certificate)

    @extend_schema(request=RestoreSerializer, responses=CertificateDetailSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        """Restore an expired certificate whose recertification work is done ({"note"})."""
        certificate = self._certificate(write=True)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        certificate = services.certificate_restore(
            actor=request.user, certificate=certificate, **serializer.validated_data
        )
        return self.respond(certificate)


def _cycles(user):
    return CertificationCycle.objects.visible_to(user)


def _audits(user):
    return Audit.objects.visible_to(user)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "enterprise",
            "cb",
            "cycle",
            "audit",
            "outcome",
            "reasons",
            "decided_by",
            "decided_on",
            "created_at",
        ]
        read_only_fields = fields


class DecisionCreateSerializer(serializers.Serializer):
    cycle = ScopedPrimaryKeyRelatedField(scope=_cycles, queryset=CertificationCycle.objects.none())
    audit = ScopedPrimaryKeyRelatedField(scope=_audits, queryset=Audit.objects.none())
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    reasons = serializers.CharField(max_length=decision_services.MAX_REASONS_CHARS)
    decided_on = serializers.DateField(required=False)


class DecisionFilter(django_filters.FilterSet):
    cycle = IdFilter(field_name="cycle_id")

    class Meta:
        model = Decision
        fields = ["cycle"]


class DecisionViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Certification decisions you may see. Taking one needs certification.decide, and the
    decider must not have been on any audit team of the cycle."""

    serializer_class = DecisionSerializer
    output_serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    permission_classes = [CanCreate]
    create_action = "certification.decide"
    ordering_fields = ["id", "decided_on"]
    ordering = ["-decided_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Decision.objects.visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return DecisionCreateSerializer
        return DecisionSerializer

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def create(self, request, *args, **kwargs):
        """Grant or refuse certification on a completed audit of the cycle."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cycle = get_for_user(
            CertificationCycle,
            request.user,
            data.pop("cycle").pk,
            write_action="certification.decide",
        )
        decision = decision_services.decision_make(actor=request.user, cycle=cycle, **data)
        return self.respond(decision, status.HTTP_201_CREATED)


def register(router) -> None:
    """Register this module's resources on the API router."""
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("decisions", DecisionViewSet, basename="decision")
