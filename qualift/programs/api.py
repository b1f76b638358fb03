"""REST API: programs, their assistance ledger (帮扶台账) and incentive policies."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import (
    MAX_INT,
    IdFilter,
    ScopedPrimaryKeyRelatedField,
    ServiceViewSetMixin,
    StrictPrimaryKeyRelatedField,
)
from qualift.api.permissions import CanCreate
from qualift.enterprises.models import Enterprise
from qualift.programs import selectors, services
from qualift.programs.choices import LedgerStatus, PolicyKind
from qualift.programs.models import IncentivePolicy, LedgerEntry, LedgerMove, Program
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization, Region
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

CODE_ERRORS = {"does_not_exist": _("Unknown code {value}."), "invalid": _("Invalid value.")}


def _office_for(user, action: str) -> Organization:
    """The program office the user acts for: the first one where their role grants `action`."""
    ids = sorted(org for org in scope_of(user).office_ids if can(user, action, [org]))
    if not ids:
        raise PermissionDenied(_("Only a program office's administrator can do this."))
    return Organization.objects.get(pk=ids[0])


# Programs -------------------------------------------------------------------------------------


class ProgramSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Region.objects.all(),
        required=False,
        error_messages=CODE_ERRORS,
        help_text=_("GB/T 2260 codes of the provinces the program covers."),
    )
    participating_cbs = StrictPrimaryKeyRelatedField(
        many=True,
        queryset=Organization.objects.filter(kind=OrgKind.CERTIFICATION_BODY, is_active=True),
        required=False,
        help_text=_("Ids of the certification bodies taking part."),
    )
    target_enterprises = serializers.IntegerField(min_value=0, max_value=MAX_INT, required=False)
    target_person_trainings = serializers.IntegerField(
        min_value=0, max_value=MAX_INT, required=False
    )
    n_entries = serializers.IntegerField(read_only=True, help_text=_("Ledger entries you see."))

    class Meta:
        model = Program
        fields = [
            "id",
            "owner",
            "name",
            "name_en",
            "start",
            "end",
            "regions",
            "participating_cbs",
            "target_enterprises",
            "target_person_trainings",
            "n_entries",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "created_at", "updated_at"]


class ProgramViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Certification-improvement programs the user takes part in."""

    serializer_class = ProgramSerializer
    permission_classes = [CanCreate]
    create_action = "program.create"
    ordering_fields = ["start", "end", "name", "id"]
    ordering = ["-start", "name", "id"]

    def get_queryset(self):
        user = self.request.user
        # Counted over the entries this user may see, as the program page counts them.
        visible_entries = LedgerEntry.objects.visible_to(user).values("pk")
        return (
            Program.objects.visible_to(user)
            .select_related("owner")
            .prefetch_related("regions", "participating_cbs")
            .annotate(
                n_entries=Count("entries", filter=Q(entries__in=visible_entries), distinct=True)
            )
        )

    def _split(self, serializer) -> tuple[dict, dict]:
        data = dict(serializer.validated_data)
        relations = {key: data.pop(key) for key in ("regions", "participating_cbs") if key in data}
        return data, relations

    def create(self, request, *args, **kwargs):
        owner = _office_for(request.user, "program.create")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, relations = self._split(serializer)
        program = services.program_create(actor=request.user, owner=owner, data=data, **relations)
        return self.respond(program, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        program = selectors.get_program_for_user(request.user, self.object_pk(), write=True)
        serializer = self.get_serializer(program, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data, relations = self._split(serializer)
        services.program_update(actor=request.user, program=program, data=data, **relations)
        return self.respond(program)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


# Ledger ---------------------------------------------------------------------------------------


class LedgerMoveSerializer(serializers.ModelSerializer):
    moved_by = serializers.SerializerMethodField()

    class Meta:
        model = LedgerMove
        fields = ["id", "from_status", "to_status", "moved_at", "moved_by", "note"]
        read_only_fields = fields

    def get_moved_by(self, move: LedgerMove) -> str:
        return str(move.moved_by) if move.moved_by_id else ""


def _visible_cbs(user):
    return Organization.objects.visible_to(user).filter(kind=OrgKind.CERTIFICATION_BODY)


class LedgerEntrySerializer(serializers.ModelSerializer):
    program = ScopedPrimaryKeyRelatedField(
        scope=Program.objects.visible_to, queryset=Program.objects.all()
    )
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=Enterprise.objects.visible_to, queryset=Enterprise.objects.all()
    )
    cb = ScopedPrimaryKeyRelatedField(
        scope=_visible_cbs,
        queryset=Organization.objects.all(),
        help_text=_("The assigned certification body (must take part in the program)."),
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    cb_name = serializers.CharField(source="cb.name", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "program",
            "enterprise",
            "enterprise_name",
            "cb",
            "cb_name",
            "status",
            "status_changed_at",
            "note",
            "created_at",
        ]
        read_only_fields = ["status", "status_changed_at", "created_at"]
        # The service says "already on the ledger" under `enterprise`; no generic unique-set check.
        validators = []


class LedgerEntryDetailSerializer(LedgerEntrySerializer):
    moves = LedgerMoveSerializer(many=True, read_only=True)

    class Meta(LedgerEntrySerializer.Meta):
        fields = [*LedgerEntrySerializer.Meta.fields, "moves"]


class LedgerMoveRequestSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=LedgerStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LedgerEntryFilter(django_filters.FilterSet):
    program = IdFilter(field_name="program_id")
    cb = IdFilter(field_name="cb_id")
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=LedgerStatus.choices)

    class Meta:
        model = LedgerEntry
        fields = ["program", "status", "cb", "enterprise"]


class LedgerEntryViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Enterprises on programs' assistance ledgers, with their assigned CB and status."""

    serializer_class = LedgerEntrySerializer
    output_serializer_class = LedgerEntryDetailSerializer
    filterset_class = LedgerEntryFilter
    permission_classes = [CanCreate]
    create_action = "ledger.create"
    ordering_fields = ["status", "status_changed_at", "created_at", "id"]
    ordering = ["program_id", "enterprise__name", "id"]

    def get_queryset(self):
        qs = LedgerEntry.objects.visible_to(self.request.user).select_related(
            "program", "enterprise", "cb"
        )
        if self.action != "list":
            moves = LedgerMove.objects.select_related("moved_by")
            qs = qs.prefetch_related(Prefetch("moves", queryset=moves))
        return qs

    def get_serializer_class(self):
        if self.action == "move":
            return LedgerMoveRequestSerializer
        if self.action in ("list", "create"):
            return LedgerEntrySerializer
        return LedgerEntryDetailSerializer

    @extend_schema(responses={201: LedgerEntryDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.ledger_entry_create(actor=request.user, **serializer.validated_data)
        return self.respond(entry, status.HTTP_201_CREATED)

    @extend_schema(request=LedgerMoveRequestSerializer, responses=LedgerEntryDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move the entry to another status (forward, one step back, or closed with a note)."""
        entry = selectors.get_entry_for_user(request.user, self.object_pk(), write=True)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.ledger_move(actor=request.user, entry=entry, **serializer.validated_data)
        return self.respond(entry)


# Incentive policies ---------------------------------------------------------------------------


class PolicySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        error_messages=CODE_ERRORS,
        help_text=_("GB/T 2260 code of the province that issued the policy."),
    )

    class Meta:
        model = IncentivePolicy
        fields = [
            "id",
            "owner",
            "title",
            "region",
            "kind",
            "valid_from",
            "valid_to",
            "link",
            "summary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "created_at", "updated_at"]


class PolicyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PolicyKind.choices)
    region = django_filters.CharFilter(field_name="region__code", help_text="GB/T 2260 code")

    class Meta:
        model = IncentivePolicy
        fields = ["kind", "region"]


class PolicyViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Published incentive policies (subsidies, certification loans, awards…)."""

    serializer_class = PolicySerializer
    filterset_class = PolicyFilter
    permission_classes = [CanCreate]
    create_action = "policy.create"
    ordering_fields = ["valid_from", "valid_to", "title", "id"]
    ordering = ["-valid_from", "id"]

    def get_queryset(self):
        return IncentivePolicy.objects.visible_to(self.request.user).select_related("region")

    def create(self, request, *args, **kwargs):
        owner = _office_for(request.user, "policy.create")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = services.policy_save(
            actor=request.user, owner=owner, policy=None, data=serializer.validated_data
        )
        return self.respond(policy, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        policy = selectors.get_policy_for_user(request.user, self.object_pk(), write=True)
        serializer = self.get_serializer(policy, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.policy_save(
            actor=request.user, owner=policy.owner, policy=policy, data=serializer.validated_data
        )
        return self.respond(policy)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)
