"""Building blocks the app APIs share: strict id fields, scoped lookups, id filters, and the
viewset helper that turns a service's result into a response."""

from __future__ import annotations

from collections.abc import Callable

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

MAX_ID = 2**63 - 1  # the largest BigAutoField value; larger numbers overflow the database driver
MAX_INT = 2**31 - 1  # PositiveIntegerField on PostgreSQL


def parse_id(value) -> int | None:
    """A database id from JSON or a URL: a positive whole number (not a bool, float or "1.0")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id that must be a whole number; a missing or invisible row reads "Not found."."""

    default_error_messages = {
        "does_not_exist": _("Not found."),
        "incorrect_type": _("Expected an id (a whole number)."),
    }

    def to_internal_value(self, data):
        pk = parse_id(data)
        if pk is None:
            if isinstance(data, int) and not isinstance(data, bool):
                self.fail("does_not_exist", pk_value=data)
            self.fail("incorrect_type", data_type=type(data).__name__)
        queryset = self.get_queryset()
        try:
            return queryset.get(pk=pk)
        except queryset.model.DoesNotExist:
            self.fail("does_not_exist", pk_value=pk)


class ScopedPrimaryKeyRelatedField(StrictPrimaryKeyRelatedField):
    """An id looked up only among the rows the requesting user may see, so an invisible row and a
    missing one give the same answer."""

    def __init__(self, *, scope: Callable[[object], QuerySet], **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.scope(user)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """Filter on a foreign key by id; non-numbers and out-of-range numbers are a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ServiceViewSetMixin:
    """Helpers for viewsets whose writes go through services."""

    # Text search is a filterset field where a resource has one (DRF's SearchFilter is left out
    # so the schema does not offer a `search` parameter that does nothing).
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    # The serializer a write answers with, when the action's own serializer is its input only.
    output_serializer_class = None

    def object_pk(self) -> int:
        """The URL's id, or 404 for anything that cannot be an id."""
        pk = parse_id(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))
        if pk is None:
            raise NotFound
        return pk

    def get_object(self):
        self.kwargs[self.lookup_url_kwarg or self.lookup_field] = self.object_pk()
        return super().get_object()

    def respond(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """Serialise the saved object as a read of it (through the scoped queryset) shows it."""
        fresh = self.get_queryset().filter(pk=instance.pk).first() or instance
        serializer_class = self.output_serializer_class or self.get_serializer_class()
        serializer = serializer_class(fresh, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)
