"""Enterprise pages: register, edit, list filters, htmx partials, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualift.core.models import AuditEvent
from qualift.enterprises.models import Engagement, Enterprise
from qualift.enterprises.uscc import make_uscc
from qualift.tenancy.models import Region

pytestmark = pytest.mark.django_db

GOOD_USCC = make_uscc("91330106MA2H3K4L5")


def _form(**overrides) -> dict:
    zj = Region.objects.get(code="330000")
    data = {
        "name": "杭州精工五金有限公司",
        "name_en": "Hangzhou Precision Hardware Co., Ltd.",
        "uscc": GOOD_USCC,
        "region": zj.pk,
        "address": "杭州市余杭区良渚街道1号",
        "miit_industry": 2,
        "gbt4754_division": "33",
        "iaf_codes": [],
        "employees": 45,
        "revenue": "1800",
        "total_assets": "900",
        "legal_representative": "王建国",
        "steward_name": "李敏",
        "steward_phone": "13800000000",
        "steward_email": "limin@example.com",
        "engagement_kind": "assistance",
    }
    data.update(overrides)
    return data


def test_cb_admin_registers_an_enterprise_with_size_engagement_and_audit(world):
    client = world.client("cba_admin")
    response = client.post(reverse("enterprises:enterprise-create"), _form())
    enterprise = Enterprise.objects.get(uscc=GOOD_USCC)
    assert response.status_code == 302
    assert response.url == reverse("enterprises:enterprise-detail", args=[enterprise.pk])
    # MIIT 2011 industry: employees 45 ≥ 20 and revenue 1800 ≥ 300 but revenue < 2000 → small
    assert enterprise.size_miit == "small"
    assert "revenue" in enterprise.size_miit_reason
    assert enterprise.size_eu == "small"  # EU 2003/361: 10 ≤ 45 < 50 staff
    assert Engagement.objects.filter(cb=world.cb_a, enterprise=enterprise).exists()
    event = AuditEvent.objects.get(verb="enterprise.create", target_id=str(enterprise.pk))
    assert event.actor == world.users["cba_admin"] and event.organization == world.cb_a
    detail = client.get(response.url).content.decode()
    assert "杭州精工五金有限公司" in detail and "Small" in detail


def test_wrong_check_character_is_reported_inline_and_nothing_saved(world):
    bad = GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1")
    before = (Enterprise.objects.count(), AuditEvent.objects.count())
    response = world.client("cba_admin").post(
        reverse("enterprises:enterprise-create"), _form(uscc=bad)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"should be {GOOD_USCC[-1]}" in body and 'id="field-uscc"' in body
    assert "is-invalid" in body
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("code", "message"),
    [("91330106MA2H3K4L", "has 16"), ("91330106MA2H3K4LOI", "not allowed")],
)
def test_bad_uscc_messages_say_what_is_wrong(world, code, message):
    response = world.client("cba_admin").post(
        reverse("enterprises:enterprise-create"), _form(uscc=code)
    )
    assert message in response.content.decode()


def test_live_uscc_check_answers_a_fragment(world):
    client = world.client("cba_admin")
    ok = client.get(reverse("enterprises:uscc-check"), {"uscc": GOOD_USCC.lower()})
    bad = client.get(reverse("enterprises:uscc-check"), {"uscc": GOOD_USCC[:-1] + "Z"})
    assert "Valid code" in ok.content.decode()
    assert "not allowed" in bad.content.decode() and "<html" not in bad.content.decode()


def test_steward_edits_profile_and_size_is_recomputed(world):
    enterprise = world.a1
    form = _form(
        name=enterprise.name,
        uscc=enterprise.uscc,
        employees=350,
        revenue="45000",
        total_assets="30000",
    )
    form.pop("engagement_kind")
    response = world.client("a1_steward").post(
        reverse("enterprises:enterprise-edit", args=[enterprise.pk]), form
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    # MIIT industry row: 350 < 1000 staff → not large; 350 ≥ 300 and 45000 ≥ 2000 → medium.
    assert enterprise.size_miit == "medium"
    assert enterprise.size_eu == "large"  # EU 2003/361: 350 staff ≥ 250
    event = AuditEvent.objects.filter(verb="enterprise.update").latest("seq")
    assert event.before["employees"] == 12 and event.after["employees"] == 350
    assert "uscc" not in event.after  # only changed fields are recorded
    assert event.organization == world.a1.organization


def test_staff_cannot_open_the_edit_form(world):
    response = world.client("a1_staff").get(
        reverse("enterprises:enterprise-edit", args=[world.a1.pk])
    )
    assert response.status_code == 403


def test_list_filters_and_htmx_partial(world):
    client = world.client("po_admin")
    url = reverse("enterprises:enterprise-list")
    js = Region.objects.get(code="320000")
    full = client.get(url).content.decode()
    assert all(c in full for c in ("CANARY-A1", "CANARY-A2", "CANARY-B1"))
    by_region = client.get(url, {"region": js.pk}).content.decode()
    assert "CANARY-B1" in by_region and "CANARY-A1" not in by_region
    search = client.get(url, {"q": "A2-1e2f"}, HTTP_HX_REQUEST="true").content.decode()
    assert "CANARY-A2" in search and "CANARY-A1" not in search and "<html" not in search
    by_size = client.get(url, {"size": "large"}).content.decode()
    assert "No enterprises match" in by_size


def test_list_page_query_count_is_flat(world, django_assert_max_num_queries):
    client = world.client("po_admin")
    with django_assert_max_num_queries(12):
        client.get(reverse("enterprises:enterprise-list"))


def test_dashboard_query_count_is_flat(world, django_assert_max_num_queries):
    client = world.client("po_admin")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:home"))
    assert "Enterprises on ledgers" in response.content.decode()


def test_export_xlsx_and_csv_are_scoped(world):
    client = world.client("cba_admin")
    csv_body = client.get(reverse("enterprises:enterprise-export"), {"format": "csv"})
    text = csv_body.content.decode("utf-8-sig")
    assert "CANARY-A1" in text and "CANARY-B1" not in text
    xlsx = client.get(reverse("enterprises:enterprise-export"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert (
        client.get(reverse("enterprises:enterprise-export"), {"format": "pdf"}).status_code == 400
    )


def test_cb_admin_opens_and_ends_an_engagement(world):
    client = world.client("cbb_admin")
    url = reverse("enterprises:engagement-create", args=[world.b1.pk])
    bad = client.post(url, {"kind": "certification", "start": "2026-03-01", "end": "2026-01-01"})
    assert bad.status_code == 200 and "cannot be before" in bad.content.decode()
    response = client.post(url, {"kind": "certification", "start": "2026-03-01"})
    assert response.status_code == 302
    engagement = Engagement.objects.get(enterprise=world.b1, kind="certification")
    client.post(reverse("enterprises:engagement-end", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.end is not None
    assert AuditEvent.objects.filter(verb="engagement.end", target_id=str(engagement.pk)).exists()
