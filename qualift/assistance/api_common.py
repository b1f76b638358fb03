"""API: industry-common problems (/api/v1/common-issues/): list (?program=), create (names the
problem and attaches its group measure to the affected enterprises' plans), read, and
groups/?program=ID (issues grouped by industry division and focus area)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin, parse_id
from qualift.api.permissions import CanCreate
from qualift.assistance import access, common
from qualift.assistance.choices import Area, MeasureKind
from qualift.assistance.models import CommonIssue
from qualift.assistance.services.common import common_issue_create
from qualift.enterprises.models import Enterprise
from qualift.programs.models import LedgerEntry, Program


def _ledger_enterprises(user):
    return Enterprise.objects.filter(
        pk__in=LedgerEntry.objects.visible_to(user).values("enterprise_id")
    )


class CommonIssueSerializer(serializers.ModelSerializer):
    enterprises = serializers.SerializerMethodField(
        help_text=_("The affected enterprises in your reach (ids).")
    )
    measure_count = serializers.SerializerMethodField(
        help_text=_("Group measures attached to plans.")
    )

    class Meta:
        model = CommonIssue
        fields = [
            "id",
            "program",
            "created_by_org",
            "gbt4754_division",
            "area",
            "title",
            "description",
            "measure_kind",
            "measure_title",
            "starts_on",
            "due_on",
            "enterprises",
            "measure_count",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_enterprises(self, obj) -> list[int]:
        request = self.context.get("request")
        reached = access.reach_entries(obj.program, getattr(request, "user", None))
        return sorted(
            obj.enterprises.filter(pk__in=reached.values("enterprise_id")).values_list(
                "pk", flat=True
            )
        )

    def get_measure_count(self, obj) -> int:
        return obj.measures.count()


class CommonIssueCreateSerializer(serializers.Serializer):
    program = ScopedPrimaryKeyRelatedField(
        scope=access.assistance_programs, queryset=Program.objects.all()
    )
    gbt4754_division = serializers.ChoiceField(choices=sorted(common.DIVISIONS))
    area = serializers.ChoiceField(choices=Area.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    measure_kind = serializers.ChoiceField(choices=MeasureKind.choices)
    measure_title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    enterprises = ScopedPrimaryKeyRelatedField(
        scope=_ledger_enterprises,
        queryset=Enterprise.objects.all(),
        many=True,
        help_text=_("Enterprise ids on the program's ledger in your reach."),
    )


class CommonGroupSerializer(serializers.Serializer):
    division = serializers.CharField(help_text=_("GB/T 4754 division code."))
    area = serializers.ChoiceField(choices=Area.choices)
    enterprises = serializers.ListField(child=serializers.IntegerField())
    issue_count = serializers.IntegerField()


class CommonIssueFilter(django_filters.FilterSet):
    program = IdFilter(field_name="program_id")

    class Meta:
        model = CommonIssue
        fields = ["program"]


class CommonIssueViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Industry-common problems of the programs you work on (program office or participating CB).
    Creating needs common_issue.change."""

    serializer_class = CommonIssueSerializer
    output_serializer_class = CommonIssueSerializer
    filterset_class = CommonIssueFilter
    permission_classes = [CanCreate]
    create_action = "common_issue.change"
    ordering_fields = ["created_at", "due_on", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return CommonIssue.objects.visible_to(self.request.user).select_related("program")

    def get_serializer_class(self):
        if self.action == "create":
            return CommonIssueCreateSerializer
        if self.action == "groups":
            return CommonGroupSerializer
        return CommonIssueSerializer

    @extend_schema(request=CommonIssueCreateSerializer, responses={201: CommonIssueSerializer})
    def create(self, request, *args, **kwargs):
        """Name a common problem and attach its group measure to every affected enterprise's plan
        in the program (the response's measure_count says how many)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        program = data.pop("program")
        enterprises = data.pop("enterprises")
        issue = common_issue_create(
            actor=request.user, program=program, data=data, enterprises=enterprises
        )
        return self.respond(issue, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("program", OpenApiTypes.INT, required=True),
            OpenApiParameter("min_enterprises", OpenApiTypes.INT, description=_("Default 2.")),
        ],
        responses=CommonGroupSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def groups(self, request, *args, **kwargs):
        """Assistance issues of the program grouped by industry division and focus area, where at
        least `min_enterprises` enterprises in your reach share the group."""
        raw = request.query_params.get("program")
        if raw is None:
            raise ValidationError({"program": [_("This parameter is required.")]})
        pk = parse_id(raw)
        if pk is None:
            raise ValidationError({"program": [_("Expected an id (a whole number).")]})
        minimum = request.query_params.get("min_enterprises", "2")
        if not (minimum.isascii() and minimum.isdigit() and 1 <= int(minimum) <= 1000):
            raise ValidationError({"min_enterprises": [_("A whole number from 1 to 1000.")]})
        program = access.assistance_programs(request.user).filter(pk=pk).first()
        if program is None:
            raise NotFound
        groups = common.common_problems(program, request.user, int(minimum))
        data = [
            {
                "division": g.division,
                "area": g.area,
                "enterprises": g.enterprise_ids,
                "issue_count": g.issue_count,
            }
            for g in groups
        ]
        return Response(CommonGroupSerializer(data, many=True).data)


def register(router) -> None:
    """Register the common-problem viewset on the /api/v1/ router."""
    router.register("common-issues", CommonIssueViewSet, basename="common-issue")
