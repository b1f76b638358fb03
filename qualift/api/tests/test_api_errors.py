"""qualift.api.errors: what a service's exception becomes on the wire."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DataError, IntegrityError

from qualift.programs import services

from .helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/policies/"
BODY = {"title": "T", "region": "330000", "kind": "other", "valid_from": "2026-01-01"}


def _raising(exc):
    def service(**kwargs):
        raise exc

    return service


@pytest.mark.parametrize(
    ("exc", "status", "code", "detail", "fields"),
    [
        (
            ValidationError({"title": ["Too vague."], NON_FIELD_ERRORS: ["Overlaps policy 3."]}),
            400,
            "invalid",
            "Overlaps policy 3.",
            {"title": ["Too vague."]},
        ),
        (ValidationError("Whole thing wrong."), 400, "invalid", "Whole thing wrong.", {}),
        (PermissionDenied("Not yours."), 403, "permission_denied", "Not yours.", {}),
        (IntegrityError("UNIQUE constraint failed"), 409, "conflict", None, {}),
        (DataError("value too long"), 400, "invalid", None, {}),
    ],
)
def test_service_exception_becomes_the_json_error_shape(
    world, api, monkeypatch, exc, status, code, detail, fields
):
    monkeypatch.setattr(services, "policy_save", _raising(exc))
    body = assert_error(api("po_admin").post(URL, BODY, format="json"), status, code)
    if detail is not None:
        assert body["detail"] == detail
    assert body["fields"] == fields
    assert "UNIQUE" not in body["detail"]  # database text never reaches the client
