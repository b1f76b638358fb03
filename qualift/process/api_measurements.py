"""REST API: readings (/api/v1/measurements/) — a scoped list, and bulk recording with an
idempotency key (a retried batch is answered from the stored one, never stored twice).

The bulk body is parsed by hand in one loop rather than by a nested serializer: 100,000
readings per call must be checked in well under a second. The serializers below document it.
"""

from __future__ import annotations

import datetime as dt
import json

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from qualift.api.errors import Conflict
from qualift.api.mixins import IdFilter, ServiceViewSetMixin, parse_id
from qualift.api.permissions import DENIED
from qualift.process.choices import MeasurementSource
from qualift.process.models import Gauge, Measurement, Parameter
from qualift.process.services.readings import (
    IdempotencyConflict,
    ReadingInput,
    ReadingsInvalid,
    record_readings,
)
from qualift.tenancy.permissions import can_anywhere, require

MAX_READINGS = 100_000
# 100,000 readings are 10–20 MB of JSON, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), which
# DRF's own JSON parser applies; this endpoint reads its body with its own limit.
MAX_BODY_BYTES = 40 * 1024 * 1024
READING_KEYS = {
    "parameter",
    "taken_at",
    "subgroup",
    "value",
    "count",
    "sample_size",
    "operator",
    "gauge",
    "note",
}
# A service error's field → the field of a reading in this API.
API_FIELD = {"operator_name": "operator"}


class MeasurementSerializer(serializers.ModelSerializer):
    operator = serializers.CharField(source="operator_name", read_only=True)
    gauge_code = serializers.CharField(source="gauge.code", read_only=True, default=None)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "enterprise",
            "parameter",
            "taken_at",
            "subgroup",
            "value",
            "count",
            "sample_size",
            "operator",
            "gauge",
            "gauge_code",
            "gauge_overdue",
            "note",
            "batch",
        ]
        read_only_fields = fields


class ReadingInSerializer(serializers.Serializer):
    """One reading of a bulk call (documentation of the hand-parsed body)."""

    parameter = serializers.IntegerField(help_text=_lazy("Id of the parameter."))
    taken_at = serializers.DateTimeField(
        help_text=_lazy("ISO 8601; without a zone, the installation's time zone.")
    )
    subgroup = serializers.CharField(
        required=False,
        allow_null=True,
        help_text=_lazy(
            "Optional label within this call: readings sharing a label form one subgroup. "
            "Without labels each reading is its own subgroup (X̄ charts: consecutive blocks "
            "of the subgroup size)."
        ),
    )
    value = serializers.FloatField(
        required=False, allow_null=True, help_text=_lazy("Variables: the measured value.")
    )
    count = serializers.IntegerField(
        required=False, allow_null=True, help_text=_lazy("Attributes: defects or defectives.")
    )
    sample_size = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_lazy("Attributes: units inspected (defaults to the parameter's)."),
    )
    operator = serializers.CharField(required=False, allow_blank=True, max_length=100)
    gauge = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_lazy("Id of the gauge used (defaults to the parameter's gauge)."),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class BulkReadingsSerializer(serializers.Serializer):
    idempotency_key = serializers.CharField(
        max_length=100,
        required=False,
        help_text=_lazy(
            "Required here or in the Idempotency-Key header: sending the same key and readings "
            "again answers with the stored batch (200, replayed) and stores nothing."
        ),
    )
    readings = ReadingInSerializer(many=True, help_text=_lazy("At most 100,000 readings."))


class BulkResultSerializer(serializers.Serializer):
    batch = serializers.IntegerField(help_text=_lazy("Id of the stored batch."))
    created = serializers.IntegerField(help_text=_lazy("Readings stored by this call."))
    count = serializers.IntegerField(help_text=_lazy("Readings in the batch."))
    replayed = serializers.BooleanField(
        help_text=_lazy("True when the key was already used for these readings.")
    )
    alarms = serializers.ListField(
        child=serializers.IntegerField(), help_text=_lazy("Ids of alarms opened or extended.")
    )
    overdue_gauges = serializers.ListField(
        child=serializers.CharField(),
        help_text=_lazy("Codes of gauges whose calibration is overdue (readings are flagged)."),
    )


class MeasurementFilter(django_filters.FilterSet):
    parameter = IdFilter(field_name="parameter_id")
    enterprise = IdFilter(field_name="enterprise_id")
    taken_after = django_filters.IsoDateTimeFilter(field_name="taken_at", lookup_expr="gte")
    taken_before = django_filters.IsoDateTimeFilter(field_name="taken_at", lookup_expr="lte")

    class Meta:
        model = Measurement
        fields = ["parameter", "enterprise", "taken_after", "taken_before"]


class ReadingsPermission(BasePermission):
    """Reading needs a role that reads quality records somewhere; recording, measurement.create
    somewhere (checked against the enterprise of the readings by the service)."""

    message = DENIED

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        action = "measurement.create" if view.action == "create" else "qms.view"
        return can_anywhere(request.user, action)


class BulkJSONParser(BaseParser):
    """JSON with a body limit of MAX_BODY_BYTES (not a JSONParser subclass, which DRF would
    feed through `request.body` and its 2.5 MB limit)."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return {}
        data = stream.read(MAX_BODY_BYTES + 1)
        if len(data) > MAX_BODY_BYTES:
            raise ParseError(
                _("The body is larger than %(n)d MB.") % {"n": MAX_BODY_BYTES // 2**20}
            )
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(_("The body is not valid JSON.")) from exc


def _error(fields: dict, key: str, message: str) -> None:
    fields.setdefault(key, []).append(message)


def _parse_time(value, zone) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=zone) if when.tzinfo is None else when


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class MeasurementViewSet(ServiceViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Readings of the parameters you may see. The list needs `parameter` or `enterprise`."""

    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter
    permission_classes = [ReadingsPermission]
    parser_classes = [BulkJSONParser]
    ordering_fields = ["taken_at", "subgroup", "id"]
    ordering = ["-taken_at", "-id"]

    def get_queryset(self):
        return Measurement.objects.visible_to(self.request.user).select_related("gauge")

    def get_serializer_class(self):
        if self.action == "create":
            return BulkReadingsSerializer
        return MeasurementSerializer

    def list(self, request, *args, **kwargs):
        """Readings, newest first. Give `parameter` (or `enterprise`); narrow with
        `taken_after` / `taken_before` (ISO 8601)."""
        if not (request.query_params.get("parameter") or request.query_params.get("enterprise")):
            raise ValidationError({"parameter": [_("Give a parameter (or an enterprise) id.")]})
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=BulkReadingsSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description=_lazy("The idempotency key, when not in the body."),
            )
        ],
        responses={
            201: BulkResultSerializer,
            200: OpenApiResponse(BulkResultSerializer, _lazy("A replay: nothing new stored.")),
            409: OpenApiResponse(
                OpenApiTypes.OBJECT, _lazy("The key was used for different readings.")
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        """Record up to 100,000 readings of one enterprise as one batch, all or nothing: every
        invalid reading is reported in `fields` ("readings[3].value"), and nothing is stored."""
        body = request.data
        if not isinstance(body, dict):
            raise ValidationError({"readings": [_("Send an object with a list of readings.")]})
        key = self._key(body)
        items = body.get("readings")
        if not isinstance(items, list) or not items:
            raise ValidationError({"readings": [_("Give a non-empty list of readings.")]})
        if len(items) > MAX_READINGS:
            raise ValidationError(
                {"readings": [_("At most %(n)d readings per call.") % {"n": MAX_READINGS}]}
            )
        parameters = self._parameters(items)
        enterprise_ids = {p.enterprise_id for p in parameters.values()}
        if len(enterprise_ids) > 1:
            raise ValidationError(
                {"readings": [_("All readings of one call must belong to one enterprise.")]}
            )
        enterprise = next(iter(parameters.values())).enterprise
        require(request.user, "measurement.create", [enterprise.organization_id])
        readings = self._readings(items, parameters, enterprise)
        try:
            result = record_readings(
                actor=request.user,
                enterprise=enterprise,
                readings=readings,
                source=MeasurementSource.API,
                key=key,
            )
        except IdempotencyConflict as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        except ReadingsInvalid as exc:
            fields: dict[str, list[str]] = {}
            for error in exc.reading_errors:
                name = API_FIELD.get(error.field, error.field)
                _error(fields, f"readings[{error.index}].{name}", error.message)
            raise ValidationError(fields) from exc
        data = {
            "batch": result.batch.pk,
            "created": result.count if result.created else 0,
            "count": result.batch.count,
            "replayed": not result.created,
            "alarms": [alarm.pk for alarm in result.alarms],
            "overdue_gauges": [gauge.code for gauge in result.overdue_gauges],
        }
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(data, status=code)

    def _key(self, body: dict) -> str:
        in_body = body.get("idempotency_key")
        header = self.request.headers.get("Idempotency-Key", "").strip()
        if in_body is not None and not isinstance(in_body, str):
            raise ValidationError({"idempotency_key": [_("Expected text.")]})
        in_body = (in_body or "").strip()
        if in_body and header and in_body != header:
            raise ValidationError(
                {"idempotency_key": [_("The body and the Idempotency-Key header differ.")]}
            )
        key = in_body or header
        if not key:
            raise ValidationError(
                {
                    "idempotency_key": [
                        _("Give an idempotency key (in the body or the Idempotency-Key header).")
                    ]
                }
            )
        if len(key) > 100:
            raise ValidationError({"idempotency_key": [_("At most 100 characters.")]})
        return key

    def _parameters(self, items: list) -> dict[int, Parameter]:
        fields: dict[str, list[str]] = {}
        wanted: set[int] = set()
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                _error(fields, f"readings[{index}]", _("Expected an object."))
                continue
            pk = parse_id(item.get("parameter"))
            if pk is None:
                _error(fields, f"readings[{index}].parameter", _("Expected an id."))
            else:
                wanted.add(pk)
        if fields:
            raise ValidationError(fields)
        found = {
            p.pk: p
            for p in Parameter.objects.visible_to(self.request.user)
            .filter(pk__in=wanted)
            .select_related("enterprise__organization", "gauge")
        }
        missing = sorted(wanted - set(found))
        if missing:
            raise NotFound(
                _("Parameter(s) not found: %(ids)s.") % {"ids": ", ".join(map(str, missing))}
            )
        return found

    def _readings(self, items: list, parameters: dict, enterprise) -> list[ReadingInput]:
        gauges = {g.pk: g for g in Gauge.objects.filter(enterprise=enterprise)}
        zone = timezone.get_default_timezone()
        fields: dict[str, list[str]] = {}
        readings: list[ReadingInput] = []
        msg_time = _("Enter an ISO 8601 date and time.")
        msg_number = _("Expected a number.")
        msg_whole = _("Expected a whole number.")
        msg_text = _("Expected text.")
        msg_gauge = _("Not found.")
        for index, item in enumerate(items):
            where = f"readings[{index}]."
            unknown = item.keys() - READING_KEYS
            for name in sorted(unknown):
                _error(fields, where + name, _("Unknown field."))
            taken_at = _parse_time(item.get("taken_at"), zone)
            if taken_at is None:
                _error(fields, where + "taken_at", msg_time)
            value = item.get("value")
            if value is not None and not _is_number(value):
                _error(fields, where + "value", msg_number)
            numbers = {}
            for name in ("count", "sample_size"):
                number = item.get(name)
                if number is not None and not _is_whole(number):
                    _error(fields, where + name, msg_whole)
                numbers[name] = number
            subgroup = item.get("subgroup")
            if subgroup is not None and not (isinstance(subgroup, str) or _is_whole(subgroup)):
                _error(fields, where + "subgroup", _("Expected a label (text or a number)."))
            texts = {}
            for name in ("operator", "note"):
                text = item.get(name)
                if text is None:
                    text = ""
                if not isinstance(text, str):
                    _error(fields, where + name, msg_text)
                texts[name] = text
            gauge = None
            if item.get("gauge") is not None:
                gauge = gauges.get(parse_id(item["gauge"]))
                if gauge is None:
                    _error(fields, where + "gauge", msg_gauge)
            readings.append(
                ReadingInput(
                    parameter=parameters[parse_id(item["parameter"])],
                    taken_at=taken_at,
                    value=value,
                    count=numbers["count"],
                    sample_size=numbers["sample_size"],
                    subgroup=subgroup,
                    operator_name=texts["operator"],
                    gauge=gauge,
                    note=texts["note"],
                )
            )
        if fields:
            raise ValidationError(fields)
        return readings


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("measurements", MeasurementViewSet, basename="measurement")
