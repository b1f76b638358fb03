"""REST API: assistance plans (/api/v1/plans/), their measures (/api/v1/measures/) and
milestones (/api/v1/milestones/). Writes go through qualift.assistance.services.plans."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import (
    IdFilter,
    ScopedPrimaryKeyRelatedField,
    ServiceViewSetMixin,
    StrictPrimaryKeyRelatedField,
)
from qualift.api.permissions import CanCreate
from qualift.assistance import selectors_plans as selectors
from qualift.assistance.access import assistance_entries
from qualift.assistance.choices import MeasureStatus, MilestoneStatus, PlanStatus
from qualift.assistance.models import (
    AssistanceIssue,
    Measure,
    Milestone,
    Plan,
    PlanIndicator,
    PlanRevision,
    PlanSignature,
)
from qualift.assistance.services import plans as services
from qualift.programs.models import LedgerEntry
from qualift.tenancy.models import User


def _entries(user):
    return assistance_entries(user, papers=False)


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "enterprise",
            "cb",
            "program",
            "issue",
            "common_issue",
            "kind",
            "title",
            "description",
            "cb_owner",
            "enterprise_owner",
            "starts_on",
            "due_on",
            "resources",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "plan",
            "enterprise",
            "measure",
            "title",
            "due_on",
            "acceptance_criteria",
            "status",
            "overdue",
            "achieved_on",
            "evidence",
            "achieved_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(timezone.localdate())


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanIndicator
        fields = ["id", "name", "unit", "baseline", "baseline_on", "target", "direction", "note"]
        read_only_fields = fields


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanSignature
        fields = ["id", "revision", "side", "signed_by", "name", "meaning", "signed_at"]
        read_only_fields = fields


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanRevision
        fields = ["id", "number", "reason", "created_by", "created_at"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    achieved = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    overdue = serializers.ListField(child=serializers.IntegerField(), help_text=_("Milestone ids."))


class PlanListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "ledger_entry",
            "enterprise",
            "cb",
            "program",
            "title",
            "approach",
            "points",
            "status",
            "revision",
            "agreed_at",
            "progress",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlanSerializer(PlanListSerializer):
    measures = MeasureSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    signatures = SignatureSerializer(many=True, read_only=True)
    revisions = RevisionSerializer(many=True, read_only=True)
    progress_detail = serializers.SerializerMethodField()

    class Meta(PlanListSerializer.Meta):
        fields = [
            *PlanListSerializer.Meta.fields,
            "measures",
            "milestones",
            "indicators",
            "signatures",
            "revisions",
            "progress_detail",
        ]
        read_only_fields = fields

    @extend_schema_field(ProgressSerializer)
    def get_progress_detail(self, obj) -> dict:
        data = selectors.plan_progress(obj, timezone.localdate())
        return {**data, "overdue": [m.pk for m in data["overdue"]]}


class PointsField(serializers.ListField):
    child = StrictPrimaryKeyRelatedField(queryset=AssistanceIssue.objects.all())


class PlanCreateSerializer(serializers.Serializer):
    entry = ScopedPrimaryKeyRelatedField(scope=_entries, queryset=LedgerEntry.objects.none())
    title = serializers.CharField(max_length=services.MAX_TITLE_CHARS)
    approach = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True, default=""
    )
    points = PointsField(required=False, default=list, help_text=_("Issue ids of this entry."))


class PlanPatchSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=services.MAX_TITLE_CHARS, required=False)
    approach = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )
    points = PointsField(required=False)


class SignSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=services.MAX_NAME_CHARS)
    meaning = serializers.CharField(max_length=services.MAX_MEANING_CHARS)


class ReviseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=services.MAX_TEXT_CHARS)


class PlanFilter(django_filters.FilterSet):
    program = IdFilter(field_name="program_id")
    enterprise = IdFilter(field_name="enterprise_id")
    cb = IdFilter(field_name="cb_id")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)

    class Meta:
        model = Plan
        fields = ["program", "enterprise", "cb", "status"]


class PlanViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """ "One enterprise, one policy" plans you may see (the assisting CB, the enterprise, the
    program office). Drafting needs plan.change; signing plan.sign."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    permission_classes = [CanCreate]
    create_action = "plan.change"
    output_serializer_class = PlanSerializer
    ordering_fields = ["id", "progress", "agreed_at"]
    ordering = ["id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = Plan.objects.visible_to(self.request.user)
        if self.action == "list":
            return queryset.prefetch_related("points")
        return queryset.select_related("enterprise__organization", "ledger_entry").prefetch_related(
            "points", "measures", "milestones", "indicators", "signatures", "revisions"
        )

    def get_serializer_class(self):
        return {
            "list": PlanListSerializer,
            "create": PlanCreateSerializer,
            "partial_update": PlanPatchSerializer,
            "sign": SignSerializer,
            "revise": ReviseSerializer,
        }.get(self.action, PlanSerializer)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        """Start the entry's plan (a draft) with its points (issue ids of that entry)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entry, points = data.pop("entry"), data.pop("points")
        plan = services.plan_create(actor=request.user, entry=entry, data=data, points=points)
        return self.respond(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanPatchSerializer, responses=PlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change a draft's title, approach or points (an agreed plan is revised first)."""
        plan = selectors.get_plan_for_user(request.user, self.object_pk(), action="plan.change")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        points = data.pop("points", None)
        if data or points is not None:
            plan = services.plan_update(actor=request.user, plan=plan, data=data, points=points)
        return self.respond(plan)

    @extend_schema(request=SignSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, *args, **kwargs):
        """Sign the current revision for your side (the CB or the enterprise); when both sides
        have signed, the plan is agreed and the ledger moves to "plan agreed"."""
        plan = selectors.get_plan_for_user(request.user, self.object_pk(), action="plan.sign")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.plan_sign(actor=request.user, plan=plan, **serializer.validated_data)
        return self.respond(plan)

    @extend_schema(request=ReviseSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request, *args, **kwargs):
        """Reopen an agreed plan as the next revision (a draft); the agreed one is kept."""
        plan = selectors.get_plan_for_user(request.user, self.object_pk(), action="plan.change")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.plan_revise(actor=request.user, plan=plan, **serializer.validated_data)
        return self.respond(plan)


def _plans(user):
    return Plan.objects.visible_to(user)


class MeasureWriteSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False)
    title = serializers.CharField(max_length=services.MAX_TITLE_CHARS, required=False)
    description = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )
    issue = StrictPrimaryKeyRelatedField(
        queryset=AssistanceIssue.objects.all(), required=False, allow_null=True
    )
    cb_owner = StrictPrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    enterprise_owner = StrictPrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    starts_on = serializers.DateField(required=False)
    due_on = serializers.DateField(required=False)
    resources = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=MeasureStatus.choices, required=False)


class MeasureCreateSerializer(MeasureWriteSerializer):
    plan = ScopedPrimaryKeyRelatedField(scope=_plans, queryset=Plan.objects.none())


class MeasureFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id")
    status = django_filters.ChoiceFilter(choices=MeasureStatus.choices)

    class Meta:
        model = Measure
        fields = ["plan", "status"]


class MeasureViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Plan measures. Creating and changing a draft plan's measures needs plan.change; the
    status (on an agreed plan) needs measure.update."""

    serializer_class = MeasureSerializer
    output_serializer_class = MeasureSerializer
    filterset_class = MeasureFilter
    permission_classes = [CanCreate]
    create_action = "plan.change"
    ordering_fields = ["id", "due_on", "starts_on"]
    ordering = ["plan_id", "starts_on", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Measure.objects.visible_to(self.request.user)

    def get_serializer_class(self):
        return {
            "create": MeasureCreateSerializer,
            "partial_update": MeasureWriteSerializer,
        }.get(self.action, MeasureSerializer)

    @extend_schema(request=MeasureCreateSerializer, responses={201: MeasureSerializer})
    def create(self, request, *args, **kwargs):
        """Add a measure to a draft plan."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        data.pop("status", None)
        measure = services.measure_save(actor=request.user, plan=plan, data=data)
        return self.respond(measure, status.HTTP_201_CREATED)

    @extend_schema(request=MeasureWriteSerializer, responses=MeasureSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change a draft plan's measure, or report its status ({"status": …})."""
        measure = selectors.get_measure_for_user(
            request.user, self.object_pk(), action="measure.update"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        new_status = data.pop("status", None)
        if data:
            selectors.get_measure_for_user(request.user, measure.pk, action="plan.change")
            measure = services.measure_save(
                actor=request.user, plan=measure.plan, measure=measure, data=data
            )
        if new_status is not None:
            measure = services.measure_set_status(
                actor=request.user, measure=measure, status=new_status, today=timezone.localdate()
            )
        return self.respond(measure)


class MilestoneWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=services.MAX_TITLE_CHARS, required=False)
    measure = StrictPrimaryKeyRelatedField(
        queryset=Measure.objects.all(), required=False, allow_null=True
    )
    due_on = serializers.DateField(required=False)
    acceptance_criteria = serializers.CharField(max_length=services.MAX_TEXT_CHARS, required=False)


class MilestoneCreateSerializer(MilestoneWriteSerializer):
    plan = ScopedPrimaryKeyRelatedField(scope=_plans, queryset=Plan.objects.none())


class AchieveSerializer(serializers.Serializer):
    day = serializers.DateField()
    evidence = serializers.CharField(max_length=services.MAX_TEXT_CHARS)


class MilestoneFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id")
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Milestone
        fields = ["plan", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        overdue = {"status": MilestoneStatus.PENDING, "due_on__lt": today}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class MilestoneViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Plan milestones (?overdue=true: pending and past due). Drafting needs plan.change;
    achieving one (on an agreed plan, with evidence) milestone.achieve."""

    serializer_class = MilestoneSerializer
    output_serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    permission_classes = [CanCreate]
    create_action = "plan.change"
    ordering_fields = ["id", "due_on"]
    ordering = ["plan_id", "due_on", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Milestone.objects.visible_to(self.request.user)

    def get_serializer_class(self):
        return {
            "create": MilestoneCreateSerializer,
            "partial_update": MilestoneWriteSerializer,
            "achieve": AchieveSerializer,
        }.get(self.action, MilestoneSerializer)

    @extend_schema(request=MilestoneCreateSerializer, responses={201: MilestoneSerializer})
    def create(self, request, *args, **kwargs):
        """Add a milestone to a draft plan."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        milestone = services.milestone_save(actor=request.user, plan=plan, data=data)
        return self.respond(milestone, status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneWriteSerializer, responses=MilestoneSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change a draft plan's milestone."""
        milestone = selectors.get_milestone_for_user(
            request.user, self.object_pk(), action="plan.change"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data:
            milestone = services.milestone_save(
                actor=request.user, plan=milestone.plan, milestone=milestone, data=data
            )
        return self.respond(milestone)

    @extend_schema(request=AchieveSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def achieve(self, request, *args, **kwargs):
        """Record the milestone as achieved on `day` with the evidence; updates the plan's
        progress and moves the ledger to "assisting"."""
        milestone = selectors.get_milestone_for_user(
            request.user, self.object_pk(), action="milestone.achieve"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        milestone = services.milestone_achieve(
            actor=request.user, milestone=milestone, **serializer.validated_data
        )
        return self.respond(milestone)


def register(router) -> None:
    """Register plans, measures and milestones on the /api/v1/ router."""
    router.register("plans", PlanViewSet, basename="plan")
    router.register("measures", MeasureViewSet, basename="measure")
    router.register("milestones", MilestoneViewSet, basename="milestone")
