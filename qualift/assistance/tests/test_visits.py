"""Assistance visits (issue 6): the services (experts of the CB, involvement, one audit event,
bad input changes nothing), the pages (list with filter, record, read, edit; the enterprise reads,
its staff cannot write, another CB gets 404) and /api/v1/visits/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qualift.api.tests.helpers import assert_error, last_event, results
from qualift.assistance.choices import InvolvementSource, Mode
from qualift.assistance.models import Involvement, Visit
from qualift.assistance.services.visits import visit_create, visit_update
from qualift.core.models import AuditEvent
from qualift.core.testing import pin_today

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = TODAY - dt.timedelta(days=10)
URL = "/api/v1/visits/"


@pytest.fixture(autouse=True)
def _one_day_throughout(monkeypatch):
    pin_today(monkeypatch, TODAY)


def _visit(world, enterprise=None, experts=("cba_expert",), actor="cba_admin", **data):
    return visit_create(
        actor=world.users[actor] if actor else None,
        entry=world.entry(enterprise or world.a1),
        data={"held_on": DAY, "activities": "Walked the line; checked the gauges.", **data},
        experts=[world.users[name] for name in experts],
    )


def _involved(visit):
    return sorted(
        (i.person.username, i.day)
        for i in Involvement.objects.filter(source=InvolvementSource.VISIT, source_id=visit.pk)
    )


# ---- services --------------------------------------------------------------------------------


def test_cb_expert_records_a_visit_with_involvement_and_one_audit_event(world):
    events = AuditEvent.objects.count()
    visit = _visit(
        world,
        actor="cba_expert",
        experts=("cba_expert", "cba_admin"),
        mode=Mode.REMOTE,
        hours=Decimal("2.5"),
        next_steps="Steward drafts the inspection plan.",
    )
    assert (visit.enterprise, visit.cb, visit.program) == (
        world.a1,
        world.cb_a,
        world.program,
    )
    assert (visit.mode, visit.hours, visit.held_on) == (Mode.REMOTE, Decimal("2.5"), DAY)
    assert _involved(visit) == [("cba_admin", DAY), ("cba_expert", DAY)]
    assert AuditEvent.objects.count() == events + 1
    event = last_event("visit.create")
    assert event.actor.username == "cba_expert"
    assert event.enterprise_id == world.a1.pk


def test_enterprise_admin_and_auditor_may_not_record_a_visit(world):
    for name in ("a1_admin", "cba_auditor1"):
        with pytest.raises(PermissionDenied):
            _visit(world, actor=name)
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("data", "experts", "field"),
    [
        ({}, (), "experts"),
        ({}, ("cba_auditor1",), "experts"),  # an auditor stays apart from assistance
        ({}, ("cbb_admin",), "experts"),  # another CB's admin
        ({"held_on": TODAY + dt.timedelta(days=1)}, ("cba_expert",), "held_on"),
        ({"held_on": None}, ("cba_expert",), "held_on"),
        ({"hours": Decimal("25")}, ("cba_expert",), "hours"),
        ({"hours": Decimal("1.25")}, ("cba_expert",), "hours"),
        ({"hours": "abc"}, ("cba_expert",), "hours"),
        ({"mode": "by_pigeon"}, ("cba_expert",), "mode"),
        ({"activities": "  "}, ("cba_expert",), "activities"),
    ],
)
def test_bad_visit_input_is_refused_and_changes_nothing(world, data, experts, field):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _visit(world, experts=experts, **data)
    assert field in exc.value.message_dict
    assert not Visit.objects.exists()
    assert not Involvement.objects.exists()
    assert AuditEvent.objects.count() == events


def test_visit_update_adds_involvement_for_the_new_date_and_keeps_the_old(world):
    visit = _visit(world)
    new_day = DAY - dt.timedelta(days=1)
    visit_update(
        actor=world.users["cba_admin"],
        visit=visit,
        data={"held_on": new_day, "activities": "Rewritten."},
        experts=[world.users["cba_admin"]],
    )
    visit.refresh_from_db()
    assert (visit.held_on, visit.activities) == (new_day, "Rewritten.")
    # Involvement is append-only: the earlier record stays (DOMAIN §1 errs on the safe side).
    assert _involved(visit) == [("cba_admin", new_day), ("cba_expert", DAY)]
    event = last_event("visit.update")
    assert event.before["held_on"] == DAY.isoformat()
    assert event.after["held_on"] == new_day.isoformat()


def test_visit_update_without_changes_writes_no_event_and_keeps_experts(world):
    visit = _visit(world)
    events = AuditEvent.objects.count()
    visit_update(actor=world.users["cba_expert"], visit=visit, data={})
    assert AuditEvent.objects.count() == events
    assert _involved(visit) == [("cba_expert", DAY)]


def test_enterprise_admin_may_not_change_a_visit(world):
    visit = _visit(world)
    with pytest.raises(PermissionDenied):
        visit_update(actor=world.users["a1_admin"], visit=visit, data={"activities": "x"})


# ---- pages -----------------------------------------------------------------------------------


def test_cb_admin_records_a_visit_through_the_form(world):
    client = world.client("cba_admin")
    url = reverse("assistance:visit-create", args=[world.entry(world.a1).pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["experts"] == [world.users["cba_admin"].pk]
    response = client.post(
        url,
        {
            "held_on": DAY.isoformat(),
            "mode": Mode.ON_SITE,
            "hours": "3",
            "experts": [world.users["cba_expert"].pk],
            "activities": "Reviewed the control plan.",
            "next_steps": "",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:visit-detail", args=[visit.pk])
    assert _involved(visit) == [("cba_expert", DAY)]


def test_visit_form_shows_errors_inline_and_saves_nothing(world):
    client = world.client("cba_admin")
    url = reverse("assistance:visit-create", args=[world.entry(world.a1).pk])
    response = client.post(
        url,
        {
            "held_on": (TODAY + dt.timedelta(days=3)).isoformat(),
            "mode": Mode.ON_SITE,
            "hours": "3",
            "experts": [world.users["cba_expert"].pk],
            "activities": "Planned.",
        },
    )
    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_visit_form_offers_only_the_cbs_admins_and_experts(world):
    response = world.client("cba_admin").get(
        reverse("assistance:visit-create", args=[world.entry(world.a1).pk])
    )
    names = {u.username for u in response.context["form"].fields["experts"].queryset}
    assert names == {"cba_admin", "cba_expert"}


def test_enterprise_staff_reads_visits_but_cannot_record_one(world):
    visit = _visit(world)
    staff = world.client("a1_staff")
    entry_pk = world.entry(world.a1).pk
    listing = staff.get(reverse("assistance:visit-list", args=[entry_pk]))
    assert listing.status_code == 200
    assert list(listing.context["page"]) == [visit]
    assert listing.context["can_create"] is False
    assert staff.get(reverse("assistance:visit-detail", args=[visit.pk])).status_code == 200
    assert staff.get(reverse("assistance:visit-create", args=[entry_pk])).status_code == 403
    assert staff.get(reverse("assistance:visit-edit", args=[visit.pk])).status_code == 403


def test_other_cb_and_auditor_get_404_for_a_visit(world):
    visit = _visit(world)
    for name in ("cbb_admin", "cba_auditor1", "po_admin"):
        client = world.client(name)
        assert client.get(reverse("assistance:visit-detail", args=[visit.pk])).status_code == 404
        assert (
            client.get(
                reverse("assistance:visit-list", args=[world.entry(world.a1).pk])
            ).status_code
            == 404
        )


def test_visit_list_filters_by_mode_and_text(world):
    on_site = _visit(world, activities="Calibrated the torque wrench.")
    remote = _visit(world, mode=Mode.REMOTE, activities="Video call on the 5S audit.")
    client = world.client("cba_expert")
    url = reverse("assistance:visit-list", args=[world.entry(world.a1).pk])
    assert list(client.get(url, {"mode": Mode.REMOTE}).context["page"]) == [remote]
    assert list(client.get(url, {"q": "torque"}).context["page"]) == [on_site]
    assert client.get(url).context["totals"]["n"] == 2


def test_cb_expert_edits_a_visit(world):
    visit = _visit(world)
    client = world.client("cba_expert")
    url = reverse("assistance:visit-edit", args=[visit.pk])
    assert client.get(url).context["form"].initial["experts"] == [world.users["cba_expert"].pk]
    response = client.post(
        url,
        {
            "held_on": DAY.isoformat(),
            "mode": Mode.ON_SITE,
            "hours": "1.5",
            "experts": [world.users["cba_expert"].pk, world.users["cba_admin"].pk],
            "activities": "Walked the line again.",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.hours, visit.activities) == (Decimal("1.5"), "Walked the line again.")
    assert _involved(visit) == [("cba_admin", DAY), ("cba_expert", DAY)]


# ---- API -------------------------------------------------------------------------------------


def _api(world, name):
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def test_api_lists_visits_in_scope_with_filters(world):
    a1 = _visit(world)
    a2 = _visit(world, world.a2)
    b1 = _visit(world, world.b1, experts=("cbb_admin",), actor="cbb_admin")
    expert = _api(world, "cba_expert")
    assert {v["id"] for v in results(expert.get(URL))} == {a1.pk, a2.pk}
    assert [v["id"] for v in results(expert.get(URL, {"entry": world.entry(world.a2).pk}))] == [
        a2.pk
    ]
    assert [v["id"] for v in results(expert.get(URL, {"enterprise": world.a1.pk}))] == [a1.pk]
    assert [v["id"] for v in results(_api(world, "b1_admin").get(URL))] == [b1.pk]
    assert results(_api(world, "cba_auditor1").get(URL)) == []
    assert_error(expert.get(URL, {"entry": "abc"}), 400)


def test_api_creates_a_visit(world):
    body = {
        "entry": world.entry(world.a1).pk,
        "held_on": DAY.isoformat(),
        "mode": "remote",
        "hours": "2.0",
        "activities": "Reviewed the NC register.",
        "next_steps": "Close NC-3.",
        "experts": [world.users["cba_expert"].pk],
    }
    response = _api(world, "cba_admin").post(URL, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["entry"], data["enterprise"], data["mode"], data["hours"]) == (
        world.entry(world.a1).pk,
        world.a1.pk,
        "remote",
        "2.0",
    )
    assert data["experts"] == [world.users["cba_expert"].pk]
    assert _involved(Visit.objects.get(pk=data["id"])) == [("cba_expert", DAY)]


def test_api_refuses_bad_visit_bodies_with_field_errors(world):
    client = _api(world, "cba_admin")
    entry = world.entry(world.a1).pk
    body = {"entry": entry, "held_on": DAY.isoformat(), "activities": "x", "experts": []}
    assert "experts" in assert_error(client.post(URL, body, format="json"), 400)["fields"]
    future = {**body, "held_on": (TODAY + dt.timedelta(days=2)).isoformat()}
    future["experts"] = [world.users["cba_expert"].pk]
    assert "held_on" in assert_error(client.post(URL, future, format="json"), 400)["fields"]
    other_cb = {**future, "held_on": DAY.isoformat(), "entry": world.entry(world.b1).pk}
    assert "entry" in assert_error(client.post(URL, other_cb, format="json"), 400)["fields"]
    outsider = {**future, "held_on": DAY.isoformat(), "experts": [world.users["cbb_admin"].pk]}
    assert "experts" in assert_error(client.post(URL, outsider, format="json"), 400)["fields"]
    assert not Visit.objects.exists()


def test_api_read_only_roles_get_403_and_other_tenants_404(world):
    visit = _visit(world)
    body = {
        "entry": world.entry(world.a1).pk,
        "held_on": DAY.isoformat(),
        "activities": "x",
        "experts": [world.users["cba_expert"].pk],
    }
    assert_error(_api(world, "a1_admin").post(URL, body, format="json"), 403)
    assert_error(_api(world, "po_admin").post(URL, body, format="json"), 403)
    detail = f"{URL}{visit.pk}/"
    assert _api(world, "a1_staff").get(detail).status_code == 200
    assert_error(_api(world, "a1_admin").patch(detail, {"hours": "1"}, format="json"), 403)
    assert_error(_api(world, "cbb_admin").patch(detail, {"hours": "1"}, format="json"), 404)
    assert_error(_api(world, "cba_auditor1").get(detail), 404)


def test_api_patches_a_visit(world):
    visit = _visit(world)
    response = _api(world, "cba_expert").patch(
        f"{URL}{visit.pk}/",
        {"hours": "4.5", "experts": [world.users["cba_admin"].pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["hours"] == "4.5"
    assert _involved(visit) == [("cba_admin", DAY), ("cba_expert", DAY)]  # append-only
