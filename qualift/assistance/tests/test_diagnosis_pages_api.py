"""Diagnosis pages and /api/v1/diagnoses/ (issue 6 §1, §7): the expert opens, fills in and
completes a diagnosis in the UI; the API's list, create, read, patch, ratings and complete with
their 400 / 403 / 404 answers; working papers stay hidden from auditors and the program office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qualift.api.tests.helpers import assert_error, results
from qualift.assistance.choices import Area
from qualift.assistance.models import Diagnosis, DiagnosisPhoto, DiagnosisRating
from qualift.assistance.services.diagnoses import diagnosis_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/diagnoses/"
DAY = dt.date(2026, 3, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _diagnosis(world, enterprise=None, expert="cba_expert") -> Diagnosis:
    return diagnosis_create(
        actor=None,
        entry=world.entry(enterprise or world.a1),
        data={"held_on": DAY, "hours": 3},
        experts=[world.users[expert]],
    )


def _api(world, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[username])
    return client


def _questionnaire(level: int | None = 3) -> dict:
    data = {"d-held_on": "2026-03-11", "d-mode": "remote", "d-hours": "5", "d-summary": "Done."}
    for area in Area.values:
        data[f"level_{area}"] = "" if level is None else str(level)
        data[f"notes_{area}"] = f"Seen in {area}"
    return data


def test_expert_opens_a_diagnosis_in_the_ui(world):
    client = world.client("cba_expert")
    url = reverse("assistance:diagnosis-create", kwargs={"pk": world.entry(world.a1).pk})
    page = client.get(url)
    assert page.status_code == 200
    # Auditors are not offered as experts (impartiality); the user is preselected.
    body = page.content.decode()
    assert "cba_auditor1" not in body
    assert f'value="{world.users["cba_expert"].pk}"' in body
    response = client.post(
        url,
        {
            "held_on": "2026-03-10",
            "mode": "on_site",
            "hours": "6",
            "experts": [world.users["cba_expert"].pk, world.users["cba_admin"].pk],
        },
    )
    diagnosis = Diagnosis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:diagnosis-edit", kwargs={"pk": diagnosis.pk})
    assert diagnosis.experts.count() == 2


def test_expert_sees_inline_errors_and_nothing_is_created(world):
    client = world.client("cba_expert")
    url = reverse("assistance:diagnosis-create", kwargs={"pk": world.entry(world.a1).pk})
    response = client.post(
        url,
        {
            "held_on": "",
            "mode": "on_site",
            "hours": "x",
            "experts": [world.users["cba_auditor1"].pk],
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"held_on", "hours", "experts"}
    assert not Diagnosis.objects.exists()


def test_expert_fills_in_the_questionnaire_and_completes(world):
    diagnosis = _diagnosis(world)
    client = world.client("cba_expert")
    edit = reverse("assistance:diagnosis-edit", kwargs={"pk": diagnosis.pk})
    page = client.get(edit)
    assert page.status_code == 200
    assert "Ask three employees what quality means" in page.content.decode()
    data = _questionnaire(4)
    data["d-experts"] = [world.users["cba_expert"].pk]
    response = client.post(edit, data)
    assert response.status_code == 302, (
        response.context and response.context["questionnaire"].errors
    )
    levels = set(
        DiagnosisRating.objects.filter(diagnosis=diagnosis).values_list("level", flat=True)
    )
    assert levels == {4}
    diagnosis.refresh_from_db()
    assert diagnosis.mode == "remote" and diagnosis.held_on == dt.date(2026, 3, 11)
    complete = reverse("assistance:diagnosis-complete", kwargs={"pk": diagnosis.pk})
    assert client.post(complete).status_code == 302
    diagnosis.refresh_from_db()
    assert diagnosis.status == "completed"
    detail = client.get(reverse("assistance:diagnosis-detail", kwargs={"pk": diagnosis.pk}))
    assert detail.status_code == 200
    assert detail.context["chart"]["values"] == [4] * 8
    assert 'id="maturity-radar"' in detail.content.decode()


def test_expert_complete_with_unrated_areas_shows_an_error(world):
    diagnosis = _diagnosis(world)
    client = world.client("cba_expert")
    response = client.post(
        reverse("assistance:diagnosis-complete", kwargs={"pk": diagnosis.pk}), follow=True
    )
    assert "Rate every area before completing" in response.content.decode()
    diagnosis.refresh_from_db()
    assert diagnosis.status == "draft"


def test_expert_uploads_a_photo_and_a_pdf_is_refused(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    diagnosis = _diagnosis(world)
    client = world.client("cba_expert")
    url = reverse("assistance:diagnosis-photo", kwargs={"pk": diagnosis.pk})
    ok = client.post(url, {"area": "equipment", "file": SimpleUploadedFile("a.png", PNG)})
    assert ok.status_code == 302
    bad = client.post(
        url, {"area": "equipment", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, follow=True
    )
    assert "JPEG, PNG or WebP" in bad.content.decode()
    assert DiagnosisPhoto.objects.count() == 1


def test_enterprise_admin_reads_but_cannot_edit(world):
    diagnosis = _diagnosis(world)
    client = world.client("a1_admin")
    detail = client.get(reverse("assistance:diagnosis-detail", kwargs={"pk": diagnosis.pk}))
    assert detail.status_code == 200
    assert 'id="diagnosis-edit"' not in detail.content.decode()
    edit = reverse("assistance:diagnosis-edit", kwargs={"pk": diagnosis.pk})
    assert client.get(edit).status_code == 403


def test_auditor_and_office_do_not_see_working_papers(world):
    diagnosis = _diagnosis(world)
    url = reverse("assistance:diagnosis-detail", kwargs={"pk": diagnosis.pk})
    for who in ("cba_auditor1", "po_admin", "cbb_admin", "a2_admin"):
        assert world.client(who).get(url).status_code == 404, who
        assert _api(world, who).get(f"{URL}{diagnosis.pk}/").status_code == 404, who


# --- API ---


def test_expert_creates_diagnosis_through_api(world):
    api = _api(world, "cba_expert")
    entry = world.entry(world.a1)
    response = api.post(
        URL,
        {
            "entry": entry.pk,
            "held_on": "2026-03-10",
            "mode": "on_site",
            "hours": "2.5",
            "summary": "Kick-off.",
            "experts": [world.users["cba_expert"].pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["entry"] == entry.pk
    assert body["hours"] == "2.5"
    assert [r["area"] for r in body["ratings"]] == list(Area.values)
    assert [p["level"] for p in body["profile"]] == [None] * 8
    entry.refresh_from_db()
    assert entry.status == "diagnosing"


def test_expert_api_create_refuses_bad_input_with_fields(world):
    api = _api(world, "cba_expert")
    entry = world.entry(world.a1)
    cases = [
        ({"entry": entry.pk, "held_on": "x", "experts": [1]}, "held_on"),
        ({"entry": entry.pk, "held_on": "2026-03-10", "experts": []}, "experts"),
        ({"entry": entry.pk, "held_on": "2026-03-10", "experts": ["a"]}, "experts"),
        (
            {
                "entry": entry.pk,
                "held_on": "2026-03-10",
                "experts": [world.users["cba_auditor1"].pk],
            },
            "experts",
        ),
        ({"entry": world.entry(world.b1).pk, "held_on": "2026-03-10", "experts": [1]}, "entry"),
        ({"entry": "1.0", "held_on": "2026-03-10", "experts": [1]}, "entry"),
    ]
    for payload, field in cases:
        body = assert_error(api.post(URL, payload, format="json"), 400)
        assert field in body["fields"], (payload, body)
    assert not Diagnosis.objects.exists()


def test_enterprise_admin_api_create_is_403(world):
    api = _api(world, "a1_admin")
    response = api.post(
        URL,
        {
            "entry": world.entry(world.a1).pk,
            "held_on": "2026-03-10",
            "experts": [world.users["cba_expert"].pk],
        },
        format="json",
    )
    assert_error(response, 403)


def test_api_list_filters_by_entry_enterprise_and_status(world):
    d1 = _diagnosis(world)
    d2 = _diagnosis(world, world.a2)
    _diagnosis(world, world.b1, expert="cbb_admin")
    api = _api(world, "cba_expert")
    assert {d["id"] for d in results(api.get(URL))} == {d1.pk, d2.pk}
    assert [d["id"] for d in results(api.get(URL, {"entry": d1.ledger_entry_id}))] == [d1.pk]
    assert [d["id"] for d in results(api.get(URL, {"enterprise": world.a2.pk}))] == [d2.pk]
    assert results(api.get(URL, {"status": "completed"})) == []
    assert_error(api.get(URL, {"entry": "abc"}), 400)
    assert_error(api.get(URL, {"status": "nope"}), 400)
    # The enterprise sees its own only.
    assert [d["id"] for d in results(_api(world, "a1_admin").get(URL))] == [d1.pk]


def test_expert_rates_and_completes_through_api(world):
    diagnosis = _diagnosis(world)
    api = _api(world, "cba_expert")
    ratings = [{"area": a, "level": 2, "notes": "n"} for a in Area.values[:-1]]
    response = api.post(f"{URL}{diagnosis.pk}/ratings/", {"ratings": ratings}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["profile"][0]["level"] == 2
    body = assert_error(api.post(f"{URL}{diagnosis.pk}/complete/"), 400)
    assert "ratings" in body["fields"]
    last = [{"area": Area.values[-1], "level": 5}]
    api.post(f"{URL}{diagnosis.pk}/ratings/", {"ratings": last}, format="json")
    done = api.post(f"{URL}{diagnosis.pk}/complete/")
    assert done.status_code == 200 and done.json()["status"] == "completed"


@pytest.mark.parametrize(
    "rows",
    [
        [{"area": "astrology", "level": 3}],
        [{"area": "goals", "level": 6}],
        [{"area": "goals", "level": 0}],
        [{"area": "goals", "level": 2}, {"area": "goals", "level": 3}],
        [],
    ],
)
def test_expert_api_ratings_refuses_bad_rows(world, rows):
    diagnosis = _diagnosis(world)
    body = assert_error(
        _api(world, "cba_expert").post(
            f"{URL}{diagnosis.pk}/ratings/", {"ratings": rows}, format="json"
        ),
        400,
    )
    assert "ratings" in body["fields"]
    assert not DiagnosisRating.objects.filter(diagnosis=diagnosis, level__isnull=False).exists()


def test_expert_patches_diagnosis_and_steward_gets_403(world):
    diagnosis = _diagnosis(world)
    url = f"{URL}{diagnosis.pk}/"
    response = _api(world, "cba_expert").patch(url, {"summary": "Revised."}, format="json")
    assert response.status_code == 200 and response.json()["summary"] == "Revised."
    assert_error(_api(world, "a1_steward").patch(url, {"summary": "x"}, format="json"), 403)
    assert_error(_api(world, "cbb_admin").patch(url, {"summary": "x"}, format="json"), 404)
    assert_error(_api(world, "cba_expert").patch(f"{URL}abc/", {}, format="json"), 404)
