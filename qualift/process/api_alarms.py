"""REST API: alarms (/api/v1/alarms/): list and read; raise the nonconformity, close with a
reason. Writes go through the services."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import IdFilter, ServiceViewSetMixin
from qualift.process.choices import AlarmStatus
from qualift.process.models import Alarm
from qualift.process.rule_text import rule_label, rule_words
from qualift.process.selectors_charts import get_alarm_for_user
from qualift.process.services import alarms as services

CHANGE = "alarm.change"


class AlarmSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    parameter_name = serializers.CharField(source="parameter.name", read_only=True)
    process_name = serializers.CharField(
        source="parameter.control_point.process.name", read_only=True
    )
    rule_label = serializers.SerializerMethodField()
    rule_words = serializers.SerializerMethodField()
    reaction_plan = serializers.CharField(source="parameter.reaction_plan", read_only=True)
    nonconformity_number = serializers.CharField(
        source="nonconformity.number", read_only=True, default=None
    )

    class Meta:
        model = Alarm
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "parameter",
            "parameter_name",
            "process_name",
            "limit_set",
            "rule_family",
            "rule",
            "chart",
            "rule_label",
            "rule_words",
            "reaction_plan",
            "first_subgroup",
            "last_subgroup",
            "point_count",
            "taken_at",
            "value",
            "status",
            "snapshot",
            "nonconformity",
            "nonconformity_number",
            "closed_by",
            "closed_at",
            "close_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_rule_label(self, alarm: Alarm) -> str:
        return rule_label(alarm.rule_family, alarm.rule, alarm.chart)

    def get_rule_words(self, alarm: Alarm) -> str:
        return rule_words(alarm.rule_family, alarm.rule, alarm.chart)


class AlarmCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the alarm is closed."))


class AlarmFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    parameter = IdFilter(field_name="parameter_id")
    status = django_filters.ChoiceFilter(choices=AlarmStatus.choices)

    class Meta:
        model = Alarm
        fields = ["enterprise", "parameter", "status"]


class AlarmViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Alarms of the enterprises whose process records you may read."""

    serializer_class = AlarmSerializer
    output_serializer_class = AlarmSerializer
    filterset_class = AlarmFilter
    ordering_fields = ["created_at", "taken_at", "status", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return Alarm.objects.visible_to(self.request.user).select_related(
            "enterprise", "parameter__control_point__process", "nonconformity"
        )

    def get_serializer_class(self):
        if self.action == "close":
            return AlarmCloseSerializer
        return AlarmSerializer

    def _for_change(self) -> Alarm:
        return get_alarm_for_user(self.request.user, self.object_pk(), action=CHANGE)

    @extend_schema(request=None, responses={200: AlarmSerializer, 201: AlarmSerializer})
    @action(detail=True, methods=["post"], url_path="raise-nc", url_name="raise-nc")
    def raise_nc(self, request, *args, **kwargs):
        """Raise the nonconformity for this alarm; 200 with the existing link when it already
        raised one."""
        alarm = self._for_change()
        existed = alarm.nonconformity_id is not None
        services.alarm_raise_nc(actor=request.user, alarm=alarm)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return self.respond(alarm, code)

    @extend_schema(request=AlarmCloseSerializer, responses=AlarmSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Close the alarm with a reason."""
        alarm = self._for_change()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alarm = services.alarm_close(
            actor=request.user, alarm=alarm, reason=serializer.validated_data["reason"]
        )
        return self.respond(alarm)


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("alarms", AlarmViewSet, basename="alarm")
