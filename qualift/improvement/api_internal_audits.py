"""REST API: internal audits (/api/v1/internal-audits/) and the read-only checklist templates
(/api/v1/checklist-templates/) they and certification audits use. Writes go through the
services in qualift.improvement.services.internal_audits."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprises_for
from qualift.improvement import selectors_internal_audits as selectors
from qualift.improvement.choices import InternalAuditStatus
from qualift.improvement.models import InternalAudit, InternalAuditAnswer
from qualift.improvement.services import internal_audits as services
from qualift.standards.choices import ChecklistResult, TemplatePurpose
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate

# Checklist templates ---------------------------------------------------------------------------


class ChecklistQuestionSerializer(serializers.ModelSerializer):
    clause = serializers.CharField(source="clause.number", read_only=True)
    clause_title_en = serializers.CharField(source="clause.title_en", read_only=True)
    clause_title_zh = serializers.CharField(source="clause.title_zh", read_only=True)

    class Meta:
        model = ChecklistQuestion
        fields = [
            "id",
            "position",
            "clause",
            "clause_title_en",
            "clause_title_zh",
            "focus_area",
            "text_en",
            "text_zh",
        ]
        read_only_fields = fields


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    questions = ChecklistQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name_en", "name_zh", "owner", "purpose", "is_default", "questions"]
        read_only_fields = fields


class ChecklistTemplateFilter(django_filters.FilterSet):
    purpose = django_filters.ChoiceFilter(
        choices=TemplatePurpose.choices,
        method="filter_purpose",
        help_text="templates usable for this purpose (a 'both' template matches either)",
    )
    is_default = django_filters.BooleanFilter()

    class Meta:
        model = ChecklistTemplate
        fields = ["purpose", "is_default"]

    def filter_purpose(self, queryset, name, value):
        if value == TemplatePurpose.BOTH:
            return queryset.filter(purpose=value)
        return queryset.filter(purpose__in=[TemplatePurpose.BOTH, value])


class ChecklistTemplateViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Audit checklists: the shipped ones and your organisations' own, with their questions
    (Qualift's wording, each mapped to an ISO 9001 clause and an SME focus area)."""

    serializer_class = ChecklistTemplateSerializer
    filterset_class = ChecklistTemplateFilter
    ordering_fields = ["name_en", "id"]
    ordering = ["-is_default", "name_en", "id"]

    def get_queryset(self):
        questions = ChecklistQuestion.objects.select_related("clause").order_by("position", "pk")
        return ChecklistTemplate.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("questions", queryset=questions)
        )


# Internal audits -------------------------------------------------------------------------------


class InternalAuditAnswerSerializer(serializers.ModelSerializer):
    clause = serializers.CharField(source="question.clause.number", read_only=True)
    focus_area = serializers.CharField(source="question.focus_area", read_only=True)
    position = serializers.IntegerField(source="question.position", read_only=True)
    text_en = serializers.CharField(source="question.text_en", read_only=True)
    text_zh = serializers.CharField(source="question.text_zh", read_only=True)
    nonconformity_number = serializers.SerializerMethodField()

    class Meta:
        model = InternalAuditAnswer
        fields = [
            "id",
            "question",
            "position",
            "clause",
            "focus_area",
            "text_en",
            "text_zh",
            "result",
            "evidence",
            "nonconformity",
            "nonconformity_number",
        ]
        read_only_fields = fields

    def get_nonconformity_number(self, answer: InternalAuditAnswer) -> str:
        return answer.nonconformity.number if answer.nonconformity_id else ""


def _templates_visible(user):
    return ChecklistTemplate.objects.visible_to(user)


class InternalAuditCreateSerializer(serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for, queryset=Enterprise.objects.all()
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    template = ScopedPrimaryKeyRelatedField(
        scope=_templates_visible,
        queryset=ChecklistTemplate.objects.all(),
        required=False,
        help_text=_("The checklist; by default the shipped template for small enterprises."),
    )
    n_questions = serializers.SerializerMethodField()
    n_answered = serializers.SerializerMethodField()
    answers = InternalAuditAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = InternalAudit
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "title",
            "template",
            "planned_on",
            "performed_on",
            "scope",
            "auditors",
            "status",
            "summary",
            "n_questions",
            "n_answered",
            "answers",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["performed_on", "status", "summary", "created_at", "updated_at"]

    def get_n_questions(self, audit: InternalAudit) -> int:
        return len(audit.answers.all())

    def get_n_answered(self, audit: InternalAudit) -> int:
        return sum(1 for a in audit.answers.all() if a.result)


class InternalAuditSerializer(InternalAuditCreateSerializer):
    """An audit as read and edited: the enterprise is fixed once planned."""

    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)


class InternalAuditAnswerInSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    result = serializers.ChoiceField(choices=ChecklistResult.choices)
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class InternalAuditQuestionInSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class InternalAuditCompleteInSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=10000)
    performed_on = serializers.DateField(required=False, allow_null=True, default=None)


class InternalAuditCancelInSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class InternalAuditRaisedNcSerializer(serializers.Serializer):
    nonconformity = serializers.IntegerField()
    number = serializers.CharField()
    created = serializers.BooleanField()


class InternalAuditFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=InternalAuditStatus.choices)

    class Meta:
        model = InternalAudit
        fields = ["enterprise", "status"]


class InternalAuditViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """An enterprise's internal audits (ISO 9001 9.2) with their checklist answers. Create plans
    an audit; start, answer, raise-nc, complete and cancel move it along."""

    serializer_class = InternalAuditSerializer
    output_serializer_class = InternalAuditSerializer
    filterset_class = InternalAuditFilter
    permission_classes = [CanCreate]
    create_action = "internal_audit.change"
    ordering_fields = ["planned_on", "performed_on", "status", "id"]
    ordering = ["-planned_on", "-id"]

    def get_queryset(self):
        return (
            InternalAudit.objects.visible_to(self.request.user)
            .select_related("enterprise")
            .prefetch_related(selectors.answers_prefetch())
        )

    def get_serializer_class(self):
        return {
            "create": InternalAuditCreateSerializer,
            "answer": InternalAuditAnswerInSerializer,
            "raise_nc": InternalAuditQuestionInSerializer,
            "complete": InternalAuditCompleteInSerializer,
            "cancel": InternalAuditCancelInSerializer,
        }.get(self.action, InternalAuditSerializer)

    def _audit(self, write: bool = True) -> InternalAudit:
        return selectors.get_audit_for_user(self.request.user, self.object_pk(), write=write)

    def _body(self):
        serializer = self.get_serializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(responses={201: InternalAuditSerializer})
    def create(self, request, *args, **kwargs):
        """Plan an internal audit."""
        data = dict(self._body())
        enterprise = data.pop("enterprise")
        audit = services.internal_audit_plan(actor=request.user, enterprise=enterprise, data=data)
        return self.respond(audit, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        audit = self._audit()
        serializer = self.get_serializer(audit, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.internal_audit_update(
            actor=request.user, audit=audit, data=dict(serializer.validated_data)
        )
        return self.respond(audit)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses=InternalAuditSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        """Start a planned audit: one blank answer per checklist question."""
        audit = services.internal_audit_start(actor=request.user, audit=self._audit())
        return self.respond(audit)

    @extend_schema(request=InternalAuditAnswerInSerializer, responses=InternalAuditAnswerSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        """Record one question's result and evidence (only while the audit is in progress)."""
        audit = self._audit()
        data = self._body()
        answer = services.internal_audit_answer(actor=request.user, audit=audit, **data)
        fresh = InternalAuditAnswer.objects.select_related("question__clause", "nonconformity").get(
            pk=answer.pk
        )
        return Response(InternalAuditAnswerSerializer(fresh).data)

    @extend_schema(
        request=InternalAuditQuestionInSerializer,
        responses={200: InternalAuditRaisedNcSerializer, 201: InternalAuditRaisedNcSerializer},
    )
    @action(detail=True, methods=["post"], url_path="raise-nc")
    def raise_nc(self, request, *args, **kwargs):
        """Raise the nonconformity for a minor/major NC answer; 200 with the same one when it
        was raised before."""
        audit = self._audit()
        question = self._body()["question"]
        existed = audit.answers.filter(question_id=question, nonconformity__isnull=False).exists()
        nc = services.internal_audit_raise_nc(actor=request.user, audit=audit, question=question)
        body = {"nonconformity": nc.pk, "number": nc.number, "created": not existed}
        return Response(body, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(request=InternalAuditCompleteInSerializer, responses=InternalAuditSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        """Complete the audit (every question answered); NC answers without a nonconformity get
        one raised now."""
        audit = self._audit()
        data = self._body()
        audit = services.internal_audit_complete(actor=request.user, audit=audit, **data)
        return self.respond(audit)

    @extend_schema(request=InternalAuditCancelInSerializer, responses=InternalAuditSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Cancel a planned audit or one in progress, with the reason."""
        audit = self._audit()
        data = self._body()
        audit = services.internal_audit_cancel(actor=request.user, audit=audit, **data)
        return self.respond(audit)


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("internal-audits", InternalAuditViewSet, basename="internal-audit")
    router.register("checklist-templates", ChecklistTemplateViewSet, basename="checklist-template")
