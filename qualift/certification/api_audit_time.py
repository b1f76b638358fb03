"""API: the audit-time calculator (POST /api/v1/audit-time/), IAF MD 5 Table QMS 1.

Any signed-in user may calculate; nothing is stored (an audit's time is set on the audit).
"""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qualift.api.mixins import MAX_INT
from qualift.certification.choices import Stage1Share
from qualift.certification.services.audit_time import calculate


class AdjustmentSerializer(serializers.Serializer):
    pct = serializers.IntegerField(
        min_value=-100, max_value=100, help_text=_("Per cent; increases positive.")
    )
    reason = serializers.CharField(max_length=200)


class AuditTimeInputSerializer(serializers.Serializer):
    employees = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    part_time_fte = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, default=0
    )
    shift_staff = serializers.IntegerField(
        min_value=0, max_value=MAX_INT, required=False, allow_null=True, default=None
    )
    shifts = serializers.IntegerField(
        min_value=2, max_value=10, required=False, allow_null=True, default=None
    )
    adjustments = AdjustmentSerializer(many=True, required=False, default=list)
    stage1_share = serializers.ChoiceField(
        choices=Stage1Share.choices, required=False, default=Stage1Share.ONE_THIRD
    )


class AuditTimeSerializer(serializers.Serializer):
    effective_personnel = serializers.IntegerField()
    table_days = serializers.FloatField(help_text=_("IAF MD 5 Table QMS 1, auditor-days."))
    adjustment_pct = serializers.IntegerField(help_text=_("Net adjustment applied (capped)."))
    initial_days = serializers.FloatField()
    stage1_days = serializers.FloatField()
    stage2_days = serializers.FloatField()
    surveillance_days = serializers.FloatField()
    recertification_days = serializers.FloatField()
    onsite_min_days = serializers.FloatField()
    justification = serializers.CharField()


class AuditTimeViewSet(viewsets.ViewSet):
    """The audit-time calculator: effective personnel, Table QMS 1, adjustments (a net reduction
    is capped at 30 %), stage split and the surveillance / recertification figures."""

    permission_classes = [IsAuthenticated]
    serializer_class = AuditTimeInputSerializer

    @extend_schema(request=AuditTimeInputSerializer, responses={200: AuditTimeSerializer})
    def create(self, request):
        """Calculate the audit time and its justification (nothing is stored)."""
        serializer = AuditTimeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        share = Fraction(data.pop("stage1_share"))
        data["adjustments"] = [dict(item) for item in data["adjustments"]]
        try:
            result = calculate(data, stage1_share=share)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(AuditTimeSerializer(result.as_dict()).data)


def register(router) -> None:
    """Register the calculator on the /api/v1/ router (route name api:audit-time-list)."""
    router.register("audit-time", AuditTimeViewSet, basename="audit-time")
