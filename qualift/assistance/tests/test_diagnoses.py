"""Diagnosis services (issue 6 §1): opening a diagnosis with one rating per area, the experts'
involvement (read by the certification impartiality check, DOMAIN §1), the ledger moving from
screened to diagnosing, rating validation, completion, photos, and the questionnaire's content;
plus the system evidence shown beside each area."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualift.api.tests.helpers import last_event
from qualift.assistance.choices import Area, DiagnosisStatus, InvolvementSource
from qualift.assistance.evidence import CAP, system_evidence
from qualift.assistance.involvement import assistance_involvement
from qualift.assistance.models import Diagnosis, DiagnosisPhoto, DiagnosisRating, Involvement
from qualift.assistance.questionnaire import AREAS, level_choices
from qualift.assistance.selectors_diagnoses import maturity_profile
from qualift.assistance.services.diagnoses import (
    diagnosis_complete,
    diagnosis_create,
    diagnosis_rate,
    diagnosis_update,
    photo_add,
)
from qualift.assistance.services.ledger_sync import advance_ledger
from qualift.programs.models import LedgerEntry

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)
# The smallest valid PNG header bytes; the service checks the signature, not the pixels.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24


def _create(world, enterprise=None, actor="cba_expert", experts=None, **data) -> Diagnosis:
    entry = world.entry(enterprise or world.a1)
    values = {"held_on": DAY, "mode": "on_site", "hours": "6.5", "summary": "First visit."}
    values.update(data)
    return diagnosis_create(
        actor=world.users[actor],
        entry=entry,
        data=values,
        experts=experts if experts is not None else [world.users["cba_expert"]],
    )


def _all_rated(level: int = 3) -> dict:
    return {area: {"level": level, "notes": f"{area} seen"} for area in Area.values}


def test_expert_creates_diagnosis_with_one_empty_rating_per_area(world):
    diagnosis = _create(world)
    ratings = list(DiagnosisRating.objects.filter(diagnosis=diagnosis).order_by("id"))
    assert [r.area for r in ratings] == list(Area.values)
    assert len(ratings) == 8
    assert all(r.level is None for r in ratings)
    # Every record carries the ledger entry's three tenant keys.
    entry = world.entry(world.a1)
    for record in [diagnosis, *ratings]:
        assert (record.enterprise_id, record.cb_id, record.program_id) == (
            entry.enterprise_id,
            entry.cb_id,
            entry.program_id,
        )
    assert diagnosis.status == DiagnosisStatus.DRAFT
    assert str(diagnosis.hours) == "6.5"
    event = last_event("diagnosis.create")
    assert event is not None and event.enterprise_id == world.a1.pk


def test_expert_creates_diagnosis_records_involvement_for_every_expert(world):
    experts = [world.users["cba_expert"], world.users["cba_admin"]]
    diagnosis = _create(world, experts=experts)
    rows = Involvement.objects.filter(source=InvolvementSource.DIAGNOSIS, source_id=diagnosis.pk)
    assert {(r.person_id, r.day, r.enterprise_id, r.cb_id) for r in rows} == {
        (u.pk, DAY, world.a1.pk, world.cb_a.pk) for u in experts
    }
    # The impartiality lookup finds them a year later, not for another enterprise.
    found = assistance_involvement([u.pk for u in experts], world.a1.pk, DAY.replace(year=2027))
    assert {i.person_id for i in found} == {u.pk for u in experts}
    assert assistance_involvement([experts[0].pk], world.a2.pk, DAY) == []


def test_expert_creates_diagnosis_moves_screened_entry_to_diagnosing(world):
    entry = world.entry(world.a1)
    assert entry.status == "screened"
    _create(world)
    assert LedgerEntry.objects.get(pk=entry.pk).status == "diagnosing"


def test_second_diagnosis_does_not_move_a_later_entry_back(world):
    entry = world.entry(world.a1)
    advance_ledger(entry, "assisting", "test: plan agreed and assisting")
    _create(world)
    assert LedgerEntry.objects.get(pk=entry.pk).status == "assisting"


def test_expert_cannot_name_an_auditor_or_another_cbs_admin_as_expert(world):
    for who in ("cba_auditor1", "cbb_admin", "a1_admin"):
        with pytest.raises(ValidationError) as exc:
            _create(world, experts=[world.users[who]])
        assert "experts" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _create(world, experts=[])
    assert "experts" in exc.value.message_dict
    assert not Diagnosis.objects.exists()
    assert not Involvement.objects.exists()


def test_auditor_and_enterprise_admin_cannot_create_diagnosis(world):
    for who in ("cba_auditor1", "a1_admin", "po_admin", "cbb_admin"):
        with pytest.raises(PermissionDenied):
            _create(world, actor=who)
    assert not Diagnosis.objects.exists()


def test_expert_gets_field_errors_for_bad_date_hours_and_mode(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, held_on=None, hours="-1", mode="telepathy")
    assert set(exc.value.message_dict) == {"held_on", "hours", "mode"}
    assert not Diagnosis.objects.exists()


def test_expert_updates_diagnosis_and_involvement_is_recorded_again(world):
    diagnosis = _create(world)
    later = DAY + dt.timedelta(days=2)
    diagnosis_update(
        actor=world.users["cba_expert"],
        diagnosis=diagnosis,
        data={"held_on": later},
        experts=[world.users["cba_admin"]],
    )
    diagnosis.refresh_from_db()
    assert diagnosis.held_on == later
    assert diagnosis.summary == "First visit."  # untouched fields keep their value
    assert list(diagnosis.experts.values_list("username", flat=True)) == ["cba_admin"]
    days = set(
        Involvement.objects.filter(source_id=diagnosis.pk).values_list("person__username", "day")
    )
    # The earlier record stays: the expert did take part on DAY.
    assert days == {("cba_expert", DAY), ("cba_admin", later)}
    event = last_event("diagnosis.update")
    assert event.before["held_on"] == DAY.isoformat()
    assert event.after["held_on"] == later.isoformat()


def test_expert_rates_areas_and_profile_follows(world):
    diagnosis = _create(world)
    diagnosis_rate(
        actor=world.users["cba_expert"],
        diagnosis=diagnosis,
        ratings={"leadership": {"level": 2, "notes": "No policy."}, "goals": {"level": "4"}},
    )
    profile = maturity_profile(diagnosis)
    assert [row["area"] for row in profile] == list(Area.values)
    levels = {row["area"]: row["level"] for row in profile}
    assert levels["leadership"] == 2 and levels["goals"] == 4
    assert levels["strategy"] is None
    assert DiagnosisRating.objects.get(diagnosis=diagnosis, area="leadership").notes == "No policy."
    event = last_event("diagnosis.rate")
    assert set(event.after) == {"leadership", "goals"}


@pytest.mark.parametrize("level", [0, 6, "x", 2.5, True])
def test_expert_rating_refuses_levels_outside_1_to_5(world, level):
    diagnosis = _create(world)
    with pytest.raises(ValidationError) as exc:
        diagnosis_rate(
            actor=world.users["cba_expert"],
            diagnosis=diagnosis,
            ratings={"leadership": {"level": level}},
        )
    assert "ratings" in exc.value.message_dict
    assert DiagnosisRating.objects.get(diagnosis=diagnosis, area="leadership").level is None


def test_expert_rating_refuses_an_unknown_area_and_changes_nothing(world):
    diagnosis = _create(world)
    with pytest.raises(ValidationError) as exc:
        diagnosis_rate(
            actor=world.users["cba_expert"],
            diagnosis=diagnosis,
            ratings={"leadership": {"level": 3}, "astrology": {"level": 3}},
        )
    assert "astrology" in " ".join(exc.value.message_dict["ratings"])
    assert DiagnosisRating.objects.get(diagnosis=diagnosis, area="leadership").level is None


def test_expert_cannot_complete_with_unrated_areas(world):
    diagnosis = _create(world)
    ratings = _all_rated()
    del ratings["inspection"]
    diagnosis_rate(actor=world.users["cba_expert"], diagnosis=diagnosis, ratings=ratings)
    with pytest.raises(ValidationError) as exc:
        diagnosis_complete(actor=world.users["cba_expert"], diagnosis=diagnosis, today=DAY)
    assert str(Area.INSPECTION.label) in " ".join(exc.value.message_dict["ratings"])
    diagnosis.refresh_from_db()
    assert diagnosis.status == DiagnosisStatus.DRAFT


def test_expert_completes_a_fully_rated_diagnosis(world):
    diagnosis = _create(world)
    diagnosis_rate(actor=world.users["cba_expert"], diagnosis=diagnosis, ratings=_all_rated())
    diagnosis_complete(actor=world.users["cba_expert"], diagnosis=diagnosis, today=DAY)
    diagnosis.refresh_from_db()
    assert diagnosis.status == DiagnosisStatus.COMPLETED
    assert diagnosis.completed_on == DAY
    assert last_event("diagnosis.complete").after["status"] == "completed"
    # A completed diagnosis keeps a level in every area.
    with pytest.raises(ValidationError):
        diagnosis_rate(
            actor=world.users["cba_expert"],
            diagnosis=diagnosis,
            ratings={"goals": {"level": None}},
        )
    with pytest.raises(ValidationError):
        diagnosis_complete(actor=world.users["cba_expert"], diagnosis=diagnosis, today=DAY)


@pytest.mark.parametrize(
    ("name", "content"), [("shop.png", PNG), ("shop.JPG", JPEG), ("shop.webp", WEBP)]
)
def test_expert_adds_a_photo(world, name, content, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    diagnosis = _create(world)
    photo = photo_add(
        actor=world.users["cba_expert"],
        diagnosis=diagnosis,
        area="equipment",
        file=SimpleUploadedFile(name, content),
        caption="Press line",
    )
    assert photo.area == "equipment" and photo.caption == "Press line"
    assert photo.enterprise_id == world.a1.pk
    assert last_event("diagnosis.photo_add") is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"%PDF-1.7"),
        ("fake.png", b"GIF89a" + b"\x00" * 20),  # the name says PNG, the bytes do not
        ("shop.gif", b"GIF89a"),
    ],
)
def test_expert_photo_refuses_other_file_types(world, name, content, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    diagnosis = _create(world)
    with pytest.raises(ValidationError) as exc:
        photo_add(
            actor=world.users["cba_expert"],
            diagnosis=diagnosis,
            area="equipment",
            file=SimpleUploadedFile(name, content),
        )
    assert "file" in exc.value.message_dict
    assert not DiagnosisPhoto.objects.exists()


def test_expert_photo_refuses_more_than_5_mb(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    diagnosis = _create(world)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError):
        photo_add(actor=world.users["cba_expert"], diagnosis=diagnosis, area="goals", file=big)
    assert not DiagnosisPhoto.objects.exists()


def test_questionnaire_covers_every_area_with_questions_and_five_levels():
    assert list(AREAS) == list(Area.values)
    for area, guide in AREAS.items():
        assert 3 <= len(guide.questions) <= 4, area
        assert sorted(guide.levels) == [1, 2, 3, 4, 5], area
        assert len({str(text) for text in guide.levels.values()}) == 5, area
        assert [value for value, _label in level_choices(area)] == [1, 2, 3, 4, 5]


def test_evidence_picks_up_open_nc_and_spc_alarm(world):
    from qualift.improvement.models import Nonconformity
    from qualift.process.models import Alarm
    from qualift.process.testing import T0, make_parameter

    # Test data only: records written straight to the tables.
    Nonconformity.objects.create(
        enterprise=world.a1,
        number="NC-1",
        title="Burr on flange",
        description="Found at final inspection.",
        source="inspection",
        detected_on=DAY,
        status="analysing",
    )
    Nonconformity.objects.create(
        enterprise=world.a1,
        number="NC-2",
        title="Closed long ago",
        description="-",
        source="inspection",
        detected_on=DAY,
        status="closed",
    )
    Nonconformity.objects.create(
        enterprise=world.a1,
        number="NC-3",
        title="Wrong label sent",
        description="Customer complaint.",
        source="customer_complaint",
        detected_on=DAY,
        status="draft",
    )
    parameter = make_parameter(world.a1)
    Alarm.objects.create(
        enterprise=world.a1,
        parameter=parameter,
        rule_family="we",
        rule=1,
        first_subgroup=5,
        last_subgroup=5,
        taken_at=T0,
    )
    evidence = system_evidence(world.a1, DAY)
    assert list(evidence) == list(Area.values)
    key = {item.kind: item for item in evidence["key_process"]}
    assert "NC-1" in key["nonconformity"].label
    assert "Diameter" in key["alarm"].label
    assert all("NC-2" not in item.label for items in evidence.values() for item in items)
    assert ["NC-3" in item.label for item in evidence["quality_concept"]] == [True]
    # No policy in force, no objectives: named under leadership and goals.
    assert [i.kind for i in evidence["leadership"]] == ["no_policy"]
    assert "no_objectives" in [i.kind for i in evidence["goals"]]
    assert evidence["motivation"][0].label.startswith("0 ")
    # Another enterprise's records never show.
    assert system_evidence(world.a2, DAY)["key_process"] == []


def test_evidence_lists_are_capped(world):
    from qualift.improvement.models import Complaint

    for n in range(CAP + 3):
        Complaint.objects.create(
            enterprise=world.a1,
            number=f"C-{n}",
            customer="Acme",
            received_on=DAY - dt.timedelta(days=n),
            description="Late.",
        )
    assert len(system_evidence(world.a1, DAY)["inspection"]) == CAP
    assert system_evidence(world.a1, DAY + dt.timedelta(days=400))["inspection"] == []


def test_photo_bytes_are_read_from_the_start(world, settings, tmp_path):
    """A file object already read to its end (as a form may leave it) still passes."""
    settings.MEDIA_ROOT = tmp_path
    diagnosis = _create(world)
    upload = SimpleUploadedFile("p.png", PNG)
    upload.read()
    photo = photo_add(actor=None, diagnosis=diagnosis, area="goals", file=upload)
    assert photo.image.read(8) == PNG[:8]
