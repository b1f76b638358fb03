"""Assertions the API tests share."""

from __future__ import annotations

from qualift.core.models import AuditEvent


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The API's one error shape (ARCHITECTURE §5 rule 3): {"error", "detail", "fields"}."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"error", "detail", "fields"}, body
    if code is not None:
        assert body["error"] == code, body
    return body


def last_event(verb: str) -> AuditEvent | None:
    return AuditEvent.objects.filter(verb=verb).order_by("-seq").first()


def results(response) -> list[dict]:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response.json()["results"]
