"""The auditor register: services (auditor_save, auditor_code_save, training_add,
competent_codes), the pages and /api/v1/auditors/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qualift.certification.models import AuditorProfile
from qualift.certification.services.auditors import (
    auditor_code_save,
    auditor_save,
    competent_codes,
    training_add,
)
from qualift.core.models import AuditEvent
from qualift.enterprises.models import IafCode
from qualift.tenancy.models import Membership

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


def _profile(world, username="cba_auditor1", grade="auditor"):
    cb = world.cb_b if username.startswith("cbb") else world.cb_a
    return auditor_save(actor=None, cb=cb, data={"user": world.users[username], "grade": grade})


def test_cb_admin_registers_an_auditor_and_the_membership_gets_the_grade(world):
    profile = auditor_save(
        actor=world.users["cba_admin"],
        cb=world.cb_a,
        data={"user": world.users["cba_auditor1"], "grade": "senior_auditor", "note": " ok "},
    )
    assert profile.cb == world.cb_a and profile.note == "ok"
    membership = Membership.objects.get(user=world.users["cba_auditor1"], organization=world.cb_a)
    assert membership.auditor_grade == "senior_auditor"
    assert AuditEvent.objects.filter(verb="auditor.create", target_id=str(profile.pk)).exists()


def test_cb_admin_may_register_self_without_a_membership_grade(world):
    profile = _profile(world, "cba_admin", grade="senior_auditor")
    membership = Membership.objects.get(user=world.users["cba_admin"], organization=world.cb_a)
    assert profile.grade == "senior_auditor" and membership.auditor_grade == ""


@pytest.mark.parametrize("username", ["cba_expert", "cbb_admin", "a1_admin"])
def test_only_the_cbs_admins_and_auditors_can_be_registered(world, username):
    with pytest.raises(ValidationError) as caught:
        auditor_save(
            actor=None, cb=world.cb_a, data={"user": world.users[username], "grade": "auditor"}
        )
    assert "user" in caught.value.message_dict


def test_a_person_is_registered_once_per_cb(world):
    _profile(world)
    with pytest.raises(ValidationError):
        _profile(world)


@pytest.mark.parametrize("username", ["cba_auditor1", "cbb_admin", "a1_admin"])
def test_only_the_cb_admin_keeps_the_register(world, username):
    with pytest.raises(PermissionDenied):
        auditor_save(
            actor=world.users[username],
            cb=world.cb_a,
            data={"user": world.users["cba_auditor2"], "grade": "auditor"},
        )


def test_edit_changes_grade_and_keeps_the_person(world):
    profile = _profile(world)
    profile = auditor_save(
        actor=world.users["cba_admin"], cb=world.cb_a, profile=profile, data={"grade": "trainee"}
    )
    assert profile.grade == "trainee"
    with pytest.raises(ValidationError):
        auditor_save(
            actor=None, cb=world.cb_a, profile=profile, data={"user": world.users["cba_auditor2"]}
        )


def test_codes_need_valid_from_before_valid_until(world):
    profile = _profile(world)
    with pytest.raises(ValidationError) as caught:
        auditor_code_save(
            actor=None,
            profile=profile,
            data={"iaf_code": "17", "valid_from": DAY, "valid_until": DAY - dt.timedelta(days=1)},
        )
    assert "valid_until" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        auditor_code_save(actor=None, profile=profile, data={"iaf_code": "99", "valid_from": DAY})
    assert "iaf_code" in caught.value.message_dict


def test_competent_codes_are_those_valid_on_the_day_of_active_profiles(world):
    profile = _profile(world)
    user, cb = world.users["cba_auditor1"], world.cb_a.pk
    auditor_code_save(actor=None, profile=profile, data={"iaf_code": "17", "valid_from": DAY})
    code = auditor_code_save(
        actor=world.users["cba_admin"],
        profile=profile,
        data={"iaf_code": IafCode.objects.get(code="19"), "valid_from": DAY, "valid_until": DAY},
    )
    assert competent_codes(user.pk, cb, DAY) == {"17", "19"}
    assert competent_codes(user.pk, cb, DAY + dt.timedelta(days=1)) == {"17"}
    assert competent_codes(user.pk, cb, DAY - dt.timedelta(days=1)) == set()
    assert competent_codes(user.pk, world.cb_b.pk, DAY) == set()
    auditor_code_save(actor=None, profile=profile, code=code, data={"valid_until": None})
    assert competent_codes(user.pk, cb, DAY + dt.timedelta(days=400)) == {"17", "19"}
    auditor_save(actor=None, cb=world.cb_a, profile=profile, data={"is_active": False})
    assert competent_codes(user.pk, cb, DAY) == set()


def test_training_is_recorded_with_an_event(world):
    profile = _profile(world)
    record = training_add(
        actor=world.users["cba_admin"],
        profile=profile,
        data={"title": "ISO 9001 lead auditor", "completed_on": DAY, "hours": "40"},
    )
    assert record.cb_id == world.cb_a.pk
    assert AuditEvent.objects.filter(verb="auditor.training_add").count() == 1
    with pytest.raises(ValidationError):
        training_add(actor=None, profile=profile, data={"title": "", "completed_on": DAY})


def test_list_flags_codes_expiring_within_90_days_and_filters(world):
    profile = _profile(world)
    _profile(world, "cba_auditor2", grade="trainee")
    from django.utils import timezone

    today = timezone.localdate()
    auditor_code_save(
        actor=None,
        profile=profile,
        data={"iaf_code": "17", "valid_from": today, "valid_until": today + dt.timedelta(days=30)},
    )
    client = world.client("cba_auditor2")
    response = client.get(reverse("certification:auditor-list"))
    assert response.status_code == 200
    rows = {p.user.username: p for p in response.context["page"]}
    assert rows["cba_auditor1"].expiring == 1 and rows["cba_auditor2"].expiring == 0
    filtered = client.get(reverse("certification:auditor-list"), {"iaf_code": "17"})
    assert [p.user.username for p in filtered.context["page"]] == ["cba_auditor1"]
    graded = client.get(reverse("certification:auditor-list"), {"grade": "trainee"})
    assert [p.user.username for p in graded.context["page"]] == ["cba_auditor2"]


def test_register_pages_are_cb_staff_only(world):
    profile = _profile(world)
    assert world.client("a1_admin").get(reverse("certification:auditor-list")).status_code == 403
    detail = reverse("certification:auditor-detail", args=[profile.pk])
    assert world.client("cbb_admin").get(detail).status_code == 404
    assert world.client("a1_admin").get(detail).status_code == 404
    assert world.client("cba_auditor2").get(detail).status_code == 200
    edit = reverse("certification:auditor-edit", args=[profile.pk])
    assert world.client("cba_auditor2").get(edit).status_code == 403


def test_cb_admin_registers_through_the_pages(world):
    client = world.client("cba_admin")
    response = client.post(
        reverse("certification:auditor-create"),
        {"cb": world.cb_a.pk, "user": world.users["cba_auditor2"].pk, "grade": "auditor"},
    )
    profile = AuditorProfile.objects.get(user=world.users["cba_auditor2"])
    assert response.status_code == 302
    response = client.post(
        reverse("certification:auditor-code-create", args=[profile.pk]),
        {
            "iaf_code": IafCode.objects.get(code="17").pk,
            "valid_from": "2026-03-01",
            "valid_until": "2026-01-01",
        },
    )
    assert response.status_code == 200 and "valid_until" in response.context["form"].errors
    response = client.post(
        reverse("certification:training-create", args=[profile.pk]),
        {"title": "Internal auditor course", "completed_on": "2026-01-10"},
    )
    assert response.status_code == 302 and profile.trainings.count() == 1


def _api(world, username):
    client = APIClient()
    client.force_authenticate(world.users[username])
    return client


def test_api_lists_reads_creates_and_patches(world):
    profile = _profile(world)
    auditor_code_save(actor=None, profile=profile, data={"iaf_code": "17", "valid_from": DAY})
    reader = _api(world, "cba_auditor2")
    listed = reader.get("/api/v1/auditors/", {"iaf_code": "17"}).json()
    assert [row["username"] for row in listed["results"]] == ["cba_auditor1"]
    detail = reader.get(f"/api/v1/auditors/{profile.pk}/").json()
    assert detail["codes"][0]["iaf_code"] == "17" and detail["trainings"] == []
    assert reader.patch(f"/api/v1/auditors/{profile.pk}/", {"grade": "trainee"}).status_code == 403
    admin = _api(world, "cba_admin")
    response = admin.post(
        "/api/v1/auditors/",
        {"user": world.users["cba_auditor2"].pk, "grade": "auditor"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["cb"] == world.cb_a.pk
    response = admin.patch(f"/api/v1/auditors/{profile.pk}/", {"grade": "trainee"}, format="json")
    assert response.status_code == 200 and response.json()["grade"] == "trainee"


def test_api_hides_other_cbs_and_rejects_bad_input(world):
    profile = _profile(world)
    other = _api(world, "cbb_admin")
    assert other.get(f"/api/v1/auditors/{profile.pk}/").status_code == 404
    assert other.get("/api/v1/auditors/").json()["results"] == []
    response = other.post(
        "/api/v1/auditors/",
        {"user": world.users["cba_auditor2"].pk, "grade": "auditor"},
        format="json",
    )
    assert response.status_code == 400 and "user" in response.json()["fields"]
    assert other.get("/api/v1/auditors/", {"iaf_code": "x"}).status_code == 400
    assert (
        _api(world, "cba_auditor1").post("/api/v1/auditors/", {}, format="json").status_code == 403
    )
