"""No request is a 500 (ARCHITECTURE §5 rule 3): malformed JSON, wrong types, huge numbers,
unknown ids, impossible dates and odd query strings all get a 4xx in the JSON error shape.

The test client re-raises a view's exception, so a 500 would fail these tests with its traceback.
"""

from __future__ import annotations

import pytest

from qualift.enterprises.uscc import make_uscc

from .helpers import assert_error

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    None,
    True,
    1.5,
    -1,
    0,
    10**30,
    2**63,
    "",
    "x",
    "\x00",
    "9" * 5000,
    "١٢",  # Arabic-Indic digits: str.isdigit() is true for them
    "2025-13-45",
    [],
    [1, "x", None],
    {},
    {"a": 1},
]
BAD_IDS = ["abc", "0", "-1", "99999999999999999999999", "9223372036854775808", "1e5", "%00"]


def _check(response) -> None:
    assert response.status_code < 500
    if response.status_code >= 400:
        assert_error(response, response.status_code)


def _writes(world) -> list[tuple[str, str, str, dict]]:
    """(persona, method, url, a valid body) for every write the API offers."""
    entry = world.entry(world.a1)
    engagement = world.a1.engagements.get(kind="assistance")
    enterprise = {
        "name": "Ent fuzz",
        "uscc": make_uscc("91330000MA0000555"),
        "region": "330000",
        "iaf_codes": ["17"],
        "miit_industry": 2,
        "employees": 10,
        "revenue": "100.00",
        "engagement_kind": "assistance",
    }
    program = {
        "name": "P fuzz",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "regions": ["330000"],
        "participating_cbs": [world.cb_a.pk],
        "target_enterprises": 1,
    }
    policy = {
        "title": "Fuzz",
        "region": "330000",
        "kind": "other",
        "valid_from": "2026-01-01",
        "link": "https://example.org/",
    }
    return [
        ("cba_admin", "post", "/api/v1/enterprises/", enterprise),
        ("cba_admin", "patch", f"/api/v1/enterprises/{world.a1.pk}/", enterprise),
        (
            "cba_admin",
            "post",
            "/api/v1/engagements/",
            {
                "cb": world.cb_a.pk,
                "enterprise": world.a2.pk,
                "kind": "assistance",
                "start": "2026-01-01",
                "end": "2026-06-30",
                "note": "",
            },
        ),
        (
            "cba_admin",
            "post",
            f"/api/v1/engagements/{engagement.pk}/end/",
            {"end": "2030-01-01", "note": "done"},
        ),
        ("po_admin", "post", "/api/v1/programs/", program),
        ("po_admin", "patch", f"/api/v1/programs/{world.program.pk}/", program),
        (
            "po_admin",
            "post",
            "/api/v1/ledger-entries/",
            {
                "program": world.program.pk,
                "enterprise": world.a1.pk,
                "cb": world.cb_a.pk,
                "note": "",
            },
        ),
        (
            "po_admin",
            "post",
            f"/api/v1/ledger-entries/{entry.pk}/move/",
            {"to_status": "diagnosing", "note": ""},
        ),
        ("po_admin", "post", "/api/v1/policies/", policy),
        ("po_admin", "patch", f"/api/v1/policies/{world.policy.pk}/", policy),
        (None, "post", "/api/v1/auth/token/", {"username": "po_admin", "password": "x"}),
    ]


def test_malformed_and_non_object_bodies_are_400(world, api):
    for username, method, url, _body in _writes(world):
        client = api(username)
        call = getattr(client, method)
        response = call(url, data='{"name": ', content_type="application/json")
        assert_error(response, 400, "parse_error")
        for body in ("[]", '"text"', "1", "null", "NaN", "1e999", "9" * 5000):
            response = call(url, data=body, content_type="application/json")
            assert 400 <= response.status_code < 500, (url, body, response.status_code)
            assert_error(response, response.status_code)
        assert_error(call(url, data="<a/>", content_type="application/xml"), 415)


def test_every_field_with_wrong_values_is_4xx(world, api):
    for username, method, url, body in _writes(world):
        client = api(username)
        for field in body:
            for value in BAD_VALUES:
                response = getattr(client, method)(url, {**body, field: value}, format="json")
                _check(response)


def test_unknown_and_malformed_ids_in_paths_are_404(world, api):
    client = api("po_admin")
    for resource in (
        "organizations",
        "enterprises",
        "engagements",
        "programs",
        "ledger-entries",
        "policies",
        "audit-events",
    ):
        for bad in BAD_IDS:
            assert_error(client.get(f"/api/v1/{resource}/{bad}/"), 404, "not_found")
    for bad in BAD_IDS:
        assert_error(client.patch(f"/api/v1/enterprises/{bad}/", {"name": "x"}), 404)
        assert_error(client.patch(f"/api/v1/programs/{bad}/", {"name": "x"}), 404)
        assert_error(client.patch(f"/api/v1/policies/{bad}/", {"title": "x"}), 404)
        assert_error(client.post(f"/api/v1/ledger-entries/{bad}/move/", {"to_status": "x"}), 404)
    cb = api("cba_admin")
    for bad in BAD_IDS:
        assert_error(cb.post(f"/api/v1/engagements/{bad}/end/", {"end": "2030-01-01"}), 404)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": str(10**30)},
        {"page_size": "-1"},
        {"page_size": str(10**30)},
        {"page_size": "x"},
        {"ordering": "nonexistent"},
        {"ordering": "-\x00"},
        {"region": "\x00"},
        {"region": "9" * 5000},
        {"q": "\x00"},
        {"search": "%_\\"},
        {"miit_industry": str(10**30)},
        {"iaf": ["17", "x"]},
        {"program": "1e5"},
        {"program": str(2**63)},
        {"cb": "-1"},
        {"status": "\x00"},
        {"kind": "x"},
        {"verb": "\x00"},
        {"enterprise": "abc"},
    ],
)
def test_odd_query_strings_never_fail(world, api, params):
    client = api("po_admin")
    for resource in (
        "organizations",
        "enterprises",
        "engagements",
        "programs",
        "ledger-entries",
        "policies",
        "audit-events",
    ):
        _check(client.get(f"/api/v1/{resource}/", params))


def test_options_describe_without_failing(world, api):
    client = api("cba_admin")
    entry = world.entry(world.a1)
    for url in (
        "/api/v1/enterprises/",
        f"/api/v1/enterprises/{world.a1.pk}/",
        f"/api/v1/enterprises/{world.b1.pk}/",  # invisible: still no failure, no actions
        f"/api/v1/ledger-entries/{entry.pk}/move/",
        "/api/v1/programs/",
        "/api/v1/audit-events/",
    ):
        _check(client.options(url))
