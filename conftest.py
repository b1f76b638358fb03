"""Project-wide pytest fixtures: fast password hashing and the persona world."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    from qualift.core.testing import build_world

    return build_world()
