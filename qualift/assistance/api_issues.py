"""API: assistance issues (/api/v1/assistance-issues/): the issues found in diagnoses with their
four-factor scores; `ranking/?entry=ID` ranks an entry's issues under its CB's weights (with the
breakdown by factor and the ±20 % sensitivity); `choose/` picks the assistance points."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualift.api.mixins import (
    IdFilter,
    ScopedPrimaryKeyRelatedField,
    ServiceViewSetMixin,
    parse_id,
)
from qualift.api.permissions import DENIED, CanCreate
from qualift.assistance.access import get_entry_for_user
from qualift.assistance.choices import Area, score_fields
from qualift.assistance.models import AssistanceIssue, Diagnosis
from qualift.assistance.selectors_issues import get_issue_for_user, rank_entry
from qualift.assistance.services.issues import (
    MAX_REASON_CHARS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    choose_points,
    issue_create,
    issue_delete,
    issue_update,
)
from qualift.assistance.services.weights import weights_for
from qualift.tenancy.permissions import can_anywhere

SCORES = score_fields()
ACTION = "assistance_issue.change"


class AssistanceIssueSerializer(serializers.ModelSerializer):
    entry = serializers.IntegerField(source="diagnosis.ledger_entry_id", read_only=True)
    is_scored = serializers.BooleanField(read_only=True)

    class Meta:
        model = AssistanceIssue
        fields = [
            "id",
            "entry",
            "diagnosis",
            "enterprise",
            "cb",
            "program",
            "title",
            "description",
            "area",
            "evidence",
            "evidence_links",
            *SCORES,
            "is_scored",
            "is_point",
            "skip_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _score_field():
    return serializers.IntegerField(
        min_value=1,
        max_value=5,
        required=False,
        allow_null=True,
        help_text=_("1–5; null: unscored"),
    )


class EvidenceLinkSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40)
    id = serializers.JSONField(required=False, allow_null=True, help_text=_("a number or text"))
    label = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AssistanceIssueWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=MAX_TITLE_CHARS)
    description = serializers.CharField(max_length=MAX_TEXT_CHARS, required=False, allow_blank=True)
    area = serializers.ChoiceField(choices=Area.choices)
    evidence = serializers.CharField(max_length=MAX_TEXT_CHARS, required=False, allow_blank=True)
    evidence_links = EvidenceLinkSerializer(many=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SCORES:
            self.fields[name] = _score_field()


class AssistanceIssueCreateSerializer(AssistanceIssueWriteSerializer):
    diagnosis = ScopedPrimaryKeyRelatedField(
        scope=lambda user: Diagnosis.objects.visible_to(user), queryset=Diagnosis.objects.all()
    )


class IssueFilter(django_filters.FilterSet):
    entry = IdFilter(field_name="diagnosis__ledger_entry_id")
    diagnosis = IdFilter(field_name="diagnosis_id")
    area = django_filters.ChoiceFilter(choices=Area.choices)
    is_point = django_filters.BooleanFilter()

    class Meta:
        model = AssistanceIssue
        fields = ["entry", "diagnosis", "area", "is_point"]


FactorPartSchema = inline_serializer(
    "AssistanceFactorPart",
    {
        "mean": serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True),
        "weight_share": serializers.DecimalField(max_digits=5, decimal_places=4),
        "contribution": serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True),
    },
)
RankingSchema = inline_serializer(
    "AssistanceRanking",
    {
        "entry": serializers.IntegerField(),
        "weights": serializers.DictField(child=serializers.FloatField()),
        "ranking": inline_serializer(
            "AssistanceRankedIssue",
            {
                "id": serializers.IntegerField(),
                "title": serializers.CharField(),
                "area": serializers.CharField(),
                "is_point": serializers.BooleanField(),
                "rank": serializers.IntegerField(allow_null=True),
                "score": serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True),
                "factors": serializers.DictField(child=FactorPartSchema),
            },
            many=True,
        ),
        "sensitivity": inline_serializer(
            "AssistanceRankShift",
            {
                "factor": serializers.CharField(),
                "change": serializers.IntegerField(),
                "moves": inline_serializer(
                    "AssistanceRankMove",
                    {
                        "id": serializers.IntegerField(),
                        "from": serializers.IntegerField(),
                        "to": serializers.IntegerField(),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)


class ChooseSerializer(serializers.Serializer):
    entry = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    chosen = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        allow_empty=False,
        max_length=200,
    )
    skip_reasons = serializers.DictField(
        child=serializers.CharField(max_length=MAX_REASON_CHARS, allow_blank=True),
        required=False,
        default=dict,
        help_text=_("Issue id → why it was passed over."),
    )


def ranking_payload(entry) -> dict:
    """The JSON the ranking answers with (also used by the page's chart)."""
    ranked, shifts, issues = rank_entry(entry)

    def dec(value):
        return None if value is None else str(value)

    return {
        "entry": entry.pk,
        "weights": weights_for(entry.cb_id),
        "ranking": [
            {
                "id": r.key,
                "title": issues[r.key].title,
                "area": issues[r.key].area,
                "is_point": issues[r.key].is_point,
                "rank": r.rank,
                "score": dec(r.score),
                "factors": {
                    factor: {
                        "mean": dec(part.mean),
                        "weight_share": dec(part.weight_share),
                        "contribution": dec(part.contribution),
                    }
                    for factor, part in r.factors.items()
                },
            }
            for r in ranked
        ],
        "sensitivity": [
            {
                "factor": s.factor,
                "change": s.change,
                "moves": [{"id": m.key, "from": m.old_rank, "to": m.new_rank} for m in s.moves],
            }
            for s in shifts
        ],
    }


class AssistanceIssueViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Assistance issues of the diagnoses you work on (the assisting CB's administrators and
    experts, and the enterprise), each scored 1–5 on the sub-criteria of the four factors."""

    serializer_class = AssistanceIssueSerializer
    output_serializer_class = AssistanceIssueSerializer
    filterset_class = IssueFilter
    permission_classes = [CanCreate]
    create_action = ACTION
    ordering_fields = ["created_at", "id", "area"]
    ordering = ["id"]

    def get_queryset(self):
        return AssistanceIssue.objects.visible_to(self.request.user).select_related("diagnosis")

    def get_serializer_class(self):
        return {
            "create": AssistanceIssueCreateSerializer,
            "partial_update": AssistanceIssueWriteSerializer,
            "choose": ChooseSerializer,
        }.get(self.action, AssistanceIssueSerializer)

    @extend_schema(
        request=AssistanceIssueCreateSerializer, responses={201: AssistanceIssueSerializer}
    )
    def create(self, request, *args, **kwargs):
        """Record an issue found in a diagnosis, with any scores known so far."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        diagnosis = data.pop("diagnosis")
        issue = issue_create(actor=request.user, diagnosis=diagnosis, data=data)
        return self.respond(issue, status.HTTP_201_CREATED)

    @extend_schema(request=AssistanceIssueWriteSerializer, responses=AssistanceIssueSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change an issue's text, evidence or scores (a chosen point stays fully scored)."""
        issue = get_issue_for_user(request.user, self.object_pk(), ACTION)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        issue = issue_update(actor=request.user, issue=issue, data=dict(serializer.validated_data))
        return self.respond(issue)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete an issue no plan uses."""
        issue = get_issue_for_user(request.user, self.object_pk(), ACTION)
        issue_delete(actor=request.user, issue=issue)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "entry", OpenApiTypes.INT, required=True, description=_("ledger entry")
            )
        ],
        responses=RankingSchema,
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def ranking(self, request, *args, **kwargs):
        """An entry's issues ranked by the four factors under its CB's weights, each score broken
        down by factor, and which ranks move when one weight moves ±20 %."""
        pk = parse_id(request.query_params.get("entry"))
        if pk is None:
            raise serializers.ValidationError({"entry": [_("Give the ledger entry's id.")]})
        entry = get_entry_for_user(request.user, pk, papers=True)
        return Response(ranking_payload(entry))

    @extend_schema(request=ChooseSerializer, responses=AssistanceIssueSerializer(many=True))
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def choose(self, request, *args, **kwargs):
        """Choose an entry's assistance points; each higher-ranked issue passed over needs a
        reason in `skip_reasons`."""
        if not can_anywhere(request.user, ACTION):
            raise PermissionDenied(DENIED)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = get_entry_for_user(request.user, data["entry"], ACTION, papers=True)
        issues = {
            i.pk: i
            for i in AssistanceIssue.objects.filter(
                diagnosis__ledger_entry=entry, pk__in=data["chosen"]
            )
        }
        unknown = [pk for pk in data["chosen"] if pk not in issues]
        if unknown:
            raise serializers.ValidationError(
                {"chosen": [_("Not issues of this entry: %(ids)s") % {"ids": unknown}]}
            )
        reasons = {}
        for key, text in data["skip_reasons"].items():
            pk = parse_id(key)
            if pk is None:
                raise serializers.ValidationError({"skip_reasons": [_("Keys are issue ids.")]})
            reasons[pk] = text
        chosen = choose_points(
            actor=request.user,
            entry=entry,
            chosen=[issues[pk] for pk in data["chosen"]],
            skip_reasons=reasons,
        )
        fresh = self.get_queryset().filter(pk__in=[i.pk for i in chosen])
        return Response(AssistanceIssueSerializer(fresh, many=True).data)


def register(router) -> None:
    """Register the assistance-issue viewset on the /api/v1/ router."""
    router.register("assistance-issues", AssistanceIssueViewSet, basename="assistance-issue")
