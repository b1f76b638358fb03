"""REST API: the process map and its registers — /api/v1/processes/, /control-points/,
/parameters/ (with the chart actions of api_charts.py), /gauges/ and /equipment/.

Reads start from `visible_to(user)`; writes go through qualift.process.services.process_map.
No deletes: a process, parameter, gauge or machine that is no longer used is set inactive."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.documents.models import ControlledDocument
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprise_ids, qms_enterprises_for
from qualift.process.api_charts import ParameterChartActions
from qualift.process.choices import ChartType, Health, ParameterKind
from qualift.process.models import ControlPoint, Equipment, Gauge, Parameter, Process
from qualift.process.selectors_map import (
    get_control_point_for_user,
    get_equipment_for_user,
    get_gauge_for_user,
    get_parameter_for_user,
    get_process_for_user,
    overdue_gauges_q,
)
from qualift.process.services import process_map as services

CHANGE = "process.change"


def _members_for(user):
    """Users who belong to an enterprise whose records `user` may read (owner candidates)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organization__enterprise__pk__in=qms_enterprise_ids(user),
            memberships__is_active=True,
        )
        .distinct()
    )


def _visible(model):
    return lambda user: model.objects.visible_to(user)


def _enterprise_field(help_text):
    return ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for, queryset=Enterprise.objects.all(), help_text=help_text
    )


class _EnterpriseFixed:
    """A record stays with the enterprise (and parent) it was created under."""

    fixed_on_update: tuple[str, ...] = ("enterprise",)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in self.fixed_on_update:
                fields[name].read_only = True
        return fields


# -- serializers -------------------------------------------------------------------------------


class ProcessSerializer(_EnterpriseFixed, serializers.ModelSerializer):
    enterprise = _enterprise_field(_("Id of the enterprise the process belongs to."))
    owner = ScopedPrimaryKeyRelatedField(
        scope=_members_for,
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the owning user (a member of the enterprise); optional."),
    )
    control_points = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Process
        fields = [
            "id",
            "enterprise",
            "code",
            "name",
            "is_key",
            "sequence",
            "owner_name",
            "owner",
            "description",
            "inputs",
            "outputs",
            "factor_people",
            "factor_machine",
            "factor_material",
            "factor_method",
            "factor_environment",
            "factor_measurement",
            "is_active",
            "control_points",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # The service reports a used code under `code`; no generic unique-set check.
        validators = []


class ControlPointSerializer(_EnterpriseFixed, serializers.ModelSerializer):
    fixed_on_update = ("process",)
    process = ScopedPrimaryKeyRelatedField(
        scope=_visible(Process),
        queryset=Process.objects.all(),
        help_text=_("Id of the process the control point belongs to."),
    )
    parameters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ControlPoint
        fields = [
            "id",
            "enterprise",
            "process",
            "name",
            "location",
            "description",
            "sequence",
            "parameters",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["enterprise", "created_at", "updated_at"]


class ParameterSerializer(_EnterpriseFixed, serializers.ModelSerializer):
    fixed_on_update = ("control_point",)
    control_point = ScopedPrimaryKeyRelatedField(
        scope=_visible(ControlPoint),
        queryset=ControlPoint.objects.all(),
        help_text=_("Id of the key control point the parameter belongs to."),
    )
    process = serializers.IntegerField(source="control_point.process_id", read_only=True)
    gauge = ScopedPrimaryKeyRelatedField(
        scope=_visible(Gauge),
        queryset=Gauge.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the gauge used (a gauge of the same enterprise)."),
    )
    gauge_overdue = serializers.SerializerMethodField(
        help_text=_("True when the gauge's calibration is overdue (or not on record).")
    )

    class Meta:
        model = Parameter
        fields = [
            "id",
            "enterprise",
            "process",
            "control_point",
            "name",
            "kind",
            "unit",
            "target",
            "lsl",
            "usl",
            "subgroup_size",
            "sample_size",
            "frequency",
            "method",
            "gauge",
            "gauge_overdue",
            "reaction_plan",
            "chart_type",
            "rules",
            "ewma_lambda",
            "ewma_l",
            "cusum_k",
            "cusum_h",
            "alarm_mode",
            "is_active",
            "sequence",
            "next_subgroup",
            "health",
            "health_note",
            "health_cpk",
            "health_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "enterprise",
            "next_subgroup",
            "health",
            "health_note",
            "health_cpk",
            "health_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_gauge_overdue(self, parameter: Parameter) -> bool:
        return bool(parameter.gauge_id and parameter.gauge.calibration_overdue())


class GaugeSerializer(_EnterpriseFixed, serializers.ModelSerializer):
    enterprise = _enterprise_field(_("Id of the enterprise owning the gauge."))
    calibration_interval_months = serializers.IntegerField(
        min_value=1, max_value=services.MAX_CALIBRATION_MONTHS, required=False
    )
    calibration_overdue = serializers.SerializerMethodField(
        help_text=_("True when the calibration due date has passed or none is on record.")
    )
    parameter_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Gauge
        fields = [
            "id",
            "enterprise",
            "code",
            "name",
            "kind",
            "measuring_range",
            "resolution",
            "location",
            "last_calibrated_on",
            "calibration_interval_months",
            "calibration_due",
            "certificate_ref",
            "calibration_overdue",
            "is_active",
            "parameter_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_calibration_overdue(self, gauge: Gauge) -> bool:
        return gauge.calibration_overdue()


class GaugeCalibrationSerializer(serializers.Serializer):
    calibrated_on = serializers.DateField(help_text=_("Day of the calibration (not future)."))
    certificate_ref = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class EquipmentSerializer(_EnterpriseFixed, serializers.ModelSerializer):
    enterprise = _enterprise_field(_("Id of the enterprise owning the equipment."))
    process = ScopedPrimaryKeyRelatedField(
        scope=_visible(Process),
        queryset=Process.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the process it serves (same enterprise); optional."),
    )
    instruction_document = ScopedPrimaryKeyRelatedField(
        scope=_visible(ControlledDocument),
        queryset=ControlledDocument.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the controlled document with the operating instruction; optional."),
    )
    maintenance_interval_days = serializers.IntegerField(
        min_value=1, max_value=services.MAX_MAINTENANCE_DAYS, required=False, allow_null=True
    )
    maintenance_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Equipment
        fields = [
            "id",
            "enterprise",
            "code",
            "name",
            "model_number",
            "location",
            "process",
            "operating_instruction",
            "instruction_document",
            "last_maintained_on",
            "maintenance_interval_days",
            "next_maintenance_on",
            "maintenance_overdue",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_maintenance_overdue(self, equipment: Equipment) -> bool:
        return equipment.maintenance_overdue()


class EquipmentMaintenanceSerializer(serializers.Serializer):
    maintained_on = serializers.DateField(help_text=_("Day of the maintenance (not future)."))


# -- filters -----------------------------------------------------------------------------------


class ProcessFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    is_key = django_filters.BooleanFilter()
    is_active = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="search", help_text="code or name contains")

    class Meta:
        model = Process
        fields = ["enterprise", "is_key", "is_active", "q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class ControlPointFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    process = IdFilter(field_name="process_id")

    class Meta:
        model = ControlPoint
        fields = ["enterprise", "process"]


class ParameterFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    process = IdFilter(field_name="control_point__process_id")
    control_point = IdFilter(field_name="control_point_id")
    gauge = IdFilter(field_name="gauge_id")
    kind = django_filters.ChoiceFilter(choices=ParameterKind.choices)
    chart_type = django_filters.ChoiceFilter(choices=ChartType.choices)
    health = django_filters.ChoiceFilter(choices=Health.choices)
    is_key = django_filters.BooleanFilter(
        field_name="control_point__process__is_key", help_text="parameters of key processes"
    )
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Parameter
        fields = [
            "enterprise",
            "process",
            "control_point",
            "gauge",
            "kind",
            "chart_type",
            "health",
            "is_key",
            "is_active",
        ]


class GaugeFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="true: calibration due date passed or none on record",
    )
    is_active = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="search", help_text="code or name contains")

    class Meta:
        model = Gauge
        fields = ["enterprise", "overdue", "is_active", "q"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        due = overdue_gauges_q()
        return queryset.filter(due) if value else queryset.exclude(due)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class EquipmentFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    process = IdFilter(field_name="process_id")
    maintenance_overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text="true: in use and the next maintenance date passed"
    )
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Equipment
        fields = ["enterprise", "process", "maintenance_overdue", "is_active"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        due = Q(is_active=True, next_maintenance_on__lt=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)


# -- viewsets ----------------------------------------------------------------------------------


class _MapViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List, read, create, PUT/PATCH through the services; no delete."""

    permission_classes = [CanCreate]
    create_action = CHANGE
    lookup = None  # get_<thing>_for_user(user, pk, action=…)

    def _for_change(self):
        return type(self).lookup(self.request.user, self.object_pk(), action=CHANGE)

    def _save(self, data: dict, instance=None):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = self._save(dict(serializer.validated_data))
        return self.respond(saved, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        instance = self._for_change()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        saved = self._save(dict(serializer.validated_data), instance)
        return self.respond(saved)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class ProcessViewSet(_MapViewSet):
    """Processes of the enterprises whose quality records you may read (key processes have
    `is_key`), with the ids of their key control points."""

    serializer_class = ProcessSerializer
    output_serializer_class = ProcessSerializer
    filterset_class = ProcessFilter
    ordering_fields = ["sequence", "code", "name", "id"]
    ordering = ["enterprise_id", "sequence", "code"]
    lookup = staticmethod(get_process_for_user)

    def get_queryset(self):
        return (
            Process.objects.visible_to(self.request.user)
            .select_related("enterprise")
            .prefetch_related("control_points")
        )

    def _save(self, data, instance=None):
        enterprise = instance.enterprise if instance else data.pop("enterprise")
        return services.process_save(
            actor=self.request.user, enterprise=enterprise, data=data, process=instance
        )


class ControlPointViewSet(_MapViewSet):
    """Key control points, each within one process, with the ids of their parameters."""

    serializer_class = ControlPointSerializer
    output_serializer_class = ControlPointSerializer
    filterset_class = ControlPointFilter
    ordering_fields = ["sequence", "name", "id"]
    ordering = ["process_id", "sequence", "id"]
    lookup = staticmethod(get_control_point_for_user)

    def get_queryset(self):
        return ControlPoint.objects.visible_to(self.request.user).prefetch_related("parameters")

    def _save(self, data, instance=None):
        process = instance.process if instance else data.pop("process")
        return services.control_point_save(
            actor=self.request.user, process=process, data=data, point=instance
        )


class ParameterViewSet(ParameterChartActions, _MapViewSet):
    """Key control parameters: specification (one-sided allowed), sampling, gauge (with its
    overdue flag), chart and run rules, reaction plan; the chart type must fit the kind
    (variables: X̄-R, X̄-S, I-MR, EWMA, CUSUM; attributes: p, np, c, u)."""

    serializer_class = ParameterSerializer
    output_serializer_class = ParameterSerializer
    filterset_class = ParameterFilter
    ordering_fields = ["sequence", "name", "health", "id"]
    ordering = ["control_point_id", "sequence", "id"]
    lookup = staticmethod(get_parameter_for_user)

    def get_queryset(self):
        return Parameter.objects.visible_to(self.request.user).select_related(
            "control_point", "gauge"
        )

    def _save(self, data, instance=None):
        point = instance.control_point if instance else data.pop("control_point")
        return services.parameter_save(
            actor=self.request.user, control_point=point, data=data, parameter=instance
        )


class GaugeViewSet(_MapViewSet):
    """The gauge register: calibration interval and due date; `overdue=true` lists gauges whose
    calibration is past due (their readings are flagged)."""

    serializer_class = GaugeSerializer
    output_serializer_class = GaugeSerializer
    filterset_class = GaugeFilter
    ordering_fields = ["code", "name", "calibration_due", "id"]
    ordering = ["enterprise_id", "code"]
    lookup = staticmethod(get_gauge_for_user)

    def get_queryset(self):
        return Gauge.objects.visible_to(self.request.user).annotate(
            parameter_count=Count("parameters")
        )

    def get_serializer_class(self):
        return GaugeCalibrationSerializer if self.action == "calibrate" else GaugeSerializer

    def _save(self, data, instance=None):
        enterprise = instance.enterprise if instance else data.pop("enterprise")
        return services.gauge_save(
            actor=self.request.user, enterprise=enterprise, data=data, gauge=instance
        )

    @extend_schema(request=GaugeCalibrationSerializer, responses=GaugeSerializer)
    @action(detail=True, methods=["post"])
    def calibrate(self, request, *args, **kwargs):
        """Record a calibration: the next is due one interval later."""
        gauge = self._for_change()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.gauge_calibrated(actor=request.user, gauge=gauge, **serializer.validated_data)
        return self.respond(gauge)


class EquipmentViewSet(_MapViewSet):
    """The equipment register: operating instruction (text and/or a controlled document) and
    maintenance dates."""

    serializer_class = EquipmentSerializer
    output_serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilter
    ordering_fields = ["code", "name", "next_maintenance_on", "id"]
    ordering = ["enterprise_id", "code"]
    lookup = staticmethod(get_equipment_for_user)

    def get_queryset(self):
        return Equipment.objects.visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "maintained":
            return EquipmentMaintenanceSerializer
        return EquipmentSerializer

    def _save(self, data, instance=None):
        enterprise = instance.enterprise if instance else data.pop("enterprise")
        return services.equipment_save(
            actor=self.request.user, enterprise=enterprise, data=data, equipment=instance
        )

    @extend_schema(request=EquipmentMaintenanceSerializer, responses=EquipmentSerializer)
    @action(detail=True, methods=["post"])
    def maintained(self, request, *args, **kwargs):
        """Record a maintenance: the next is due one interval later."""
        equipment = self._for_change()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.equipment_maintained(
            actor=request.user, equipment=equipment, **serializer.validated_data
        )
        return self.respond(equipment)


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("processes", ProcessViewSet, basename="process")
    router.register("control-points", ControlPointViewSet, basename="control-point")
    router.register("parameters", ParameterViewSet, basename="parameter")
    router.register("gauges", GaugeViewSet, basename="gauge")
    router.register("equipment", EquipmentViewSet, basename="equipment")
