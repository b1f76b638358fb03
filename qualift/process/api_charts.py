"""REST API: the chart/analysis and limit-freezing actions of /api/v1/parameters/{id}/.

`ParameterChartActions` is mixed into the parameter viewset (api_map.py): both actions find the
parameter with the viewset's `get_object()` (its queryset starts from `visible_to`: another
tenant's parameter is a 404), and freezing needs limits.freeze in the parameter's enterprise.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qualift.api.mixins import MAX_INT
from qualift.process.charting import MAX_POINTS, PHASES, parameter_chart_payload
from qualift.process.models import LimitSet
from qualift.process.services.limits import freeze_limits
from qualift.tenancy.permissions import can

FREEZE = "limits.freeze"


class LimitSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = LimitSet
        fields = [
            "id",
            "enterprise",
            "parameter",
            "version",
            "chart_type",
            "center",
            "sigma",
            "lcl",
            "ucl",
            "secondary_center",
            "secondary_lcl",
            "secondary_ucl",
            "first_subgroup",
            "last_subgroup",
            "n_points",
            "excluded_subgroups",
            "reason",
            "frozen_by",
            "frozen_by_name",
            "frozen_at",
        ]
        read_only_fields = fields


class FreezeLimitsSerializer(serializers.Serializer):
    first_subgroup = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text=_("First subgroup of phase I.")
    )
    last_subgroup = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text=_("Last subgroup of phase I.")
    )
    reason = serializers.CharField(help_text=_("Why these limits (kept with the limit set)."))
    exclude_flagged = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Leave out phase I points beyond the limits and re-estimate."),
    )

    def validate(self, attrs):
        if attrs["last_subgroup"] < attrs["first_subgroup"]:
            raise serializers.ValidationError(
                {"last_subgroup": _("The last subgroup must not be before the first.")}
            )
        return attrs


class ChartQuerySerializer(serializers.Serializer):
    max_points = serializers.IntegerField(
        required=False, min_value=10, max_value=MAX_INT, default=MAX_POINTS
    )
    phase = serializers.ChoiceField(choices=list(PHASES), required=False, default="all")


class ChartPointsSerializer(serializers.Serializer):
    """Per-point arrays of the displayed points (levels: a number when the same for every
    displayed point, else a list)."""

    subgroup = serializers.ListField(child=serializers.IntegerField())
    taken_at = serializers.ListField(child=serializers.CharField(allow_null=True))
    value = serializers.ListField(child=serializers.FloatField(allow_null=True))
    center = serializers.JSONField(help_text=_("A number, or one per displayed point."))
    lcl = serializers.JSONField()
    ucl = serializers.JSONField()
    zones = serializers.JSONField(help_text=_("lo1/hi1/lo2/hi2: the ±1σ and ±2σ lines."))
    code = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("0, or the lowest rule number firing.")
    )
    phase1 = serializers.ListField(child=serializers.IntegerField())
    excluded = serializers.ListField(child=serializers.IntegerField())
    lower = serializers.JSONField(help_text=_("CUSUM only: the lower statistic."))
    secondary = serializers.JSONField(help_text=_("The R, S or MR chart, when there is one."))


class ChartPayloadSerializer(serializers.Serializer):
    """What GET …/chart/ answers (see docs/control-charts.md)."""

    parameter = serializers.JSONField()
    summary = serializers.JSONField(
        allow_null=True, help_text=_("The engine's analysis, as `qualift spc --json` prints it.")
    )
    n_points = serializers.IntegerField()
    n_candidates = serializers.IntegerField()
    n_shown = serializers.IntegerField()
    n_flagged = serializers.IntegerField()
    downsampled = serializers.BooleanField()
    phase = serializers.CharField()
    phase1_range = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    has_phase2 = serializers.BooleanField()
    points = ChartPointsSerializer(allow_null=True)
    rules = serializers.JSONField(help_text=_("Rule code → label and words."))
    histogram = serializers.JSONField(allow_null=True)
    capability = serializers.JSONField(allow_null=True)
    message = serializers.CharField()


class ParameterChartActions:
    """Actions added to ParameterViewSet: chart (analysis), freeze-limits."""

    @extend_schema(
        summary="Control chart data of the parameter",
        parameters=[
            OpenApiParameter(
                "max_points",
                int,
                description="Most points to send (at most 5000; flagged points always kept).",
            ),
            OpenApiParameter("phase", str, enum=list(PHASES), description="all, 1 or 2."),
        ],
        responses=ChartPayloadSerializer,
    )
    @action(detail=True, methods=["get"], url_path="chart", url_name="chart")
    def chart(self, request, *args, **kwargs):
        """The analysis of the parameter's readings against its current limits, with display
        arrays downsampled to at most 5,000 points."""
        parameter = self.get_object()
        query = ChartQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        payload = parameter_chart_payload(
            parameter,
            max_points=min(query.validated_data["max_points"], MAX_POINTS),
            phase=query.validated_data["phase"],
        )
        return Response(payload)

    @extend_schema(
        summary="Freeze control limits from phase I",
        request=FreezeLimitsSerializer,
        responses={201: LimitSetSerializer},
    )
    @action(detail=True, methods=["post"], url_path="freeze-limits", url_name="freeze-limits")
    def freeze_limits(self, request, *args, **kwargs):
        """Estimate limits from the phase I subgroups and store them as the next version."""
        parameter = self.get_object()
        if not can(request.user, FREEZE, [parameter.enterprise.organization_id]):
            raise exceptions.PermissionDenied(_("Your role does not allow this."))
        serializer = FreezeLimitsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        limit_set = freeze_limits(
            actor=request.user, parameter=parameter, **serializer.validated_data
        )
        return Response(LimitSetSerializer(limit_set).data, status=status.HTTP_201_CREATED)
