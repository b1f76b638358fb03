"""The organisation (ISO 9001 5.3): services (links inside the enterprise, no loops, audit
events), industry templates (idempotent), the all-or-nothing employee import, the pages and the
/api/v1/departments|positions|employees/ endpoints."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from qualift.core.models import AuditEvent
from qualift.objectives import importing_org
from qualift.objectives.models import Department, Employee, Position
from qualift.objectives.org_templates import TEMPLATES
from qualift.objectives.services.org import (
    apply_org_template,
    department_save,
    employee_save,
    org_import,
    position_save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _dept(world, name="Production", enterprise=None, **data):
    return department_save(
        actor=None, enterprise=enterprise or world.a1, data={"name": name, **data}
    )


def _pos(world, title="Operator", enterprise=None, **data):
    return position_save(
        actor=None, enterprise=enterprise or world.a1, data={"title": title, **data}
    )


def _emp(world, name="Li Na", enterprise=None, **data):
    return employee_save(actor=None, enterprise=enterprise or world.a1, data={"name": name, **data})


def _api(world, user: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


# Services


def test_steward_builds_the_organisation_with_one_audit_event_per_write(world):
    steward = world.users["a1_steward"]
    dept = department_save(actor=steward, enterprise=world.a1, data={"name": "Production"})
    boss = position_save(
        actor=steward,
        enterprise=world.a1,
        data={"title": "General manager", "is_top_management": True},
    )
    pos = position_save(
        actor=steward,
        enterprise=world.a1,
        data={"title": "Operator", "department": dept, "reports_to": boss},
    )
    emp = employee_save(
        actor=steward,
        enterprise=world.a1,
        data={"name": "Wang Wei", "position": pos, "start_date": dt.date(2024, 3, 1)},
    )
    assert emp.department == dept  # taken from the position
    verbs = list(
        AuditEvent.objects.filter(enterprise_id=world.a1.pk, actor=steward)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["department.create", "position.create", "position.create", "employee.create"]
    employee_save(actor=steward, enterprise=world.a1, data={"phone": "13800000000"}, employee=emp)
    event = AuditEvent.objects.filter(verb="employee.update").get()
    assert event.after == {"phone": "13800000000"} and event.before == {"phone": ""}


def test_staff_cannot_change_the_organisation(world):
    with pytest.raises(PermissionDenied):
        department_save(actor=world.users["a1_staff"], enterprise=world.a1, data={"name": "X"})
    with pytest.raises(PermissionDenied):
        employee_save(actor=world.users["a2_admin"], enterprise=world.a1, data={"name": "X"})
    assert not Department.objects.exists() and not Employee.objects.exists()


def test_service_rejects_a_department_loop(world):
    top = _dept(world, "Plant")
    mid = _dept(world, "Production", parent=top)
    low = _dept(world, "Cutting", parent=mid)
    with pytest.raises(ValidationError) as exc:
        department_save(actor=None, enterprise=world.a1, data={"parent": low}, department=top)
    assert "parent" in exc.value.message_dict
    with pytest.raises(ValidationError):
        department_save(actor=None, enterprise=world.a1, data={"parent": top}, department=top)
    top.refresh_from_db()
    assert top.parent is None


def test_service_rejects_reporting_loops_of_positions_and_employees(world):
    boss = _pos(world, "Manager")
    worker = _pos(world, "Worker", reports_to=boss)
    with pytest.raises(ValidationError) as exc:
        position_save(actor=None, enterprise=world.a1, data={"reports_to": worker}, position=boss)
    assert "reports_to" in exc.value.message_dict
    anna = _emp(world, "Anna")
    ben = _emp(world, "Ben", manager=anna)
    cai = _emp(world, "Cai", manager=ben)
    with pytest.raises(ValidationError) as exc:
        employee_save(actor=None, enterprise=world.a1, data={"manager": cai}, employee=anna)
    assert "manager" in exc.value.message_dict
    anna.refresh_from_db()
    assert anna.manager is None


def test_service_rejects_links_to_another_enterprise(world):
    other_dept = _dept(world, "Other", enterprise=world.a2)
    other_pos = _pos(world, "Other", enterprise=world.a2)
    other_emp = _emp(world, "Other", enterprise=world.a2)
    cases = [
        (department_save, {"name": "D", "parent": other_dept}, "parent"),
        (position_save, {"title": "P", "department": other_dept}, "department"),
        (position_save, {"title": "P", "reports_to": other_pos}, "reports_to"),
        (employee_save, {"name": "E", "position": other_pos}, "position"),
        (employee_save, {"name": "E", "manager": other_emp}, "manager"),
    ]
    for service, data, field in cases:
        with pytest.raises(ValidationError) as exc:
            service(actor=None, enterprise=world.a1, data=data)
        assert field in exc.value.message_dict
    assert not Department.objects.filter(enterprise=world.a1).exists()


def test_service_rejects_duplicate_names_and_foreign_user_accounts(world):
    _dept(world, "Quality")
    with pytest.raises(ValidationError) as exc:
        _dept(world, "Quality")
    assert "name" in exc.value.message_dict
    _dept(world, "Quality", enterprise=world.a2)  # another enterprise may use the name
    with pytest.raises(ValidationError) as exc:
        _emp(world, "Someone", user=world.users["a2_admin"])
    assert "user" in exc.value.message_dict
    assert _emp(world, "Zhao Li", user=world.users["a1_staff"]).user == world.users["a1_staff"]


# Templates


def test_every_template_has_departments_positions_and_a_steward_in_both_languages():
    for template in TEMPLATES.values():
        assert 3 <= len(template.departments) <= 5, template.key
        assert 5 <= len(template.positions) <= 8, template.key
        keys = {d.key for d in template.departments}
        assert any(p.key == "steward" for p in template.positions)
        assert any(p.top_management for p in template.positions)
        for p in template.positions:
            assert p.department in keys
            for text in (p.title, p.responsibilities, p.authorities):
                assert text.en and text.zh


def test_template_applies_once_and_again_adds_nothing(world):
    steward = world.users["a1_steward"]
    counts = apply_org_template(actor=steward, enterprise=world.a1, key="machining")
    spec = TEMPLATES["machining"]
    assert counts == {"departments": len(spec.departments), "positions": len(spec.positions)}
    steward_pos = Position.objects.get(enterprise=world.a1, title="Quality steward")
    assert steward_pos.reports_to.title == "General manager"
    assert steward_pos.department.name == "Quality"
    assert "internal audits" in steward_pos.responsibilities
    assert Position.objects.get(title="General manager").is_top_management
    steward_pos.responsibilities = "Our own words"
    position_save(
        actor=None,
        enterprise=world.a1,
        data={"responsibilities": "Our own words"},
        position=steward_pos,
    )
    again = apply_org_template(actor=steward, enterprise=world.a1, key="machining")
    assert again == {"departments": 0, "positions": 0}
    steward_pos.refresh_from_db()
    assert steward_pos.responsibilities == "Our own words"
    assert AuditEvent.objects.filter(verb="org.apply_template").count() == 1
    # A second template adds only what is missing (its own departments and positions).
    food = apply_org_template(actor=steward, enterprise=world.a1, key="food")
    assert food["departments"] == 1 and Department.objects.filter(name="Quality").count() == 1


def test_template_in_chinese_and_unknown_template(world):
    apply_org_template(actor=None, enterprise=world.a1, key="textile", language="zh-hans")
    assert Department.objects.filter(enterprise=world.a1, name="缝制车间").get().parent.name == (
        "生产部"
    )
    assert Position.objects.filter(enterprise=world.a1, title="质量负责人").exists()
    with pytest.raises(ValidationError):
        apply_org_template(actor=None, enterprise=world.a1, key="nope")
    with pytest.raises(PermissionDenied):
        apply_org_template(actor=world.users["a1_staff"], enterprise=world.a1, key="food")


# Import


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_import_adds_every_row_with_managers_named_later_in_the_file(world):
    _dept(world, "Production")
    _pos(world, "Operator")
    _emp(world, "Boss Zhang")
    content = _csv(
        "姓名,岗位,部门,上级,入职日期,电话,邮箱\n"
        "Wu,Operator,Production,Chen,2024-05-06,138,wu@example.com\n"
        "Chen,,Production,Boss Zhang,2020/01/02,,\n"
    )
    report = importing_org.parse_upload(content, "people.csv", world.a1)
    assert report.ok, report.errors
    created = org_import(actor=world.users["a1_steward"], enterprise=world.a1, rows=report.rows)
    wu, chen = created
    assert wu.manager == chen and chen.manager.name == "Boss Zhang"
    assert wu.position.title == "Operator" and wu.start_date == dt.date(2024, 5, 6)
    assert AuditEvent.objects.filter(verb="employee.create", enterprise_id=world.a1.pk).count() == 3


def test_import_reports_every_bad_row_and_saves_nothing(world):
    _pos(world, "Operator")
    content = _csv(
        "name,position,department,manager,start_date,phone,email\n"
        "Good,Operator,,,,,\n"
        ",Operator,,,,,\n"
        "Bad position,Welder,,,,,\n"
        "Bad dept,,Nowhere,,,,\n"
        "Bad date,,,,May 5,,\n"
        "Bad mail,,,,,,not-an-address\n"
        "Bad boss,,,Nobody,,,\n"
        "Loop A,,,Loop B,,,\n"
        "Loop B,,,Loop A,,,\n"
    )
    report = importing_org.parse_upload(content, "people.csv", world.a1)
    assert not report.ok and report.rows == []
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "name"),
        (4, "position"),
        (5, "department"),
        (6, "start_date"),
        (7, "email"),
        (8, "manager"),
        (9, "manager"),
        (10, "manager"),
    ]
    assert not Employee.objects.exists()


def test_import_reads_xlsx_and_rejects_unknown_columns(world):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "phone"])
    book.active.append(["Xu", 13900000000])
    buffer = io.BytesIO()
    book.save(buffer)
    report = importing_org.parse_upload(buffer.getvalue(), "p.xlsx", world.a1)
    assert report.ok and report.rows[0]["phone"] == "13900000000"
    with pytest.raises(importing_org.ImportFileError):
        importing_org.parse_upload(_csv("name,salary\nXu,1\n"), "p.csv", world.a1)
    with pytest.raises(importing_org.ImportFileError):
        importing_org.parse_upload(_csv("phone\n1\n"), "p.csv", world.a1)


# Pages


def test_steward_sets_up_from_the_empty_chart_with_a_template(world):
    client = world.client("a1_steward")
    url = reverse("objectives:org-chart", args=[world.a1.pk])
    body = client.get(url).content.decode()
    assert 'id="org-empty"' in body and "Machining workshop" in body
    response = client.post(
        reverse("objectives:org-template", args=[world.a1.pk]), {"template": "machining"}
    )
    assert response.status_code == 302
    _emp(world, "Zhou", position=Position.objects.get(title="General manager"))
    body = client.get(url).content.decode()
    assert 'id="org-empty"' not in body
    assert body.index("Top management") < body.index('id="org-tree"')
    assert "Zhou" in body and "Quality steward" in body


def test_staff_sees_the_chart_but_cannot_apply_a_template(world):
    client = world.client("a1_staff")
    body = client.get(reverse("objectives:org-chart", args=[world.a1.pk])).content.decode()
    assert "Use this template" not in body
    response = client.post(
        reverse("objectives:org-template", args=[world.a1.pk]), {"template": "food"}
    )
    assert response.status_code == 403
    assert not Department.objects.exists()


def test_steward_creates_department_position_and_employee_through_the_forms(world):
    client = world.client("a1_steward")
    response = client.post(
        reverse("objectives:department-create", args=[world.a1.pk]),
        {"name": "Assembly", "sequence": 10, "is_active": "on"},
    )
    assert response.status_code == 302
    dept = Department.objects.get(enterprise=world.a1, name="Assembly")
    response = client.post(
        reverse("objectives:position-create", args=[world.a1.pk]),
        {
            "title": "Fitter",
            "department": dept.pk,
            "responsibilities": "Fits parts",
            "sequence": 10,
            "is_active": "on",
        },
    )
    pos = Position.objects.get(title="Fitter")
    assert response.status_code == 302 and response.url == reverse(
        "objectives:position-detail", args=[pos.pk]
    )
    response = client.post(
        reverse("objectives:employee-create", args=[world.a1.pk]),
        {"name": "Gao", "position": pos.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Employee.objects.get(name="Gao").department == dept
    detail = client.get(reverse("objectives:position-detail", args=[pos.pk])).content.decode()
    assert "Fits parts" in detail and "Gao" in detail


def test_form_shows_a_loop_inline_and_saves_nothing(world):
    top = _dept(world, "Plant")
    low = _dept(world, "Cutting", parent=top)
    client = world.client("a1_admin")
    response = client.post(
        reverse("objectives:department-edit", args=[top.pk]),
        {"name": "Plant", "parent": low.pk, "sequence": 10, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "cannot be part of itself" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_staff_gets_403_and_other_tenant_404(world):
    emp = _emp(world, "Qian")
    staff = world.client("a1_staff")
    assert staff.get(reverse("objectives:employee-create", args=[world.a1.pk])).status_code == 403
    assert staff.get(reverse("objectives:employee-edit", args=[emp.pk])).status_code == 403
    other = world.client("a2_admin")
    assert other.get(reverse("objectives:employee-edit", args=[emp.pk])).status_code == 404
    assert other.get(reverse("objectives:employee-list", args=[world.a1.pk])).status_code == 404
    body = (
        world.client("a2_admin")
        .get(reverse("objectives:employee-list", args=[world.a2.pk]))
        .content.decode()
    )
    assert "Qian" not in body


def test_employee_list_filters_and_htmx_returns_only_the_rows(world):
    op = _pos(world, "Operator")
    _emp(world, "Alpha Person", position=op)
    _emp(world, "Beta Person")
    _emp(world, "Gone Person", is_active=False)
    _emp(world, "Other Firm", enterprise=world.a2)
    client = world.client("a1_staff")
    url = reverse("objectives:employee-list", args=[world.a1.pk])
    body = client.get(url).content.decode()
    assert "Alpha Person" in body and "Beta Person" in body
    assert "Gone Person" not in body and "Other Firm" not in body
    assert "Gone Person" in client.get(url, {"status": "left"}).content.decode()
    body = client.get(url, {"position": op.pk}).content.decode()
    assert "Alpha Person" in body and "Beta Person" not in body
    partial = client.get(url, {"q": "beta"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Beta Person" in partial and "Alpha Person" not in partial
    assert "<html" not in partial and 'id="employee-table"' in partial


def test_import_page_lists_every_problem_then_imports_a_good_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client("a1_steward")
    url = reverse("objectives:employee-import", args=[world.a1.pk])
    bad = SimpleUploadedFile("p.csv", _csv("name,position\nOk,\nNo,Welder\n,\n,Operator\n"))
    body = client.post(url, {"file": bad}).content.decode()
    assert 'id="import-errors"' in body and "Welder" in body
    assert not Employee.objects.exists()
    good = SimpleUploadedFile("p.csv", _csv("name,phone\nOk,1\nAlso ok,2\n"))
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert Employee.objects.filter(enterprise=world.a1).count() == 2


# API


def test_api_creates_lists_and_updates_through_the_services(world):
    api = _api(world, "a1_steward")
    dept = api.post(
        "/api/v1/departments/", {"enterprise": world.a1.pk, "name": "Quality"}, format="json"
    )
    assert dept.status_code == 201, dept.json()
    pos = api.post(
        "/api/v1/positions/",
        {"enterprise": world.a1.pk, "title": "Inspector", "department": dept.json()["id"]},
        format="json",
    )
    assert pos.status_code == 201, pos.json()
    assert pos.json()["department_name"] == "Quality"
    emp = api.post(
        "/api/v1/employees/",
        {"enterprise": world.a1.pk, "name": "Sun", "position": pos.json()["id"]},
        format="json",
    )
    assert emp.status_code == 201, emp.json()
    assert emp.json()["department"] == dept.json()["id"]
    _emp(world, "Elsewhere", enterprise=world.a2)
    listing = api.get("/api/v1/employees/", {"q": "su"}).json()
    assert [e["name"] for e in listing["results"]] == ["Sun"]
    by_position = api.get("/api/v1/employees/", {"position": pos.json()["id"]}).json()
    assert by_position["count"] == 1
    patched = api.patch(
        f"/api/v1/employees/{emp.json()['id']}/", {"is_active": False}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    assert api.get("/api/v1/employees/", {"is_active": "true"}).json()["count"] == 0
    assert AuditEvent.objects.filter(verb="employee.update").count() == 1


def test_api_bad_input_is_a_400_json_error(world):
    api = _api(world, "a1_admin")
    top = _dept(world, "Plant")
    low = _dept(world, "Cutting", parent=top)
    response = api.patch(f"/api/v1/departments/{top.pk}/", {"parent": low.pk}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error", "detail", "fields"} and "parent" in body["fields"]
    other = _emp(world, "B1 person", enterprise=world.b1)
    response = api.post(
        "/api/v1/employees/",
        {"enterprise": world.a1.pk, "name": "X", "manager": other.pk},
        format="json",
    )
    assert response.status_code == 400 and "manager" in response.json()["fields"]
    response = api.post("/api/v1/positions/", {"enterprise": world.a1.pk}, format="json")
    assert response.status_code == 400 and "title" in response.json()["fields"]
    assert not Employee.objects.filter(enterprise=world.a1).exists()


def test_api_other_tenant_gets_404_and_staff_403(world):
    emp = _emp(world, "Hidden")
    other = _api(world, "b1_admin")
    assert other.get(f"/api/v1/employees/{emp.pk}/").status_code == 404
    assert other.patch(f"/api/v1/employees/{emp.pk}/", {}, format="json").status_code == 404
    assert other.get("/api/v1/employees/").json()["count"] == 0
    staff = _api(world, "a1_staff")
    assert staff.get(f"/api/v1/employees/{emp.pk}/").status_code == 200
    assert staff.patch(f"/api/v1/employees/{emp.pk}/", {}, format="json").status_code == 403
    response = staff.post(
        "/api/v1/employees/", {"enterprise": world.a1.pk, "name": "Y"}, format="json"
    )
    assert response.status_code == 403


def test_chart_and_employee_list_queries_do_not_grow_with_people(
    world, django_assert_max_num_queries
):
    apply_org_template(actor=None, enterprise=world.a1, key="electronics")
    positions = list(Position.objects.filter(enterprise=world.a1))
    boss = _emp(world, "Boss", position=positions[0])
    for n in range(30):
        _emp(world, f"Person {n}", position=positions[n % len(positions)], manager=boss)
    client = world.client("a1_steward")
    for name in ("objectives:org-chart", "objectives:employee-list"):
        with django_assert_max_num_queries(15):
            response = client.get(reverse(name, args=[world.a1.pk]))
        assert response.status_code == 200 and "Person 1" in response.content.decode()
