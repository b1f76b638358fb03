"""API: management reviews (/api/v1/management-reviews/): list (?enterprise=&status=), plan
(POST), read with the pack and outputs, PATCH the plan or the outcome (conclusion and notes),
POST {id}/pack/ to gather the inputs again, POST {id}/outputs/ to add a decision or an action."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprises_for
from qualift.objectives import selectors_reviews as selectors
from qualift.objectives.choices import ReviewOutputKind, ReviewStatus
from qualift.objectives.models import Employee, ManagementReview, ReviewOutput
from qualift.objectives.review_pack import SECTIONS
from qualift.objectives.services import reviews as services

PLAN_FIELDS = services.REVIEW_FIELDS + ("participants",)


def _employees(user):
    return Employee.objects.visible_to(user)


class ManagementReviewOutputSerializer(serializers.ModelSerializer):
    action_status = serializers.CharField(
        source="action.status", read_only=True, default=None, help_text=_("Status of the action.")
    )

    class Meta:
        model = ReviewOutput
        fields = [
            "id",
            "kind",
            "text",
            "owner",
            "owner_name",
            "due_on",
            "action",
            "action_status",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.OBJECT)
class _PackField(serializers.JSONField):
    """The review pack: one object per input section (keys as in review_pack.SECTIONS)."""


class ManagementReviewSerializer(serializers.ModelSerializer):
    pack = _PackField(read_only=True)
    input_notes = serializers.DictField(child=serializers.CharField(), read_only=True)
    outputs = ManagementReviewOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "enterprise",
            "title",
            "held_on",
            "period_start",
            "period_end",
            "chaired_by",
            "participants",
            "other_participants",
            "status",
            "previous",
            "pack",
            "pack_generated_at",
            "input_notes",
            "conclusion",
            "outputs",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ManagementReviewListSerializer(ManagementReviewSerializer):
    class Meta(ManagementReviewSerializer.Meta):
        fields = [f for f in ManagementReviewSerializer.Meta.fields if f not in ("pack", "outputs")]
        read_only_fields = fields


class ManagementReviewCreateSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for,
        queryset=Enterprise.objects.all(),
        help_text=_("Id of the enterprise."),
    )
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    chaired_by = serializers.CharField(max_length=100, required=False, allow_blank=True)
    other_participants = serializers.CharField(max_length=300, required=False, allow_blank=True)
    participants = serializers.ListField(
        child=ScopedPrimaryKeyRelatedField(scope=_employees, queryset=Employee.objects.all()),
        required=False,
        default=list,
        help_text=_("Ids of employees of the enterprise."),
    )


class ManagementReviewUpdateSerializer(serializers.Serializer):
    """Plan fields change the plan; `conclusion` (with optional `input_notes`) records the outcome
    and marks the review held."""

    title = serializers.CharField(max_length=200, required=False)
    held_on = serializers.DateField(required=False)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    chaired_by = serializers.CharField(max_length=100, required=False, allow_blank=True)
    other_participants = serializers.CharField(max_length=300, required=False, allow_blank=True)
    participants = serializers.ListField(
        child=ScopedPrimaryKeyRelatedField(scope=_employees, queryset=Employee.objects.all()),
        required=False,
    )
    conclusion = serializers.CharField(
        max_length=services.MAX_CONCLUSION_CHARS, required=False, allow_blank=True
    )
    input_notes = serializers.DictField(
        child=serializers.CharField(max_length=services.MAX_NOTE_CHARS, allow_blank=True),
        required=False,
        help_text=_("Notes on the inputs, keyed by pack section: %(keys)s.")
        % {"keys": ", ".join(SECTIONS)},
    )


class ManagementReviewOutputCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewOutputKind.choices)
    text = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    owner = ScopedPrimaryKeyRelatedField(
        scope=_employees,
        queryset=Employee.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the employee who owns the action."),
    )
    owner_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class ManagementReviewFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)

    class Meta:
        model = ManagementReview
        fields = ["enterprise", "status"]


class ManagementReviewViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Management reviews (ISO 9001 9.3) of the enterprises whose quality records you see."""

    serializer_class = ManagementReviewSerializer
    output_serializer_class = ManagementReviewSerializer
    filterset_class = ManagementReviewFilter
    permission_classes = [CanCreate]
    create_action = services.REVIEW
    ordering_fields = ["held_on", "created_at", "id"]
    ordering = ["-held_on", "-id"]

    def get_queryset(self):
        outputs = ReviewOutput.objects.select_related("action").order_by("id")
        return (
            ManagementReview.objects.visible_to(self.request.user)
            .prefetch_related("participants", Prefetch("outputs", queryset=outputs))
            .order_by("-held_on", "-id")
        )

    def get_serializer_class(self):
        return {
            "list": ManagementReviewListSerializer,
            "create": ManagementReviewCreateSerializer,
            "partial_update": ManagementReviewUpdateSerializer,
            "outputs": ManagementReviewOutputCreateSerializer,
            "pack": serializers.Serializer,
        }.get(self.action, ManagementReviewSerializer)

    @extend_schema(
        request=ManagementReviewCreateSerializer, responses={201: ManagementReviewSerializer}
    )
    def create(self, request, *args, **kwargs):
        """Plan a review."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        review = services.review_create(actor=request.user, enterprise=enterprise, data=data)
        return self.respond(review, status.HTTP_201_CREATED)

    @extend_schema(request=ManagementReviewUpdateSerializer, responses=ManagementReviewSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change the plan, and/or record the outcome (`conclusion`, `input_notes`)."""
        review = selectors.get_review_for_user(request.user, self.object_pk(), services.REVIEW)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = {k: data[k] for k in PLAN_FIELDS if k in data}
        if plan:
            review = services.review_update(actor=request.user, review=review, data=plan)
        if "conclusion" in data or "input_notes" in data:
            review = services.review_record_outcome(
                actor=request.user,
                review=review,
                conclusion=data.get("conclusion", review.conclusion),
                input_notes=data.get("input_notes", review.input_notes),
            )
        return self.respond(review)

    @extend_schema(request=None, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def pack(self, request, *args, **kwargs):
        """Gather the review's inputs from the system again (as of today)."""
        review = selectors.get_review_for_user(request.user, self.object_pk(), services.REVIEW)
        review = services.review_generate_pack(
            actor=request.user, review=review, today=timezone.localdate()
        )
        return self.respond(review)

    @extend_schema(
        request=ManagementReviewOutputCreateSerializer,
        responses={201: ManagementReviewSerializer},
    )
    @action(detail=True, methods=["post"])
    def outputs(self, request, *args, **kwargs):
        """Add a decision or an action; an action needs owner_name (or owner) and due_on and
        becomes an improvement action in the enterprise's action list."""
        review = selectors.get_review_for_user(request.user, self.object_pk(), services.REVIEW)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_output_add(
            actor=request.user, review=review, data=dict(serializer.validated_data)
        )
        return self.respond(review, status.HTTP_201_CREATED)


def register(router) -> None:
    """Register the management-review viewset on the /api/v1/ router."""
    router.register("management-reviews", ManagementReviewViewSet, basename="management-review")
