"""REST API: GET /api/v1/objective-coverage/?enterprise=<id> — the coverage score of goals and
responsibilities and its gaps (issue 5 §4; see docs/coverage.md). Read-only."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from qualift.api.mixins import MAX_ID
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives.coverage import KINDS, coverage_report

KIND_HELP = format_lazy(_("One of: {kinds}."), kinds=", ".join(KINDS))


class CoverageQuerySerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("Id of the enterprise (required).")
    )


class CoverageGapSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=KIND_HELP)
    id = serializers.IntegerField(
        source="obj_id", help_text=_("Id of the employee, position or objective concerned.")
    )
    subject = serializers.CharField(help_text=_("Name of the employee, position or objective."))
    detail = serializers.CharField(help_text=_("A short explanation; may be empty."))
    fix_url = serializers.CharField(help_text=_("The page where the gap is fixed."))
    fix_label = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()
    score = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        help_text=_("100 × (checks − gaps) / checks, one decimal; 0 when there are no checks."),
    )
    checks = serializers.IntegerField()
    by_kind = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Number of gaps per kind.")
    )
    gaps = CoverageGapSerializer(many=True)


class _SingleObjectSchema(AutoSchema):
    """The `list` action answers one report object, not a page of items."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class ObjectiveCoverageViewSet(viewsets.ViewSet):
    """Coverage of goals and responsibilities of one enterprise you may read."""

    schema = _SingleObjectSchema()

    @extend_schema(parameters=[CoverageQuerySerializer], responses=CoverageSerializer)
    def list(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)  # missing or not an id: 400
        enterprise = get_qms_enterprise_for_user(
            request.user, query.validated_data["enterprise"]
        )  # out of scope or missing: 404
        report = coverage_report(enterprise, timezone.localdate())
        data = {
            "enterprise": enterprise.pk,
            "score": report.score,
            "checks": report.checks,
            "by_kind": report.by_kind,
            "gaps": report.gaps,
        }
        return Response(CoverageSerializer(data).data)


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("objective-coverage", ObjectiveCoverageViewSet, basename="objective-coverage")
