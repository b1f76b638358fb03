"""Fixtures for the API tests: an APIClient acting as a persona of the `world` fixture."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(world):
    """`api("cba_admin")` is an APIClient acting as that persona; `api(None)` is anonymous."""

    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(world.users[username])
        return client

    return make
