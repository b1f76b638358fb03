"""REST API: certification findings (/api/v1/findings/): list (?audit=&grade=&status=
&overdue=true), raise, read (with the responses), and the client loop — respond (client), review
and verify (audit team). Seen by the certifying CB's staff and the client enterprise."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from qualift.api.mixins import (
    IdFilter,
    ScopedPrimaryKeyRelatedField,
    ServiceViewSetMixin,
    StrictPrimaryKeyRelatedField,
)
from qualift.api.permissions import CanCreate
from qualift.certification.access import check_write
from qualift.certification.choices import FindingGrade, FindingStatus
from qualift.certification.models import Audit, Finding, FindingResponse
from qualift.certification.services import findings as services
from qualift.improvement.models import Nonconformity
from qualift.standards.models import ChecklistQuestion, Clause


def _audits(user):
    return Audit.objects.visible_to(user)


def _nonconformities(user):
    return Nonconformity.objects.visible_to(user)


class FindingResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = FindingResponse
        fields = [
            "id",
            "correction",
            "root_cause",
            "corrective_action",
            "evidence",
            "evidence_file",
            "submitted_by",
            "submitted_at",
            "outcome",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
        ]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    clause = serializers.SlugRelatedField(slug_field="number", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "audit",
            "enterprise",
            "cb",
            "number",
            "grade",
            "clause",
            "question",
            "statement",
            "evidence",
            "requirement",
            "status",
            "due_on",
            "overdue",
            "nonconformity",
            "raised_by",
            "raised_on",
            "verified_by",
            "verified_on",
            "verification_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return bool(
            obj.due_on
            and obj.status in services.OVERDUE_STATUSES
            and obj.due_on < timezone.localdate()
        )


class FindingDetailSerializer(FindingSerializer):
    responses = FindingResponseSerializer(many=True, read_only=True)

    class Meta(FindingSerializer.Meta):
        fields = [*FindingSerializer.Meta.fields, "responses"]
        read_only_fields = fields


class FindingCreateSerializer(serializers.Serializer):
    audit = ScopedPrimaryKeyRelatedField(scope=_audits, queryset=Audit.objects.all())
    grade = serializers.ChoiceField(choices=FindingGrade.choices)
    clause = serializers.SlugRelatedField(
        slug_field="number",
        queryset=Clause.objects.all(),
        help_text=_('The ISO 9001 clause number, e.g. "7.2".'),
    )
    statement = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    evidence = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    requirement = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )
    question = StrictPrimaryKeyRelatedField(
        queryset=ChecklistQuestion.objects.all(), required=False, allow_null=True
    )
    nonconformity = ScopedPrimaryKeyRelatedField(
        scope=_nonconformities,
        queryset=Nonconformity.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("An existing nonconformity of the enterprise to link instead of creating."),
    )


class FindingRespondSerializer(serializers.Serializer):
    correction = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    root_cause = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    corrective_action = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    evidence = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )


class FindingReviewSerializer(serializers.Serializer):
    response = StrictPrimaryKeyRelatedField(queryset=FindingResponse.objects.all())
    accept = serializers.BooleanField()
    comment = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )


class FindingVerifySerializer(serializers.Serializer):
    note = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    on = serializers.DateField(required=False)


class FindingFilter(django_filters.FilterSet):
    audit = IdFilter(field_name="audit_id")
    grade = django_filters.ChoiceFilter(choices=FindingGrade.choices)
    status = django_filters.ChoiceFilter(choices=FindingStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Finding
        fields = ["audit", "grade", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = {"status__in": services.OVERDUE_STATUSES, "due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class FindingViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Findings of certification audits. A minor or major nonconformity creates (or links) the
    enterprise's own nonconformity and waits for the client's response."""

    serializer_class = FindingSerializer
    output_serializer_class = FindingDetailSerializer
    filterset_class = FindingFilter
    permission_classes = [CanCreate]
    create_action = services.CONDUCT
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["raised_on", "due_on", "number", "id"]
    ordering = ["-raised_on", "-id"]

    def get_queryset(self):
        return (
            Finding.objects.visible_to(self.request.user)
            .select_related("clause")
            .prefetch_related("responses")
        )

    def get_serializer_class(self):
        return {
            "create": FindingCreateSerializer,
            "retrieve": FindingDetailSerializer,
            "respond_action": FindingRespondSerializer,
            "review": FindingReviewSerializer,
            "verify": FindingVerifySerializer,
        }.get(self.action, FindingSerializer)

    @extend_schema(request=FindingCreateSerializer, responses={201: FindingDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Raise a finding on an audit in progress or completed (audit team or CB admin)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        audit = data.pop("audit")
        finding = services.finding_create(actor=request.user, audit=audit, data=data)
        return self.respond(finding, status.HTTP_201_CREATED)

    @extend_schema(request=FindingRespondSerializer, responses=FindingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="respond", url_name="respond")
    def respond_action(self, request, *args, **kwargs):
        """The client's correction, root cause and corrective-action plan (finding.respond)."""
        finding = self.get_object()
        check_write(request.user, services.RESPOND, finding)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.finding_respond(
            actor=request.user, finding=finding, data=dict(serializer.validated_data)
        )
        return self.respond(finding)

    @extend_schema(request=FindingReviewSerializer, responses=FindingDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, *args, **kwargs):
        """Accept the pending response, or return it with a comment (audit team)."""
        finding = self.get_object()
        check_write(request.user, services.CONDUCT, finding)
        if not services.can_conduct(request.user, finding.audit):
            raise PermissionDenied(_("Only the audit team or the CB's administrator may do this."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        response = data.pop("response")
        if response.finding_id != finding.pk:
            raise serializers.ValidationError({"response": [_("Not a response to this finding.")]})
        services.response_review(actor=request.user, response=response, **data)
        return self.respond(finding)

    @extend_schema(request=FindingVerifySerializer, responses=FindingDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        """Verify the corrective action of an accepted finding (audit team, or the next audit's)."""
        finding = self.get_object()
        check_write(request.user, services.CONDUCT, finding)
        if not services.can_verify(request.user, finding):
            raise PermissionDenied(_("Only the audit team or the CB's administrator may do this."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.finding_verify(actor=request.user, finding=finding, **serializer.validated_data)
        return self.respond(finding)


def register(router) -> None:
    """Register the findings viewset on the /api/v1/ router."""
    router.register("findings", FindingViewSet, basename="finding")
