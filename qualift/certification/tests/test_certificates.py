"""The certificate register: status transitions, expiry, restoration, numbers, pages and API.

Rules: DOMAIN §3 (statuses; suspension grounds; restoration within 6 months of expiry when the
outstanding work is done — ISO/IEC 17021-1 §9.6.3.2.5). Dates are hand-computed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from qualift.certification.choices import CertificateStatus
from qualift.certification.models import CertificateEvent
from qualift.certification.services import certificates as services
from qualift.certification.tests.test_certificates_fixtures import (
    add_finding,
    add_recertification,
    make_certificate,
)
from qualift.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


def _set(world, certificate, to_status, reason, note="Because.", who="cba_admin"):
    return services.certificate_set_status(
        actor=world.users[who],
        certificate=certificate,
        to_status=to_status,
        reason=reason,
        note=note,
        on=TODAY,
    )


def test_admin_suspends_reinstates_and_withdraws(world):
    certificate = make_certificate(world)
    _set(world, certificate, "suspended", "refused_surveillance")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_since) == ("suspended", TODAY)
    _set(world, certificate, "valid", "reinstated", note="")
    _set(world, certificate, "suspended", "authority_penalty")
    _set(world, certificate, "withdrawn", "suspension_lapsed")
    moves = list(
        CertificateEvent.objects.filter(certificate=certificate).values_list(
            "from_status", "to_status"
        )
    )
    assert moves == [
        ("valid", "suspended"),
        ("suspended", "valid"),
        ("valid", "suspended"),
        ("suspended", "withdrawn"),
    ]
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="certificate.")
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "certificate.suspend",
        "certificate.reinstate",
        "certificate.suspend",
        "certificate.withdraw",
    ]


@pytest.mark.parametrize(
    ("start", "to_status", "reason"),
    [
        ("withdrawn", "valid", "reinstated"),
        ("withdrawn", "suspended", "other"),
        ("cancelled", "valid", "reinstated"),
        ("expired", "valid", "reinstated"),
        ("expired", "suspended", "other"),
        ("valid", "valid", "reinstated"),
        ("valid", "expired", "expiry"),
    ],
)
def test_admin_illegal_transition_names_both_statuses(world, start, to_status, reason):
    certificate = make_certificate(world, status=start)
    with pytest.raises(ValidationError) as exc:
        _set(world, certificate, to_status, reason)
    message = " ".join(exc.value.message_dict["to_status"])
    assert str(CertificateStatus(start).label) in message
    assert str(CertificateStatus(to_status).label) in message
    certificate.refresh_from_db()
    assert certificate.status == start
    assert not CertificateEvent.objects.filter(certificate=certificate).exists()


def test_admin_needs_fitting_reason_and_note(world):
    certificate = make_certificate(world)
    with pytest.raises(ValidationError) as exc:
        _set(world, certificate, "suspended", "renewed")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _set(world, certificate, "suspended", "persistent_failure", note="  ")
    assert "note" in exc.value.message_dict
    # Cancelling at the client's request needs no note.
    _set(world, certificate, "cancelled", "client_request", note="")


def test_auditor_and_client_cannot_change_status(world):
    certificate = make_certificate(world)
    for who in ("cba_auditor1", "a1_admin"):
        with pytest.raises(PermissionDenied):
            _set(world, certificate, "suspended", "other", who=who)


def test_valid_certificate_past_expiry_reads_expired(world):
    certificate = make_certificate(world, expires_on=dt.date(2028, 3, 31))
    assert certificate.effective_status(dt.date(2028, 3, 31)) == "valid"
    assert certificate.effective_status(dt.date(2028, 4, 1)) == "expired"


def test_expire_by_date_records_event_the_day_after(world):
    certificate = make_certificate(world, expires_on=dt.date(2028, 3, 31))
    assert services.certificate_expire(certificate=certificate, today=dt.date(2028, 3, 31)) is False
    assert services.certificate_expire(certificate=certificate, today=dt.date(2028, 4, 2)) is True
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("expired", "expiry")
    assert certificate.status_since == dt.date(2028, 4, 1)
    event = CertificateEvent.objects.get(certificate=certificate)
    assert (event.from_status, event.to_status, event.on) == (
        "valid",
        "expired",
        dt.date(2028, 4, 1),
    )
    assert services.certificate_expire(certificate=certificate, today=dt.date(2028, 5, 1)) is False


def test_suspended_certificate_expires_too(world):
    certificate = make_certificate(world, status="suspended", expires_on=dt.date(2028, 3, 31))
    assert services.certificate_expire(certificate=certificate, today=dt.date(2028, 4, 1))


def _expired_with_recert(world, *, blocking=False):
    certificate = make_certificate(world, expires_on=dt.date(2028, 3, 31), status="expired")
    recert = add_recertification(certificate.cycle, end_on=dt.date(2028, 5, 10))
    if blocking:
        add_finding(recert, "major", "open")
    return certificate


def test_admin_restores_within_six_months(world):
    certificate = _expired_with_recert(world)
    services.certificate_restore(
        actor=world.users["cba_admin"],
        certificate=certificate,
        note="Recertification audit completed.",
        today=dt.date(2028, 9, 30),  # expiry 2028-03-31 + 6 months, hand-computed: last day
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("valid", "restored")
    # Validity continued from the prior cycle: 2028-03-31 + 36 months.
    assert certificate.expires_on == dt.date(2031, 3, 31)
    assert certificate.effective_status(dt.date(2028, 9, 30)) == "valid"


def test_admin_cannot_restore_after_six_months(world):
    certificate = _expired_with_recert(world)
    with pytest.raises(ValidationError) as exc:
        services.certificate_restore(
            actor=world.users["cba_admin"],
            certificate=certificate,
            note="Late.",
            today=dt.date(2028, 10, 1),
        )
    assert "2028-09-30" in " ".join(exc.value.messages)


def test_admin_cannot_restore_without_completed_clean_recertification(world):
    certificate = _expired_with_recert(world, blocking=True)
    with pytest.raises(ValidationError) as exc:
        services.certificate_restore(
            actor=world.users["cba_admin"],
            certificate=certificate,
            note="x",
            today=dt.date(2028, 6, 1),
        )
    assert "findings to close" in " ".join(exc.value.messages)
    bare = make_certificate(world, "a2", expires_on=dt.date(2028, 3, 31), status="expired")
    with pytest.raises(ValidationError) as exc:
        services.certificate_restore(
            actor=world.users["cba_admin"], certificate=bare, note="x", today=dt.date(2028, 6, 1)
        )
    assert "no completed recertification" in " ".join(exc.value.messages)


def test_numbers_run_per_cb_and_year(world):
    cb = world.cb_a
    assert services.next_number(cb, 2025) == f"QMS-2025-{cb.pk:03d}00001"
    make_certificate(world, number=f"QMS-2025-{cb.pk:03d}00001")
    assert services.next_number(cb, 2025) == f"QMS-2025-{cb.pk:03d}00002"
    assert services.next_number(cb, 2026) == f"QMS-2026-{cb.pk:03d}00001"


def test_client_sees_certificate_page_and_admin_changes_status(world):
    certificate = make_certificate(world)
    page = world.client("a1_admin").get(f"/certification/certificate/{certificate.pk}/")
    assert page.status_code == 200
    assert certificate.number.encode() in page.content
    assert b"certificate-change" not in page.content
    assert (
        world.client("a1_admin")
        .get(f"/certification/certificate/{certificate.pk}/status/")
        .status_code
        == 403
    )
    admin = world.client("cba_admin")
    bad = admin.post(
        f"/certification/certificate/{certificate.pk}/status/",
        {"to_status": "suspended", "reason": "other", "note": ""},
    )
    assert bad.status_code == 200 and b"invalid-feedback" in bad.content
    good = admin.post(
        f"/certification/certificate/{certificate.pk}/status/",
        {"to_status": "suspended", "reason": "other", "note": "Spot check failed."},
    )
    assert good.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "suspended"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_client_downloads_certificate_pdf(world, lang):
    certificate = make_certificate(world)
    response = world.client("a1_admin").get(
        f"/certification/certificate/{certificate.pk}/pdf/?lang={lang}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_api_status_change_and_errors(world):
    certificate = make_certificate(world)
    client = APIClient()
    client.force_authenticate(world.users["cba_admin"])
    url = f"/api/v1/certificates/{certificate.pk}/status/"
    bad = client.post(url, {"to_status": "withdrawn", "reason": "granted"}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["fields"]
    ok = client.post(
        url, {"to_status": "suspended", "reason": "client_request", "note": "Asked."}, format="json"
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["status"] == "suspended" and body["effective_status"] == "suspended"
    assert [e["to_status"] for e in body["events"]] == ["suspended"]
    restore = client.post(f"/api/v1/certificates/{certificate.pk}/restore/", {"note": "x"})
    assert restore.status_code == 400
    client.force_authenticate(world.users["cba_auditor1"])
    assert client.post(url, {}, format="json").status_code == 403


def test_api_list_filters_by_effective_status_and_scope(world):
    make_certificate(world, "a1", expires_on=dt.date(2020, 1, 1))  # valid but past expiry
    make_certificate(world, "b1", number="QMS-T-B1")
    client = APIClient()
    client.force_authenticate(world.users["cba_auditor2"])
    expired = client.get("/api/v1/certificates/?status=expired").json()["results"]
    assert [c["number"] for c in expired] == ["QMS-T-A1"]
    assert client.get("/api/v1/certificates/?status=valid").json()["results"] == []
    assert client.get("/api/v1/certificates/?expiring_within=abc").status_code == 400


def test_admin_restores_through_the_page(world, monkeypatch):
    from qualift.core.testing import pin_today

    certificate = _expired_with_recert(world)
    pin_today(monkeypatch, dt.date(2028, 6, 1))
    client = world.client("cba_admin")
    page = client.get(f"/certification/certificate/{certificate.pk}/")
    assert page.status_code == 200 and b"certificate-restore" in page.content
    response = client.post(
        f"/certification/certificate/{certificate.pk}/restore/", {"note": "Recert done."}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("valid", "restored")


@pytest.mark.parametrize(
    ("to_status", "reason"),
    [("withdrawn", "persistent_failure"), ("cancelled", "client_request")],
)
def test_withdrawing_or_cancelling_closes_the_cycle_and_its_open_audits(world, to_status, reason):
    certificate = make_certificate(world)
    cycle = certificate.cycle
    planned = add_recertification(cycle, end_on=dt.date(2028, 2, 1), status="planned")
    _set(world, certificate, to_status, reason)
    cycle.refresh_from_db()
    planned.refresh_from_db()
    assert cycle.status == "closed"
    assert planned.status == "cancelled"
    assert certificate.number in planned.cancel_reason
    # Nothing of the closed cycle shows as due any more.
    assert not cycle.audits.filter(status__in=("planned", "plan_sent", "in_progress")).exists()
