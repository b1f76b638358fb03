"""REST API: certification audits (/api/v1/audits/): list (?cycle=&status=&kind=&overdue=true
&mine=true), read (team, schedule, audit time, findings count), change (dates, objectives,
criteria, checklist, sites), POST {id}/team/, POST {id}/send-plan/, GET {id}/checks/.
Visible to the certifying CB's administrators and auditors and to the client; writes need
cert_audit.plan."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.certification.access import check_write
from qualift.certification.choices import AUDIT_OPEN, AuditKind, AuditStatus, TeamRole
from qualift.certification.models import Audit, ScheduleItem, TeamMember
from qualift.certification.scoping import CERTIFYING_ROLES, certifying_cb_ids
from qualift.certification.services import audits as services
from qualift.certification.teams import team_problems
from qualift.enterprises.models import Site
from qualift.standards.models import ChecklistTemplate
from qualift.tenancy.models import User

PLAN = services.PLAN


def _people_scope(user):
    """People the requester may name: administrators and auditors of the requester's CBs."""
    return User.objects.filter(
        memberships__organization_id__in=certifying_cb_ids(user),
        memberships__role__in=CERTIFYING_ROLES,
        memberships__is_active=True,
    ).distinct()


def _site_scope(user):
    return Site.objects.filter(
        enterprise_id__in=Audit.objects.visible_to(user).values("enterprise_id")
    )


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = TeamMember
        fields = ["id", "user", "name", "role", "days"]
        read_only_fields = fields

    def get_name(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.username


class ScheduleItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduleItem
        fields = [
            "id",
            "day",
            "starts_at",
            "ends_at",
            "activity",
            "clauses",
            "site",
            "auditor",
            "auditee",
        ]
        read_only_fields = fields


class AuditSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField(help_text=_("Open and past its due-by date."))

    class Meta:
        model = Audit
        fields = [
            "id",
            "cycle",
            "enterprise",
            "cb",
            "kind",
            "sequence",
            "status",
            "due_from",
            "due_by",
            "overdue",
            "start_on",
            "end_on",
            "sites",
            "planned_days",
            "plan_sent_at",
            "completed_on",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return bool(obj.due_by and obj.status in AUDIT_OPEN and obj.due_by < timezone.localdate())


class AuditDetailSerializer(AuditSerializer):
    team = TeamMemberSerializer(many=True, read_only=True)
    schedule = ScheduleItemSerializer(many=True, read_only=True)
    findings_count = serializers.SerializerMethodField()

    class Meta(AuditSerializer.Meta):
        fields = [
            *AuditSerializer.Meta.fields,
            "objectives",
            "criteria",
            "template",
            "time_inputs",
            "time_result",
            "justification",
            "cancel_reason",
            "team",
            "schedule",
            "findings_count",
        ]
        read_only_fields = fields

    def get_findings_count(self, obj) -> int:
        return obj.findings.count()


class AuditWriteSerializer(serializers.Serializer):
    start_on = serializers.DateField(required=False, allow_null=True)
    end_on = serializers.DateField(required=False, allow_null=True)
    objectives = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )
    criteria = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )
    template = ScopedPrimaryKeyRelatedField(
        scope=lambda user: ChecklistTemplate.objects.visible_to(user),
        queryset=ChecklistTemplate.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A checklist template for certification audits."),
    )
    sites = ScopedPrimaryKeyRelatedField(
        scope=_site_scope,
        queryset=Site.objects.all(),
        many=True,
        required=False,
        help_text=_("Site ids of the client; when sent, they replace the list."),
    )


class TeamAddSerializer(serializers.Serializer):
    user = ScopedPrimaryKeyRelatedField(
        scope=_people_scope,
        queryset=User.objects.all(),
        help_text=_("A user id: an administrator or auditor of the audit's CB."),
    )
    role = serializers.ChoiceField(choices=TeamRole.choices)
    days = serializers.DecimalField(max_digits=3, decimal_places=1, min_value=0, max_value=99)


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    blocking = serializers.BooleanField()


class AuditFilter(django_filters.FilterSet):
    cycle = IdFilter(field_name="cycle_id")
    status = django_filters.ChoiceFilter(choices=AuditStatus.choices)
    kind = django_filters.ChoiceFilter(choices=AuditKind.choices)
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Open and past the due-by date")
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("On my team"))

    class Meta:
        model = Audit
        fields = ["cycle", "status", "kind", "overdue", "mine"]

    def filter_overdue(self, queryset, name, value):
        overdue = {"due_by__lt": timezone.localdate(), "status__in": AUDIT_OPEN}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(team__user=self.request.user).distinct()


class AuditViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Certification audits of the programme: due window, dates, team, schedule, audit time.
    Planning (changes, team, sending the plan) needs cert_audit.plan."""

    serializer_class = AuditSerializer
    output_serializer_class = AuditDetailSerializer
    filterset_class = AuditFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["due_by", "start_on", "id"]
    ordering = ["due_by", "id"]

    def get_queryset(self):
        queryset = Audit.objects.visible_to(self.request.user)
        if self.action == "list":
            return queryset.prefetch_related("sites")
        return queryset.prefetch_related("sites", "team__user", "schedule")

    def get_serializer_class(self):
        return {
            "retrieve": AuditDetailSerializer,
            "partial_update": AuditWriteSerializer,
            "team": TeamAddSerializer,
        }.get(self.action, AuditSerializer)

    @extend_schema(request=AuditWriteSerializer, responses=AuditDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change the dates, objectives, criteria, checklist or sites (only the fields sent)."""
        audit = self.get_object()
        check_write(request.user, PLAN, audit)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        sites = data.pop("sites", None)
        services.audit_update(actor=request.user, audit=audit, data=data, sites=sites)
        return self.respond(audit)

    @extend_schema(request=TeamAddSerializer, responses={201: AuditDetailSerializer})
    @action(detail=True, methods=["post"], url_path="team", url_name="team")
    def team(self, request, *args, **kwargs):
        """Put a person on the team (refused on an impartiality conflict or a second leader)."""
        audit = self.get_object()
        check_write(request.user, PLAN, audit)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.team_add(actor=request.user, audit=audit, **serializer.validated_data)
        return self.respond(audit, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AuditDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-plan", url_name="send-plan")
    def send_plan(self, request, *args, **kwargs):
        """Send the audit plan to the client (needs dates, audit time, a schedule, and a team
        without blocking problems)."""
        audit = self.get_object()
        check_write(request.user, PLAN, audit)
        services.audit_send_plan(actor=request.user, audit=audit)
        return self.respond(audit)

    @extend_schema(responses=ProblemSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="checks", url_name="checks")
    def checks(self, request, *args, **kwargs):
        """The team checks: [{"code", "message", "blocking"}], blocking first. CB staff only."""
        audit = self.get_object()
        check_write(request.user, PLAN, audit)
        return Response([p.as_dict() for p in team_problems(audit)])


def register(router) -> None:
    """Register the audit viewset on the /api/v1/ router."""
    router.register("audits", AuditViewSet, basename="audit")
