"""API: the quality policy (/api/v1/quality-policies/): versions with their approval and
communication records; POST writes the open draft, PATCH edits it, `approve` puts it in force,
`communications` records how an approved version was communicated."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
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
from qualift.objectives import selectors_policy as selectors
from qualift.objectives.choices import CommunicationMethod, PolicyStatus
from qualift.objectives.models import Employee, PolicyCommunication, QualityPolicy
from qualift.objectives.services.policy import (
    MAX_NOTE_CHARS,
    MAX_SUMMARY_CHARS,
    MAX_TEXT_CHARS,
    policy_approve,
    policy_communicate,
    policy_draft,
)


class QualityPolicyCommunicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyCommunication
        fields = ["id", "method", "communicated_on", "audience", "employees", "note", "created_at"]
        read_only_fields = fields


class QualityPolicySerializer(serializers.ModelSerializer):
    approved_by = serializers.SerializerMethodField(
        help_text=_("The signed-in user who recorded the approval.")
    )
    communications = QualityPolicyCommunicationSerializer(many=True, read_only=True)

    class Meta:
        model = QualityPolicy
        fields = [
            "id",
            "enterprise",
            "version",
            "status",
            "text",
            "change_summary",
            "approved_by_name",
            "approval_meaning",
            "approved_by",
            "approved_at",
            "communications",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_approved_by(self, policy: QualityPolicy) -> str:
        return policy.approved_by.get_username() if policy.approved_by_id else ""


class QualityPolicyDraftSerializer(serializers.Serializer):
    """The open draft's text: a new version when there is no open draft, else the draft edited."""

    enterprise = ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for, queryset=Enterprise.objects.all()
    )
    text = serializers.CharField(max_length=MAX_TEXT_CHARS)
    change_summary = serializers.CharField(
        max_length=MAX_SUMMARY_CHARS, required=False, allow_blank=True, default=""
    )


class QualityPolicyDraftUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT_CHARS, required=False)
    change_summary = serializers.CharField(
        max_length=MAX_SUMMARY_CHARS, required=False, allow_blank=True
    )


class QualityPolicyApproveSerializer(serializers.Serializer):
    approved_by_name = serializers.CharField(
        max_length=100, help_text=_("Name and position, as signed.")
    )
    meaning = serializers.CharField(max_length=200, help_text=_("What the approval means."))


class QualityPolicyCommunicateSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=CommunicationMethod.choices)
    communicated_on = serializers.DateField()
    audience = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    employees = serializers.ListField(
        child=StrictPrimaryKeyRelatedField(queryset=Employee.objects.none()),
        required=False,
        default=list,
        help_text=_("Ids of employees of the policy's enterprise."),
    )
    note = serializers.CharField(
        max_length=MAX_NOTE_CHARS, required=False, allow_blank=True, default=""
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = self.context.get("policy")
        if policy is not None:
            self.fields["employees"].child.queryset = Employee.objects.filter(
                enterprise_id=policy.enterprise_id
            )


class QualityPolicyFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=PolicyStatus.choices)

    class Meta:
        model = QualityPolicy
        fields = ["enterprise", "status"]


class QualityPolicyViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Quality policy versions (ISO 9001 5.2) of the enterprises whose quality records you see:
    the one in force, superseded ones and the open draft, each with its communication records."""

    serializer_class = QualityPolicySerializer
    output_serializer_class = QualityPolicySerializer
    filterset_class = QualityPolicyFilter
    permission_classes = [CanCreate]
    create_action = "policy.draft"
    ordering_fields = ["version", "approved_at", "created_at", "id"]
    ordering = ["enterprise_id", "-version"]

    def get_queryset(self):
        communications = PolicyCommunication.objects.prefetch_related("employees").order_by(
            "-communicated_on", "-id"
        )
        return (
            QualityPolicy.objects.visible_to(self.request.user)
            .select_related("approved_by")
            .prefetch_related(Prefetch("communications", queryset=communications))
        )

    def get_serializer_class(self):
        return {
            "create": QualityPolicyDraftSerializer,
            "partial_update": QualityPolicyDraftUpdateSerializer,
            "approve": QualityPolicyApproveSerializer,
            "communications": QualityPolicyCommunicateSerializer,
        }.get(self.action, QualityPolicySerializer)

    @extend_schema(
        request=QualityPolicyDraftSerializer,
        responses={201: QualityPolicySerializer, 200: QualityPolicySerializer},
    )
    def create(self, request, *args, **kwargs):
        """Write the open draft: 201 with a new version, or 200 when the open draft was edited."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existed = QualityPolicy.objects.filter(
            enterprise=data["enterprise"], status=PolicyStatus.DRAFT
        ).exists()
        draft = policy_draft(actor=request.user, **data)
        return self.respond(draft, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(request=QualityPolicyDraftUpdateSerializer, responses=QualityPolicySerializer)
    def partial_update(self, request, *args, **kwargs):
        """Edit the open draft (approved versions never change: 400)."""
        policy = selectors.get_policy_for_user(
            request.user, self.object_pk(), action="policy.draft"
        )
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if policy.status != PolicyStatus.DRAFT:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _("Only a draft can be edited; approved versions never change.")
                    ]
                }
            )
        data = serializer.validated_data
        policy = policy_draft(
            actor=request.user,
            enterprise=policy.enterprise,
            text=data.get("text", policy.text),
            change_summary=data.get("change_summary", policy.change_summary),
        )
        return self.respond(policy)

    @extend_schema(request=QualityPolicyApproveSerializer, responses=QualityPolicySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        """Top management approves the draft: it comes into force and supersedes the version in
        force before it."""
        policy = selectors.get_policy_for_user(
            request.user, self.object_pk(), action="policy.approve"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = policy_approve(actor=request.user, policy=policy, **serializer.validated_data)
        return self.respond(policy)

    @extend_schema(
        request=QualityPolicyCommunicateSerializer, responses={201: QualityPolicySerializer}
    )
    @action(detail=True, methods=["post"])
    def communications(self, request, *args, **kwargs):
        """Record how an approved (or superseded) version was communicated, when, and to whom."""
        policy = selectors.get_policy_for_user(
            request.user, self.object_pk(), action="policy.draft"
        )
        serializer = QualityPolicyCommunicateSerializer(
            data=request.data, context={**self.get_serializer_context(), "policy": policy}
        )
        serializer.is_valid(raise_exception=True)
        policy_communicate(actor=request.user, policy=policy, **serializer.validated_data)
        return self.respond(policy, status.HTTP_201_CREATED)


def register(router) -> None:
    """Register the quality-policy viewset on the /api/v1/ router."""
    router.register("quality-policies", QualityPolicyViewSet, basename="quality-policy")
