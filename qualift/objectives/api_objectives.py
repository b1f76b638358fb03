"""REST API: the objectives cascade (/api/v1/objectives/) and objective measurements
(/api/v1/objective-measurements/). Writes go through services.objectives."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprises_for
from qualift.objectives import selectors_objectives as selectors
from qualift.objectives.choices import Attainment, ObjectiveLevel
from qualift.objectives.models import (
    Department,
    Employee,
    Objective,
    ObjectiveMeasurement,
    Position,
)
from qualift.objectives.services import objectives as services
from qualift.objectives.services.objectives import OBJECTIVE_FIELDS
from qualift.process.models import Parameter

CHANGE = services.CHANGE


def _visible(model):
    return lambda user: model.objects.visible_to(user)


def _link(model, help_text):
    return ScopedPrimaryKeyRelatedField(
        scope=_visible(model),
        queryset=model.objects.all(),
        required=False,
        allow_null=True,
        help_text=help_text,
    )


def _parameters(user):
    return Parameter.objects.visible_to(user)


class ObjectiveSerializer(serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for,
        queryset=Enterprise.objects.all(),
        help_text=_("Id of the enterprise."),
    )
    parent = _link(Objective, _("Id of the objective this one contributes to."))
    department = _link(Department, _("Id of the department (level department)."))
    position = _link(Position, _("Id of the position (level position)."))
    employee = _link(Employee, _("Id of the employee (level employee)."))
    owner = _link(Employee, _("Id of the employee who owns the objective."))
    source_parameter = ScopedPrimaryKeyRelatedField(
        scope=_parameters,
        queryset=Parameter.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the process parameter (data source spc_cpk)."),
    )

    class Meta:
        model = Objective
        fields = [
            "id",
            "enterprise",
            *OBJECTIVE_FIELDS,
            "is_active",
            "latest_value",
            "latest_period_end",
            "attainment",
            "updated_at",
        ]
        read_only_fields = [
            "is_active",
            "latest_value",
            "latest_period_end",
            "attainment",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # an objective stays with its enterprise
            fields["enterprise"].read_only = True
        return fields


class ObjectiveMeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObjectiveMeasurement
        fields = [
            "id",
            "enterprise",
            "objective",
            "period_start",
            "period_end",
            "value",
            "attainment",
            "origin",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ObjectiveMeasurementInputSerializer(serializers.Serializer):
    objective = ScopedPrimaryKeyRelatedField(
        scope=_visible(Objective),
        queryset=Objective.objects.all(),
        help_text=_("Id of a manual objective."),
    )
    day = serializers.DateField(help_text=_("Any day of the period the value is for."))
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, help_text=_("The value, in the objective's unit.")
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ObjectiveFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    parent = IdFilter(field_name="parent_id")
    owner = IdFilter(field_name="owner_id")
    level = django_filters.ChoiceFilter(choices=ObjectiveLevel.choices)
    attainment = django_filters.ChoiceFilter(choices=Attainment.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Objective
        fields = ["enterprise", "parent", "owner", "level", "attainment", "is_active"]


class ObjectiveMeasurementFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    objective = IdFilter(field_name="objective_id")

    class Meta:
        model = ObjectiveMeasurement
        fields = ["enterprise", "objective"]


COMPUTED = inline_serializer(
    "ObjectiveComputeResult",
    fields={
        "periods": serializers.IntegerField(),
        "objective": ObjectiveSerializer(),
    },
)


class ObjectiveViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Quality objectives (ISO 9001 6.2) at enterprise, department, position and employee level,
    with their latest value and attainment, of the enterprises whose records you may read."""

    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter
    permission_classes = [CanCreate]
    create_action = CHANGE
    ordering_fields = ["name", "level", "id", "latest_period_end"]
    ordering = ["enterprise_id", "level", "name", "id"]

    def get_queryset(self):
        return selectors.objective_list(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        objective = services.objective_create(actor=request.user, enterprise=enterprise, data=data)
        return self.respond(objective, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        objective = selectors.get_objective_for_user(request.user, self.object_pk(), action=CHANGE)
        serializer = self.get_serializer(objective, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.objective_update(
            actor=request.user, objective=objective, data=dict(serializer.validated_data)
        )
        return self.respond(objective)

    @extend_schema(request=None, responses=COMPUTED)
    @action(detail=True, methods=["post"])
    def compute(self, request, *args, **kwargs):
        """(Re)compute a roll-up or computed objective for every completed period."""
        objective = selectors.get_objective_for_user(request.user, self.object_pk(), action=CHANGE)
        periods = services.objective_compute(
            actor=request.user, objective=objective, today=timezone.localdate()
        )
        fresh = self.get_queryset().get(pk=objective.pk)
        body = {
            "periods": periods,
            "objective": ObjectiveSerializer(fresh, context=self.get_serializer_context()).data,
        }
        return Response(body)


class ObjectiveMeasurementViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Objective values per period with their attainment. POST records a manual objective's
    value for the period containing `day` (a second value for the same period replaces it)."""

    serializer_class = ObjectiveMeasurementSerializer
    output_serializer_class = ObjectiveMeasurementSerializer
    filterset_class = ObjectiveMeasurementFilter
    permission_classes = [CanCreate]
    create_action = CHANGE
    ordering_fields = ["period_end", "id"]
    ordering = ["objective_id", "period_end"]

    def get_queryset(self):
        return ObjectiveMeasurement.objects.visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return ObjectiveMeasurementInputSerializer
        return ObjectiveMeasurementSerializer

    @extend_schema(
        request=ObjectiveMeasurementInputSerializer,
        responses={201: ObjectiveMeasurementSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        objective = selectors.get_objective_for_user(
            request.user, data["objective"].pk, action=CHANGE
        )
        row = services.measurement_record(
            actor=request.user,
            objective=objective,
            day=data["day"],
            value=data["value"],
            note=data["note"],
        )
        return self.respond(row, status.HTTP_201_CREATED)


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("objectives", ObjectiveViewSet, basename="objective")
    router.register(
        "objective-measurements", ObjectiveMeasurementViewSet, basename="objective-measurement"
    )
