"""API: the auditor register (/api/v1/auditors/): list (?grade=&iaf_code=&active=), create,
read (with IAF codes and training records), patch. CB staff read; the CB admin writes."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError

from qualift.api.mixins import ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.certification.models import AuditorCode, AuditorProfile, TrainingRecord
from qualift.certification.scoping import certifying_people
from qualift.certification.services.auditors import auditor_save, valid_codes_on
from qualift.tenancy.choices import AuditorGrade
from qualift.tenancy.models import Organization, User
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

WRITE = "auditor.change"


def register_cbs(user):
    """The CBs whose register the user keeps (auditor.change)."""
    ids = [cb for cb in scope_of(user).cb_ids if can(user, WRITE, [cb])]
    return Organization.objects.filter(pk__in=ids)


def registrable_people(user):
    """Active administrators and auditors of the CBs whose register the user keeps."""
    ids = set()
    for cb in register_cbs(user):
        ids |= set(certifying_people(cb.pk).values_list("pk", flat=True))
    return User.objects.filter(pk__in=ids)


class AuditorCodeSerializer(serializers.ModelSerializer):
    iaf_code = serializers.CharField(source="iaf_code.code", read_only=True)

    class Meta:
        model = AuditorCode
        fields = ["id", "iaf_code", "valid_from", "valid_until"]
        read_only_fields = fields


class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingRecord
        fields = ["id", "title", "provider", "completed_on", "hours", "certificate_no"]
        read_only_fields = fields


class AuditorListSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    valid_codes = serializers.SerializerMethodField(help_text=_("IAF codes valid today."))

    class Meta:
        model = AuditorProfile
        fields = [
            "id",
            "cb",
            "user",
            "username",
            "grade",
            "registration_no",
            "is_active",
            "note",
            "valid_codes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_valid_codes(self, obj) -> list[str]:
        today = timezone.localdate()
        return sorted({c.iaf_code.code for c in obj.codes.all() if c.valid_on(today)})


class AuditorSerializer(AuditorListSerializer):
    codes = AuditorCodeSerializer(many=True, read_only=True)
    trainings = TrainingSerializer(many=True, read_only=True)

    class Meta(AuditorListSerializer.Meta):
        fields = [*AuditorListSerializer.Meta.fields, "codes", "trainings"]
        read_only_fields = fields


class AuditorCreateSerializer(serializers.Serializer):
    cb = ScopedPrimaryKeyRelatedField(
        scope=register_cbs,
        queryset=Organization.objects.all(),
        required=False,
        help_text=_("The CB; may be left out when you keep one CB's register."),
    )
    user = ScopedPrimaryKeyRelatedField(scope=registrable_people, queryset=User.objects.all())
    grade = serializers.ChoiceField(choices=AuditorGrade.choices)
    registration_no = serializers.CharField(max_length=40, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True)


class AuditorPatchSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=AuditorGrade.choices, required=False)
    registration_no = serializers.CharField(max_length=40, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class AuditorFilter(django_filters.FilterSet):
    grade = django_filters.ChoiceFilter(choices=AuditorGrade.choices)
    iaf_code = django_filters.CharFilter(
        method="filter_code", help_text=_("An IAF code (e.g. 05) valid today.")
    )
    active = django_filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = AuditorProfile
        fields = ["grade", "iaf_code", "active"]

    def filter_code(self, queryset, name, value):
        code = value.strip()
        if not (code.isascii() and code.isdigit() and len(code) <= 2):
            raise ValidationError({"iaf_code": [_("An IAF code is one or two digits.")]})
        codes = AuditorCode.objects.filter(
            valid_codes_on(timezone.localdate()), iaf_code__code=code.zfill(2)
        )
        return queryset.filter(pk__in=codes.values("profile_id"))


class AuditorViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The auditor register of your CB: grades, IAF codes with validity, training records."""

    serializer_class = AuditorSerializer
    output_serializer_class = AuditorSerializer
    filterset_class = AuditorFilter
    permission_classes = [CanCreate]
    create_action = WRITE
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["user__username", "grade", "id"]
    ordering = ["user__username", "id"]

    def get_queryset(self):
        return (
            AuditorProfile.objects.visible_to(self.request.user)
            .select_related("user")
            .prefetch_related("codes__iaf_code", "trainings")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return AuditorCreateSerializer
        if self.action == "partial_update":
            return AuditorPatchSerializer
        if self.action == "list":
            return AuditorListSerializer
        return AuditorSerializer

    @extend_schema(request=AuditorCreateSerializer, responses={201: AuditorSerializer})
    def create(self, request, *args, **kwargs):
        """Register an administrator or auditor of your CB (needs auditor.change)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cb = data.pop("cb", None)
        if cb is None:
            cbs = list(register_cbs(request.user)[:2])
            if len(cbs) != 1:
                raise ValidationError({"cb": [_("Name the CB.")]})
            cb = cbs[0]
        profile = auditor_save(actor=request.user, cb=cb, data=data)
        return self.respond(profile, status.HTTP_201_CREATED)

    @extend_schema(request=AuditorPatchSerializer, responses=AuditorSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change the grade, registration number, active flag or note."""
        profile = self.get_object()
        if not can(request.user, WRITE, [profile.cb_id]):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data:
            profile = auditor_save(actor=request.user, cb=profile.cb, profile=profile, data=data)
        return self.respond(profile)


def register(router) -> None:
    """Register the auditor register on the /api/v1/ router."""
    router.register("auditors", AuditorViewSet, basename="auditor")
