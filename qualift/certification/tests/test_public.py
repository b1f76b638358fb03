"""The public certificate lookup at /verify/: no sign-in; shows holder, scope, effective status,
validity and the CB's name only (no USCC, no findings, no audit details)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from qualift.certification.tests.test_certificates_fixtures import (
    add_finding,
    completed_cycle,
    make_certificate,
)

pytestmark = pytest.mark.django_db


def test_anonymous_lookup_redirects_to_a_known_number(world):
    certificate = make_certificate(world, number="QMS-2025-00100007")
    client = Client()
    form = client.get("/verify/")
    assert form.status_code == 200 and b"verify-form" in form.content
    found = client.get("/verify/", {"number": " qms-2025-00100007 "})
    assert found.status_code == 302
    assert found["Location"] == f"/verify/{certificate.number}/"


def test_anonymous_lookup_of_unknown_number_says_so(world):
    response = Client().get("/verify/", {"number": "NO-SUCH"})
    assert response.status_code == 200
    assert b"verify-not-found" in response.content
    assert Client().get("/verify/NO-SUCH/").status_code == 404


def test_anonymous_page_shows_only_the_public_fields(world):
    cycle, stage2 = completed_cycle(world)
    add_finding(stage2, "minor", "accepted", number="SECRET-FINDING-1")
    certificate = make_certificate(world)
    certificate.status_note = "Internal note about the client"
    certificate.save()
    response = Client().get(f"/verify/{certificate.number}/")
    assert response.status_code == 200
    body = response.content.decode()
    for shown in (
        world.a1.name,
        certificate.scope_text,
        "2025-04-01",
        "2028-03-31",
        world.cb_a.name,
        'data-status="valid"',
    ):
        assert shown in body, shown
    for hidden in (
        world.a1.uscc,
        "SECRET-FINDING-1",
        "Internal note",
        cycle.number,
        world.a2.name,
        world.b1.name,
    ):
        assert hidden not in body, hidden


def test_anonymous_page_shows_effective_status_past_expiry(world):
    certificate = make_certificate(world, expires_on=dt.date(2020, 1, 31))
    response = Client().get(f"/verify/{certificate.number}/")
    assert 'data-status="expired"' in response.content.decode()
