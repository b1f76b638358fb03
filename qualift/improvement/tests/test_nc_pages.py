"""Nonconformity and action pages: report, analyse in place (htmx), run the flow, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qualift.core.models import AuditEvent
from qualift.improvement.models import CorrectiveAction, Nonconformity

pytestmark = pytest.mark.django_db


def _report(client, enterprise, **extra):
    data = {
        "title": "Scratched housings",
        "description": "12 housings scratched in packing",
        "source": "inspection",
        "detected_on": "2026-05-04",
        "severity": "minor",
        "process_name": "Packing",
        "quantity_affected": "12",
        "quantity_unit": "pcs",
    }
    data.update(extra)
    return client.post(reverse("improvement:nc-create", args=[enterprise.pk]), data)


def test_staff_reports_a_nonconformity_in_one_short_form(world):
    response = _report(world.client("a1_staff"), world.a1)
    nc = Nonconformity.objects.get(enterprise=world.a1)
    assert response.status_code == 302 and response.url == reverse(
        "improvement:nc-detail", args=[nc.pk]
    )
    assert nc.number.startswith("NC-2026-") and nc.quantity_affected == 12


def test_bad_input_is_shown_inline_and_nothing_saved(world):
    events = AuditEvent.objects.count()
    response = _report(
        world.client("a1_steward"),
        world.a1,
        title="",
        detected_on="2099-01-01",
        quantity_affected="-3",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "in the future" in body and "Cannot be negative" in body and "is-invalid" in body
    assert not Nonconformity.objects.exists() and AuditEvent.objects.count() == events


def test_steward_runs_the_flow_in_the_browserless_ui(world):
    client = world.client("a1_steward")
    _report(client, world.a1)
    nc = Nonconformity.objects.get()
    detail = reverse("improvement:nc-detail", args=[nc.pk])
    client.post(reverse("improvement:nc-transition", args=[nc.pk]), {"to_status": "analysing"})
    fragment = client.post(
        reverse("improvement:why-add", args=[nc.pk]),
        {"question": "Why scratched?", "answer": "Parts touch in the box"},
        HTTP_HX_REQUEST="true",
    )
    assert fragment.status_code == 200 and "Parts touch in the box" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    client.post(
        reverse("improvement:cause-add", args=[nc.pk]),
        {"category": "method", "description": "No dividers in the packing box"},
    )
    cause = nc.causes.get()
    client.post(reverse("improvement:root-mark", args=[nc.pk, "cause", cause.pk]), {"is_root": "1"})
    refused = client.post(
        reverse("improvement:nc-transition", args=[nc.pk]),
        {"to_status": "implementing"},
        follow=True,
    )
    assert "Cannot move" in refused.content.decode()
    client.post(reverse("improvement:nc-transition", args=[nc.pk]), {"to_status": "action_plan"})
    client.post(
        reverse("improvement:action-create", args=[world.a1.pk]),
        {
            "nc": nc.pk,
            "kind": "corrective",
            "title": "Use divided boxes",
            "owner": world.users["a1_staff"].pk,
            "manager": world.users["a1_admin"].pk,
            "due_on": "2026-06-01",
        },
    )
    action = CorrectiveAction.objects.get()
    assert action.owner_name == "a1_staff" and action.nonconformity == nc
    client.post(reverse("improvement:nc-transition", args=[nc.pk]), {"to_status": "implementing"})
    staff = world.client("a1_staff")
    staff.post(
        reverse("improvement:action-complete", args=[action.pk]),
        {
            "complete-completed_on": "2026-05-20",
            "complete-evidence": "Divided boxes in use since 20 May",
        },
    )
    admin = world.client("a1_admin")
    admin.post(
        reverse("improvement:action-verify", args=[action.pk]),
        {"effective": "yes", "note": "No scratches in 3 weeks"},
    )
    client.post(reverse("improvement:nc-transition", args=[nc.pk]), {"to_status": "verifying"})
    client.post(
        reverse("improvement:nc-verify", args=[nc.pk]),
        {"effective": "yes", "note": "No recurrence"},
    )
    client.post(reverse("improvement:nc-close", args=[nc.pk]))
    nc.refresh_from_db()
    action.refresh_from_db()
    assert nc.status == "closed" and nc.root_cause_category == "method"
    assert action.effective is True and action.effectiveness_due == dt.date(2026, 6, 19)
    page = client.get(detail).content.decode()
    assert "Closed" in page and "No dividers in the packing box" in page


def test_cb_auditor_reads_client_records_but_cannot_write(world):
    _report(world.client("a1_steward"), world.a1)
    nc = Nonconformity.objects.get()
    auditor = world.client("cba_auditor1")
    page = auditor.get(reverse("improvement:nc-detail", args=[nc.pk]))
    assert page.status_code == 200 and "Scratched housings" in page.content.decode()
    assert 'id="why-form"' not in page.content.decode()
    assert auditor.get(reverse("improvement:nc-edit", args=[nc.pk])).status_code == 403
    assert (
        world.client("po_admin").get(reverse("improvement:nc-detail", args=[nc.pk])).status_code
        == 404
    )
    assert (
        world.client("b1_admin").get(reverse("improvement:nc-list", args=[world.a1.pk])).status_code
        == 404
    )


def test_list_and_overview_query_counts(world, django_assert_max_num_queries):
    steward = world.client("a1_steward")
    for _ in range(3):
        _report(steward, world.a1)
    with django_assert_max_num_queries(12):
        body = steward.get(reverse("improvement:nc-list", args=[world.a1.pk])).content.decode()
    assert body.count("Scratched housings") == 3
    with django_assert_max_num_queries(20):
        steward.get(reverse("improvement:dashboard", args=[world.a1.pk]))
    with django_assert_max_num_queries(25):
        steward.get(reverse("improvement:analysis", args=[world.a1.pk]))


def test_quality_home_sends_an_enterprise_user_to_its_overview(world):
    response = world.client("a1_admin").get(reverse("improvement:home"))
    assert response.status_code == 302
    assert response.url == reverse("improvement:dashboard", args=[world.a1.pk])
    chooser = world.client("cba_admin").get(reverse("improvement:home")).content.decode()
    assert "CANARY-A1" in chooser and "CANARY-A2" in chooser and "CANARY-B1" not in chooser
    assert world.client("po_admin").get(reverse("improvement:home")).status_code == 403
