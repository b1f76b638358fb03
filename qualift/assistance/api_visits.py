"""REST API: assistance visits (/api/v1/visits/): list (?entry=&enterprise=), record, read,
change. Visible to the assisting CB's administrators and experts and to the enterprise;
recording and changing need visit.change (CB administrator or assistance expert)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.assistance.access import assistance_entries, check_write
from qualift.assistance.choices import Mode
from qualift.assistance.models import Visit
from qualift.assistance.scoping import ASSISTING_ROLES, assisting_cb_ids
from qualift.assistance.services import visits as services
from qualift.programs.models import LedgerEntry
from qualift.tenancy.models import User

CHANGE = "visit.change"


def _expert_scope(user):
    """People the requester may name: administrators and experts of the requester's CBs."""
    return User.objects.filter(
        memberships__organization_id__in=assisting_cb_ids(user),
        memberships__role__in=ASSISTING_ROLES,
        memberships__is_active=True,
    ).distinct()


class VisitSerializer(serializers.ModelSerializer):
    entry = serializers.PrimaryKeyRelatedField(source="ledger_entry", read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "entry",
            "enterprise",
            "cb",
            "program",
            "held_on",
            "mode",
            "hours",
            "experts",
            "activities",
            "next_steps",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VisitWriteSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=Mode.choices, required=False)
    hours = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=0, max_value=24, required=False
    )
    activities = serializers.CharField(max_length=services.MAX_TEXT_CHARS)
    next_steps = serializers.CharField(
        max_length=services.MAX_TEXT_CHARS, required=False, allow_blank=True
    )
    experts = ScopedPrimaryKeyRelatedField(
        scope=_expert_scope,
        queryset=User.objects.all(),
        many=True,
        help_text=_("User ids: administrators or assistance experts of the entry's CB."),
    )


class VisitCreateSerializer(VisitWriteSerializer):
    entry = ScopedPrimaryKeyRelatedField(
        scope=assistance_entries,
        queryset=LedgerEntry.objects.all(),
        help_text=_("The ledger entry (enterprise in a program) the visit belongs to."),
    )


class VisitFilter(django_filters.FilterSet):
    entry = IdFilter(field_name="ledger_entry_id")
    enterprise = IdFilter(field_name="enterprise_id")

    class Meta:
        model = Visit
        fields = ["entry", "enterprise"]


class VisitViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Assistance visits: when, how, who took part, what was done and agreed next. Each expert
    is recorded as involved with the enterprise on that day (certification impartiality)."""

    serializer_class = VisitSerializer
    output_serializer_class = VisitSerializer
    filterset_class = VisitFilter
    permission_classes = [CanCreate]
    create_action = CHANGE
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]

    def get_queryset(self):
        return Visit.objects.visible_to(self.request.user).prefetch_related("experts")

    def get_serializer_class(self):
        return {
            "create": VisitCreateSerializer,
            "partial_update": VisitWriteSerializer,
        }.get(self.action, VisitSerializer)

    @extend_schema(request=VisitCreateSerializer, responses={201: VisitSerializer})
    def create(self, request, *args, **kwargs):
        """Record a visit; at least one expert."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entry = data.pop("entry")
        experts = data.pop("experts")
        visit = services.visit_create(actor=request.user, entry=entry, data=data, experts=experts)
        return self.respond(visit, status.HTTP_201_CREATED)

    @extend_schema(request=VisitWriteSerializer, responses=VisitSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change a visit; only the fields sent change (experts, when sent, replace the list)."""
        visit = self.get_object()
        check_write(request.user, CHANGE, visit)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        experts = data.pop("experts", None)
        services.visit_update(actor=request.user, visit=visit, data=data, experts=experts)
        return self.respond(visit)


def register(router) -> None:
    """Register the visit viewset on the /api/v1/ router."""
    router.register("visits", VisitViewSet, basename="visit")
