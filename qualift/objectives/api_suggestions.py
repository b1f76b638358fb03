"""API: improvement suggestions (/api/v1/suggestions/): list (?enterprise=&status=), submit,
read, and the stage actions evaluate, decide, implement and reward."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import (
    IdFilter,
    ScopedPrimaryKeyRelatedField,
    ServiceViewSetMixin,
    StrictPrimaryKeyRelatedField,
)
from qualift.api.permissions import CanCreate
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprises_for
from qualift.objectives import selectors_suggestions as selectors
from qualift.objectives.choices import SuggestionStatus
from qualift.objectives.models import Employee, RewardEntry, Suggestion
from qualift.objectives.services import suggestions as services


class SuggestionRewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = RewardEntry
        fields = ["id", "employee", "stage", "awarded_on", "points", "amount", "note"]
        read_only_fields = fields


class SuggestionSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Benefit × cost × feasibility (1–125).")
    )
    rewards = SuggestionRewardSerializer(many=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "enterprise",
            "number",
            "title",
            "description",
            "employee",
            "submitter_name",
            "via_link",
            "submitted_on",
            "status",
            "benefit",
            "cost",
            "feasibility",
            "score",
            "evaluation_note",
            "decided_on",
            "decision_reason",
            "implemented_on",
            "implementation_note",
            "rewarded_on",
            "rewards",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SuggestionCreateSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for, queryset=Enterprise.objects.all()
    )
    title = serializers.CharField(max_length=services.MAX_TITLE_CHARS)
    description = serializers.CharField(max_length=services.MAX_DESCRIPTION_CHARS)
    employee = StrictPrimaryKeyRelatedField(
        queryset=Employee.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("An employee of the enterprise; empty for an anonymous suggestion."),
    )
    submitter_name = serializers.CharField(
        max_length=services.MAX_NAME_CHARS, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs):
        employee = attrs.get("employee")
        if employee is not None and employee.enterprise_id != attrs["enterprise"].pk:
            raise serializers.ValidationError({"employee": [_("Not found.")]})
        return attrs


class SuggestionEvaluateSerializer(serializers.Serializer):
    benefit = serializers.IntegerField(min_value=1, max_value=5)
    cost = serializers.IntegerField(min_value=1, max_value=5, help_text=_("5 = cheapest."))
    feasibility = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(
        max_length=services.MAX_NOTE_CHARS, required=False, allow_blank=True, default=""
    )


class SuggestionDecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=services.MAX_NOTE_CHARS)
    day = serializers.DateField()


class SuggestionImplementSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=services.MAX_NOTE_CHARS)
    day = serializers.DateField()


class SuggestionRewardInputSerializer(serializers.Serializer):
    day = serializers.DateField()
    points = serializers.IntegerField(
        min_value=0, max_value=services.MAX_POINTS, required=False, default=0
    )
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, default=0
    )
    note = serializers.CharField(
        max_length=services.MAX_LEDGER_NOTE_CHARS, required=False, allow_blank=True, default=""
    )


class SuggestionFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices)

    class Meta:
        model = Suggestion
        fields = ["enterprise", "status"]


class SuggestionViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Improvement suggestions of the enterprises whose quality records you see, with their stage
    and reward lines. Submitting needs suggestion.create; the stage actions suggestion.evaluate."""

    serializer_class = SuggestionSerializer
    output_serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilter
    permission_classes = [CanCreate]
    create_action = "suggestion.create"
    ordering_fields = ["submitted_on", "number", "id"]
    ordering = ["enterprise_id", "-submitted_on", "-id"]

    def get_queryset(self):
        return Suggestion.objects.visible_to(self.request.user).prefetch_related("rewards")

    def get_serializer_class(self):
        return {
            "create": SuggestionCreateSerializer,
            "evaluate": SuggestionEvaluateSerializer,
            "decide": SuggestionDecideSerializer,
            "implement": SuggestionImplementSerializer,
            "reward": SuggestionRewardInputSerializer,
        }.get(self.action, SuggestionSerializer)

    @extend_schema(request=SuggestionCreateSerializer, responses={201: SuggestionSerializer})
    def create(self, request, *args, **kwargs):
        """Submit a suggestion (numbered S-<year>-<seq>); with an employee it earns the scheme's
        points for a suggestion."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        suggestion = services.suggestion_submit(
            actor=request.user, enterprise=enterprise, data=data
        )
        return self.respond(suggestion, status.HTTP_201_CREATED)

    def _stage(self, request, service):
        suggestion = selectors.get_suggestion_for_user(
            request.user, self.object_pk(), action="suggestion.evaluate"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestion = service(actor=request.user, suggestion=suggestion, **serializer.validated_data)
        return self.respond(suggestion)

    @extend_schema(request=SuggestionEvaluateSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, *args, **kwargs):
        """Score a submitted suggestion 1–5 on benefit, cost (5 = cheapest) and feasibility."""
        return self._stage(request, services.suggestion_evaluate)

    @extend_schema(request=SuggestionDecideSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        """Accept (after evaluation) or decline, with the reason."""
        return self._stage(request, services.suggestion_decide)

    @extend_schema(request=SuggestionImplementSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, *args, **kwargs):
        """Record what was done for an accepted suggestion, and when."""
        return self._stage(request, services.suggestion_implement)

    @extend_schema(request=SuggestionRewardInputSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def reward(self, request, *args, **kwargs):
        """Close an implemented suggestion with extra points, money and a recognition note."""
        return self._stage(request, services.suggestion_reward)


def register(router) -> None:
    """Register the suggestion viewset on the /api/v1/ router."""
    router.register("suggestions", SuggestionViewSet, basename="suggestion")
