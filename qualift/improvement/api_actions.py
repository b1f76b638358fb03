"""API: corrective actions (/api/v1/corrective-actions/)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises.scoping import qms_enterprises_for
from qualift.improvement import selectors
from qualift.improvement.choices import ActionKind, ActionStatus
from qualift.improvement.models import CorrectiveAction, Nonconformity
from qualift.improvement.services import actions as services
from qualift.tenancy.permissions import can


def _visible_ncs(user):
    return Nonconformity.objects.visible_to(user)


class CorrectiveActionSerializer(serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(scope=qms_enterprises_for)
    nonconformity = ScopedPrimaryKeyRelatedField(
        scope=_visible_ncs, required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=ActionKind.choices)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "enterprise",
            "nonconformity",
            "kind",
            "title",
            "owner_name",
            "owner_email",
            "due_on",
            "status",
            "completed_on",
            "evidence",
            "effectiveness_due",
            "effective",
            "effectiveness_note",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "completed_on",
            "evidence",
            "effectiveness_due",
            "effective",
            "effectiveness_note",
            "created_at",
        ]


class ActionCompleteSerializer(serializers.Serializer):
    evidence = serializers.CharField()
    completed_on = serializers.DateField(required=False)


class ActionVerdictSerializer(serializers.Serializer):
    effective = serializers.BooleanField()
    note = serializers.CharField()


class ActionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ActionFilter(django_filters.FilterSet):
    enterprise = django_filters.NumberFilter(
        field_name="enterprise_id", min_value=1, max_value=2**63 - 1
    )
    nonconformity = django_filters.NumberFilter(
        field_name="nonconformity_id", min_value=1, max_value=2**63 - 1
    )
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ActionKind.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = CorrectiveAction
        fields = ["enterprise", "nonconformity", "status", "kind"]

    def filter_overdue(self, queryset, name, value):
        overdue = selectors.overdue_actions(queryset, timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class CorrectiveActionViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Corrections, corrective, preventive and improvement actions."""

    serializer_class = CorrectiveActionSerializer
    filterset_class = ActionFilter
    permission_classes = [CanCreate]
    create_action = "action.change"
    ordering_fields = ["due_on", "status", "id"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return CorrectiveAction.objects.visible_to(self.request.user).select_related(
            "enterprise__organization", "nonconformity"
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        created = services.action_create(
            actor=request.user,
            enterprise=data.pop("enterprise"),
            nonconformity=data.pop("nonconformity", None),
            data=data,
        )
        return self.respond(created, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        if not can(request.user, "action.change", [item.enterprise.organization_id]):
            raise PermissionDenied
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {
            k: v
            for k, v in serializer.validated_data.items()
            if k not in ("enterprise", "nonconformity")
        }
        return self.respond(services.action_update(actor=request.user, action=item, data=data))

    @extend_schema(request=ActionCompleteSerializer, responses=CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        """Done, with evidence (the owner or the steward)."""
        item = self.get_object()
        if not (
            item.owner_id == request.user.pk
            or can(request.user, "action.change", [item.enterprise.organization_id])
        ):
            raise PermissionDenied
        body = ActionCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.respond(
            services.action_complete(actor=request.user, action=item, **body.validated_data)
        )

    @extend_schema(request=ActionVerdictSerializer, responses=CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        """The manager's verdict: was it effective?"""
        item = self.get_object()
        if not (
            item.manager_id == request.user.pk
            or can(request.user, "action.verify", [item.enterprise.organization_id])
        ):
            raise PermissionDenied
        body = ActionVerdictSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.respond(
            services.action_verify(actor=request.user, action=item, **body.validated_data)
        )

    @extend_schema(request=ActionReasonSerializer, responses=CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        item = self.get_object()
        if not can(request.user, "action.change", [item.enterprise.organization_id]):
            raise PermissionDenied
        body = ActionReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.respond(
            services.action_cancel(actor=request.user, action=item, **body.validated_data)
        )


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("corrective-actions", CorrectiveActionViewSet, basename="corrective-action")
