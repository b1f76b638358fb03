"""Setting an audit's time (services.audit_time), the calculator API and the time pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qualift.certification.models import Audit, CertificationPolicy
from qualift.certification.services.audit_time import audit_set_time, policy_for
from qualift.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# 30 staff → Table QMS 1 band 26–45 → 4 days; +10 % → 4.4 → initial 4.5 (hand-computed);
# stage 1 = 4.5/3 = 1.5, stage 2 = 3.0; surveillance 1.5; recertification 3.0.
INPUTS = {"employees": 30, "adjustments": [{"pct": 10, "reason": "two sites"}]}


def _cycles(world):
    # Imported here: the matrix module must load first (it loads every rows module).
    import tests.test_permission_matrix  # noqa: F401
    from tests.matrix_rows._certification import world_cycles

    return world_cycles(world)


def _audit(world, kind):
    cycle = _cycles(world)["a1"]
    if kind in ("stage1", "stage2"):
        return cycle.audits.get(kind=kind)
    return Audit.objects.create(enterprise=cycle.enterprise, cb=cycle.cb, cycle=cycle, kind=kind)


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        ("stage1", "1.5"),
        ("stage2", "3.0"),
        ("surveillance", "1.5"),
        ("recertification", "3.0"),
        ("transfer", "3.0"),
        ("special", "1.5"),
        ("scope_change", "1.5"),
    ],
)
def test_auditor_sets_the_time_figure_of_the_audits_kind(world, kind, days):
    audit = _audit(world, kind)
    audit = audit_set_time(actor=world.users["cba_auditor1"], audit=audit, inputs=INPUTS)
    assert audit.planned_days == Decimal(days)
    assert audit.time_result["initial_days"] == 4.5
    assert "two sites" in audit.justification
    assert audit.time_inputs["adjustments"] == [{"pct": 10, "reason": "two sites"}]
    event = AuditEvent.objects.filter(verb="audit.set_time").latest("seq")
    assert event.target_id == str(audit.pk) and event.enterprise_id == world.a1.pk


def test_special_audit_takes_its_own_days_when_given(world):
    audit = _audit(world, "special")
    audit = audit_set_time(actor=None, audit=audit, inputs={**INPUTS, "days": "2.5"})
    assert audit.planned_days == Decimal("2.5")


def test_stage1_share_comes_from_the_cb_policy(world):
    CertificationPolicy.objects.create(cb=world.cb_a, stage1_share="1/4")
    audit = _audit(world, "stage1")
    # 4.5 × 1/4 = 1.125 → 1.0 (hand-computed)
    audit = audit_set_time(actor=None, audit=audit, inputs=INPUTS)
    assert audit.planned_days == Decimal("1.0")
    with pytest.raises(ValidationError) as caught:
        audit_set_time(actor=None, audit=audit, inputs={**INPUTS, "stage1_share": "1/2"})
    assert "stage1_share" in caught.value.message_dict


def test_policy_for_gives_saved_policy_or_unsaved_defaults(world):
    default = policy_for(world.cb_b)
    assert default.pk is None and default.stage1_share == "1/3" and default.response_days == 90
    saved = CertificationPolicy.objects.create(cb=world.cb_a, response_days=30)
    assert policy_for(world.cb_a) == saved


@pytest.mark.parametrize("status", ["in_progress", "completed", "cancelled"])
def test_time_cannot_be_set_once_the_audit_started(world, status):
    audit = _audit(world, "stage2")
    Audit.objects.filter(pk=audit.pk).update(status=status)
    with pytest.raises(ValidationError) as caught:
        audit_set_time(actor=None, audit=audit, inputs=INPUTS)
    assert "status" in caught.value.message_dict


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"employees": 0}, "employees"),
        ({"employees": 10, "shift_staff": 5}, "shifts"),
        ({"employees": 10, "adjustments": [{"pct": 200, "reason": "x"}]}, "adjustments"),
        ({"employees": 10, "adjustments": [{"pct": 10, "reason": ""}]}, "adjustments"),
        ({"employees": 10, "days": "0"}, "days"),
        ({"employees": 10, "colour": "red"}, "colour"),
    ],
)
def test_bad_inputs_are_field_errors_and_nothing_changes(world, inputs, field):
    audit = _audit(world, "special")
    with pytest.raises(ValidationError) as caught:
        audit_set_time(actor=None, audit=audit, inputs=inputs)
    assert field in caught.value.message_dict
    audit.refresh_from_db()
    assert audit.planned_days is None and not audit.time_result


@pytest.mark.parametrize("username", ["a1_admin", "cba_expert", "cbb_admin"])
def test_others_may_not_set_the_time(world, username):
    with pytest.raises(PermissionDenied):
        audit_set_time(actor=world.users[username], audit=_audit(world, "stage2"), inputs=INPUTS)


def _api(world, username):
    client = APIClient()
    client.force_authenticate(world.users[username])
    return client


def test_signed_in_user_calculates_through_the_api(world):
    body = {**INPUTS, "stage1_share": "1/4"}
    response = _api(world, "a1_staff").post("/api/v1/audit-time/", body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["initial_days"] == 4.5 and data["stage1_days"] == 1.0  # 1.125 → 1.0
    assert data["justification"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "employees"),
        ({"employees": 0}, "employees"),
        ({"employees": 10, "shift_staff": 5}, "shifts"),
        ({"employees": 10, "shift_staff": 11, "shifts": 2}, "shift_staff"),
        ({"employees": 10, "adjustments": [{"pct": 10}]}, "adjustments"),
        ({"employees": 10, "stage1_share": "2/3"}, "stage1_share"),
    ],
)
def test_api_answers_400_naming_the_field(world, body, field):
    response = _api(world, "cba_auditor1").post("/api/v1/audit-time/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_anonymous_may_not_use_the_api(world):
    assert APIClient().post("/api/v1/audit-time/", INPUTS, format="json").status_code in (401, 403)


def test_cb_person_uses_the_calculator_page(world):
    url = reverse("certification:audit-time-calculator")
    response = world.client("cba_expert").get(
        url, {"employees": "30", "adjustments": "+10: two sites", "stage1_share": "1/3"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-key="initial_days">4.5<' in body and "audit-time-chart-data" in body


def test_calculator_page_shows_errors_inline(world):
    url = reverse("certification:audit-time-calculator")
    response = world.client("cba_auditor1").get(
        url, {"employees": "10", "shift_staff": "5", "adjustments": "10 no sign"}
    )
    assert response.status_code == 200
    assert response.context["result"] is None
    assert set(response.context["form"].errors) >= {"adjustments"}


def test_enterprise_user_may_not_open_the_calculator(world):
    url = reverse("certification:audit-time-calculator")
    assert world.client("a1_admin").get(url).status_code == 403


def test_auditor_saves_an_audits_time_from_the_tab(world):
    audit = _audit(world, "stage2")
    url = reverse("certification:audit-time", args=[audit.pk])
    response = world.client("cba_auditor1").post(
        url, {"employees": "30", "part_time_fte": "0", "adjustments": "+10: two sites"}
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.planned_days == Decimal("3.0")


def test_client_reads_the_justification_without_a_form(world):
    audit = audit_set_time(actor=None, audit=_audit(world, "stage2"), inputs=INPUTS)
    url = reverse("certification:audit-time", args=[audit.pk])
    response = world.client("a1_steward").get(url)
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "two sites" in response.content.decode()
    assert world.client("a1_steward").post(url, {"employees": "5"}).status_code == 403


def test_other_cb_gets_404_on_the_time_tab(world):
    audit = _audit(world, "stage2")
    url = reverse("certification:audit-time", args=[audit.pk])
    assert world.client("cbb_admin").get(url).status_code == 404
