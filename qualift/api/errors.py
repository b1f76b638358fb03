"""One JSON error shape for the whole API: {"error": code, "detail": …, "fields": {…}}."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_KEYS = ("non_field_errors", NON_FIELD_ERRORS)


def _messages(value) -> list[str]:
    """Flatten DRF's nested error details (lists of items, dicts of list positions) to text."""
    if isinstance(value, dict):
        out = []
        for key, inner in value.items():
            out += [f"{key}: {message}" for message in _messages(inner)]
        return out
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            out += _messages(item)
        return out
    return [str(value)]


def _fields_from(detail) -> dict:
    if isinstance(detail, dict):
        return {key: _messages(value) for key, value in detail.items()}
    return {}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with data saved at the same time; try again."
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, IntegrityError):
        # A uniqueness race between two requests that both passed validation.
        exc = Conflict(_("This conflicts with data saved at the same time; try again."))
    elif isinstance(exc, DataError):
        exc = exceptions.ValidationError(
            {"non_field_errors": [_("A value is out of the range the database can store.")]}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields_from(exc.detail)
        non_field: list[str] = []
        for key in NON_FIELD_KEYS:
            non_field += fields.pop(key, [])
        detail = " ".join(non_field) if non_field else _("Some fields are not valid.")
        if isinstance(exc.detail, list):
            detail = " ".join(_messages(exc.detail))
        body = {"error": "invalid", "detail": detail, "fields": fields}
        response.data = body
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    code = getattr(exc, "default_code", "error")
    detail = getattr(exc, "detail", str(exc))
    response.data = {"error": code, "detail": str(detail), "fields": {}}
    return response
