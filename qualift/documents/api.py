"""API: controlled documents with their versions (/api/v1/documents/). Writes go through the
services; a version's file is downloaded from `download_url` (the signed-in page route)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
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
from qualift.documents import selectors, services
from qualift.documents.choices import DocumentKind, VersionStatus
from qualift.documents.models import ControlledDocument, DocumentVersion
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprises_for

VERSION_KEYS = ("version", "author", "change_summary", "text", "file")


class DocumentVersionSerializer(serializers.ModelSerializer):
    file_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "version",
            "status",
            "author",
            "change_summary",
            "text",
            "file_name",
            "download_url",
            "approved_by_name",
            "approval_meaning",
            "approved_by",
            "approved_at",
            "effective_on",
            "obsolete_on",
            "created_at",
        ]
        read_only_fields = fields

    def get_file_name(self, version: DocumentVersion) -> str:
        return version.file.name.rsplit("/", 1)[-1] if version.file else ""

    def get_download_url(self, version: DocumentVersion) -> str:
        url = reverse("documents:version-download", args=[version.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_approved_by(self, version: DocumentVersion) -> str:
        return version.approved_by.get_username() if version.approved_by_id else ""


class DocumentVersionInputSerializer(serializers.Serializer):
    """A version's content: the text written in place, or a file (multipart), or both."""

    version = serializers.CharField(max_length=20, help_text=_("e.g. 1.0, A/0"))
    author = serializers.CharField(max_length=100)
    change_summary = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(
        required=False,
        help_text=_("PDF, Word, Excel, image, text or Markdown; at most 20 MB (multipart)."),
    )


class DocumentSerializer(serializers.ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for, queryset=Enterprise.objects.all()
    )
    review_interval_months = serializers.IntegerField(
        min_value=1, max_value=services.MAX_INTERVAL_MONTHS, required=False
    )
    current_version = serializers.SerializerMethodField(
        help_text=_("The effective version's label, if any.")
    )
    versions = DocumentVersionSerializer(many=True, read_only=True)
    first_version = DocumentVersionInputSerializer(
        write_only=True, help_text=_("Saved as a draft.")
    )

    class Meta:
        model = ControlledDocument
        fields = [
            "id",
            "enterprise",
            "code",
            "title",
            "kind",
            "owner_name",
            "review_interval_months",
            "review_due",
            "last_review_reminder_on",
            "is_withdrawn",
            "current_version",
            "versions",
            "first_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "review_due",
            "last_review_reminder_on",
            "is_withdrawn",
            "created_at",
            "updated_at",
        ]
        # The service says "code already used" under `code`; no generic unique-set check.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            # A document stays with its enterprise; its versions have their own endpoints.
            self.fields["enterprise"].read_only = True
            self.fields.pop("first_version")

    def get_current_version(self, document: ControlledDocument) -> str | None:
        for version in document.versions.all():  # prefetched
            if version.status == VersionStatus.EFFECTIVE:
                return version.version
        return None


class DocumentApproveSerializer(serializers.Serializer):
    version = StrictPrimaryKeyRelatedField(
        queryset=DocumentVersion.objects.none(), help_text=_("Id of the draft version.")
    )
    approved_by_name = serializers.CharField(max_length=100)
    approval_meaning = serializers.CharField(max_length=200)
    effective_on = serializers.DateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document = self.context.get("document")
        if document is not None:
            self.fields["version"].queryset = document.versions.all()


class DocumentReviewedSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DocumentWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class DocumentFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)
    due_for_review = django_filters.BooleanFilter(
        method="filter_due",
        help_text="true: in use and the review is overdue or due within the reminder window",
    )
    is_withdrawn = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="search_text", help_text="code or title contains")

    class Meta:
        model = ControlledDocument
        fields = ["enterprise", "kind", "due_for_review", "is_withdrawn", "q"]

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        due = Q(is_withdrawn=False, review_due__lte=selectors.due_horizon(timezone.localdate()))
        return queryset.filter(due) if value else queryset.exclude(due)

    def search_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


def _nest_version_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """The first version's errors under `first_version` (the service names its fields)."""
    if not hasattr(exc, "error_dict"):
        return serializers.ValidationError({"non_field_errors": exc.messages})
    errors = exc.message_dict
    nested = {k: errors.pop(k) for k in list(errors) if k in VERSION_KEYS}
    if nested:
        errors["first_version"] = nested
    return serializers.ValidationError(errors)


class DocumentViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Controlled documents (ISO 9001 7.5) of the enterprises whose quality records you see,
    with all their versions (effective, obsolete, draft)."""

    serializer_class = DocumentSerializer
    output_serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    permission_classes = [CanCreate]
    create_action = "document.change"
    ordering_fields = ["code", "title", "review_due", "created_at", "id"]
    ordering = ["enterprise_id", "code", "id"]

    def get_queryset(self):
        versions = DocumentVersion.objects.select_related("approved_by").order_by(
            "-created_at", "-pk"
        )
        return (
            ControlledDocument.objects.visible_to(self.request.user)
            .select_related("enterprise")
            .prefetch_related(Prefetch("versions", queryset=versions))
        )

    def get_serializer_class(self):
        return {
            "approve": DocumentApproveSerializer,
            "reviewed": DocumentReviewedSerializer,
            "withdraw": DocumentWithdrawSerializer,
            "versions": DocumentVersionInputSerializer,
        }.get(self.action, DocumentSerializer)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        first_version = data.pop("first_version")
        try:
            document = services.document_create(
                actor=request.user, enterprise=enterprise, data=data, first_version=first_version
            )
        except DjangoValidationError as exc:
            raise _nest_version_errors(exc) from exc
        return self.respond(document, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        document = selectors.get_document_for_user(
            request.user, self.object_pk(), action="document.change"
        )
        serializer = self.get_serializer(document, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.document_update(
            actor=request.user, document=document, data=dict(serializer.validated_data)
        )
        return self.respond(document)

    @extend_schema(request=DocumentApproveSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        """Approve the draft version: it becomes effective from `effective_on`, the version it
        replaces becomes obsolete, and the next review is one interval later."""
        document = selectors.get_document_for_user(
            request.user, self.object_pk(), action="document.approve"
        )
        serializer = DocumentApproveSerializer(
            data=request.data, context={**self.get_serializer_context(), "document": document}
        )
        serializer.is_valid(raise_exception=True)
        services.version_approve(actor=request.user, **serializer.validated_data)
        return self.respond(document)

    @extend_schema(request=DocumentReviewedSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def reviewed(self, request, *args, **kwargs):
        """Record a periodic review without change: the next review is one interval from today."""
        document = selectors.get_document_for_user(
            request.user, self.object_pk(), action="document.change"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.document_reviewed(
            actor=request.user, document=document, **serializer.validated_data
        )
        return self.respond(document)

    @extend_schema(request=DocumentVersionInputSerializer, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def versions(self, request, *args, **kwargs):
        """Start a new version as a draft (JSON with `text`, or multipart with `file`)."""
        document = selectors.get_document_for_user(
            request.user, self.object_pk(), action="document.change"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.version_draft(
            actor=request.user, document=document, data=dict(serializer.validated_data)
        )
        return self.respond(document, status.HTTP_201_CREATED)

    @extend_schema(request=DocumentWithdrawSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """Take the document out of use (its versions stay on record)."""
        document = selectors.get_document_for_user(
            request.user, self.object_pk(), action="document.approve"
        )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.document_withdraw(
            actor=request.user, document=document, reason=serializer.validated_data["reason"]
        )
        return self.respond(document)


def register(router) -> None:
    """Register the documents viewset on the /api/v1/ router."""
    router.register("documents", DocumentViewSet, basename="document")
