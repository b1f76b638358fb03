"""Fixtures for document control tests: a document factory and uploaded files kept out of var/."""

from __future__ import annotations

import datetime as dt

import pytest

from qualift.documents import services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_document(world):
    """`make_document(enterprise, code, approve_on=None)`: a document with a draft 1.0 written in
    place, approved (effective from `approve_on`) when that date is given."""

    def make(enterprise=None, code: str = "QP-01", approve_on: dt.date | None = None, **data):
        document = services.document_create(
            actor=None,
            enterprise=enterprise or world.a1,
            data={"code": code, "title": f"Procedure {code}", "kind": "procedure", **data},
            first_version={"version": "1.0", "author": "Li Na", "text": "1. Inspect.\n2. Record."},
        )
        if approve_on is not None:
            services.version_approve(
                actor=None,
                version=document.versions.get(),
                approved_by_name="Wang Wei, general manager",
                approval_meaning="Approved for use",
                effective_on=approve_on,
                today=approve_on,
            )
            document.refresh_from_db()
        return document

    return make
