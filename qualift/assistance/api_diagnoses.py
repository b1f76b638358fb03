"""API: diagnoses (/api/v1/diagnoses/): list (?entry=&enterprise=&status=), open one on a
ledger entry, read it with its ratings and maturity profile, change it, rate areas
(POST {id}/ratings/) and complete it (POST {id}/complete/)."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from qualift.api.mixins import (
    MAX_ID,
    IdFilter,
    ScopedPrimaryKeyRelatedField,
    ServiceViewSetMixin,
)
from qualift.api.permissions import CanCreate
from qualift.assistance import selectors_diagnoses as selectors
from qualift.assistance.access import assistance_entries
from qualift.assistance.choices import Area, DiagnosisStatus, Mode
from qualift.assistance.models import Diagnosis, DiagnosisRating
from qualift.assistance.services import diagnoses as services
from qualift.programs.models import LedgerEntry

CHANGE = "diagnosis.change"


class DiagnosisRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiagnosisRating
        fields = ["area", "level", "notes"]
        read_only_fields = fields


class ProfileRowSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices)
    label = serializers.CharField()
    level = serializers.IntegerField(allow_null=True, min_value=1, max_value=5)


class DiagnosisSerializer(serializers.ModelSerializer):
    entry = serializers.IntegerField(source="ledger_entry_id", read_only=True)
    ratings = DiagnosisRatingSerializer(many=True, read_only=True)
    profile = serializers.SerializerMethodField(
        help_text=_("Each area's maturity level in area order (the radar chart's data).")
    )

    class Meta:
        model = Diagnosis
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
            "status",
            "summary",
            "completed_on",
            "ratings",
            "profile",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ProfileRowSerializer(many=True))
    def get_profile(self, diagnosis: Diagnosis) -> list[dict]:
        levels = {r.area: r.level for r in diagnosis.ratings.all()}
        return [
            {"area": area, "label": str(Area(area).label), "level": levels.get(area)}
            for area in Area.values
        ]


class DiagnosisWriteFields(serializers.Serializer):
    held_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=Mode.choices, required=False, default=Mode.ON_SITE)
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, required=False, default=0
    )
    summary = serializers.CharField(
        max_length=services.MAX_SUMMARY_CHARS, required=False, allow_blank=True, default=""
    )
    experts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=50,
        help_text=_("User ids: administrators or assistance experts of the assisting CB."),
    )


class DiagnosisCreateSerializer(DiagnosisWriteFields):
    entry = ScopedPrimaryKeyRelatedField(
        scope=lambda user: assistance_entries(user), queryset=LedgerEntry.objects.all()
    )


class DiagnosisUpdateSerializer(DiagnosisWriteFields):
    pass


class RatingInputSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices)
    level = serializers.IntegerField(min_value=1, max_value=5, allow_null=True)
    notes = serializers.CharField(
        max_length=services.MAX_NOTES_CHARS, required=False, allow_blank=True, default=""
    )


class RatingsInputSerializer(serializers.Serializer):
    ratings = RatingInputSerializer(many=True, allow_empty=False)

    def validate_ratings(self, value):
        areas = [row["area"] for row in value]
        if len(areas) != len(set(areas)):
            raise serializers.ValidationError(_("Rate each area at most once."))
        return value


class DiagnosisFilter(django_filters.FilterSet):
    entry = IdFilter(field_name="ledger_entry_id")
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=DiagnosisStatus.choices)

    class Meta:
        model = Diagnosis
        fields = ["entry", "enterprise", "status"]


class DiagnosisViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Diagnoses (working papers) of the enterprises you assist, or of your own enterprise.
    Writing needs diagnosis.change (the assisting CB's administrators and assistance experts)."""

    serializer_class = DiagnosisSerializer
    output_serializer_class = DiagnosisSerializer
    filterset_class = DiagnosisFilter
    permission_classes = [CanCreate]
    create_action = CHANGE
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]

    def get_queryset(self):
        return selectors.diagnoses_visible(self.request.user).prefetch_related("ratings", "experts")

    def get_serializer_class(self):
        return {
            "create": DiagnosisCreateSerializer,
            "partial_update": DiagnosisUpdateSerializer,
            "ratings": RatingsInputSerializer,
        }.get(self.action, DiagnosisSerializer)

    @extend_schema(request=DiagnosisCreateSerializer, responses={201: DiagnosisSerializer})
    def create(self, request, *args, **kwargs):
        """Open a diagnosis on a ledger entry: one empty rating per area; the experts are recorded
        as involved with the enterprise on that day; a screened entry moves to diagnosing."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entry = data.pop("entry")
        experts = data.pop("experts")
        diagnosis = services.diagnosis_create(
            actor=request.user, entry=entry, data=data, experts=experts
        )
        return self.respond(diagnosis, status.HTTP_201_CREATED)

    @extend_schema(request=DiagnosisUpdateSerializer, responses=DiagnosisSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change the date, mode, hours, summary or experts."""
        diagnosis = selectors.get_diagnosis_for_user(request.user, self.object_pk(), write=True)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        experts = data.pop("experts", None)
        diagnosis = services.diagnosis_update(
            actor=request.user, diagnosis=diagnosis, data=data, experts=experts
        )
        return self.respond(diagnosis)

    @extend_schema(request=RatingsInputSerializer, responses=DiagnosisSerializer)
    @action(detail=True, methods=["post"])
    def ratings(self, request, *args, **kwargs):
        """Rate areas 1–5 (null clears a level) with notes."""
        diagnosis = selectors.get_diagnosis_for_user(request.user, self.object_pk(), write=True)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ratings = {
            row["area"]: {"level": row["level"], "notes": row["notes"]}
            for row in serializer.validated_data["ratings"]
        }
        services.diagnosis_rate(actor=request.user, diagnosis=diagnosis, ratings=ratings)
        return self.respond(diagnosis)

    @extend_schema(request=None, responses=DiagnosisSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        """Complete the diagnosis once every area has a level."""
        diagnosis = selectors.get_diagnosis_for_user(request.user, self.object_pk(), write=True)
        diagnosis = services.diagnosis_complete(
            actor=request.user, diagnosis=diagnosis, today=timezone.localdate()
        )
        return self.respond(diagnosis)


def register(router) -> None:
    """Register the diagnosis viewset on the /api/v1/ router."""
    router.register("diagnoses", DiagnosisViewSet, basename="diagnosis")
