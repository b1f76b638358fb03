"""Coverage of goals and responsibilities (issue 5 §4): the gaps and the score on a fixture with
known holes, the page and GET /api/v1/objective-coverage/.

The reference numbers are hand-computed from the fixture below (see `_fixture`'s docstring):
checks = 2 × 6 employees + 3 positions + 2 × 4 objectives = 23; gaps = 9;
score = 100 × (23 − 9) / 23 = 60.869… → 60.9.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from qualift.objectives.coverage import coverage_report, coverage_score
from qualift.objectives.models import Objective, ObjectiveMeasurement
from qualift.objectives.services.org import department_save, employee_save, position_save

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 15)  # monthly objectives from 1 January: February is the last due month
JAN = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
FEB = (dt.date(2025, 2, 1), dt.date(2025, 2, 28))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _objective(enterprise, name, level, *, starts_on=dt.date(2025, 1, 1), **fields):
    # Built directly: the fixture needs exact states (no owner, expired, inactive) and this file
    # tests coverage, not the objective services (test_objectives*.py does).
    return Objective.objects.create(
        enterprise=enterprise,
        name=name,
        level=level,
        unit="%",
        direction="up",
        target=Decimal("95"),
        starts_on=starts_on,
        **fields,
    )


def _measure(objective, period, value="96"):
    ObjectiveMeasurement.objects.create(
        enterprise=objective.enterprise,
        objective=objective,
        period_start=period[0],
        period_end=period[1],
        value=Decimal(value),
        attainment="on_track",
        origin="manual",
    )


def _fixture(world):
    """Enterprise A1 with these holes (and A2 with one hole that must not show up):

    departments: Production ⊃ Machining; Quality
    positions:   Machinist (Machining, responsibilities), Inspector (Quality, NO responsibilities),
                 Storekeeper (no department, responsibilities), Old job (INACTIVE: not counted)
    employees:   Wang (Machinist) — covered by Production's objective through Machining's parent
                 Li (Inspector) — covered by the Inspector objective
                 Zhao (Storekeeper) — NOT covered (the storekeeper objective is inactive; the
                     enterprise objective covers nobody)
                 Chen (no position; Quality) — no position, NOT covered (Quality's objectives are
                     not yet in force / expired)
                 Sun (no position) — no position, covered by a personal objective
                 Wu (Old job, inactive position) — no position, NOT covered
                 Zhou (left the firm) — not counted
    objectives in force: O1 enterprise (owner Wang, measured Jan + Feb)
                 O2 department Production (NO owner, measured Feb)
                 O3 position Inspector (owner Li, measured Jan only: February is MISSING)
                 O4 employee Sun (quarterly: Q1 not over on 15 March, nothing due yet)
    not counted: O5 position Storekeeper (inactive), O6 Quality from 1 April, O7 Quality until
                 28 February.
    """
    e = world.a1
    production = department_save(actor=None, enterprise=e, data={"name": "Production"})
    machining = department_save(
        actor=None, enterprise=e, data={"name": "Machining", "parent": production}
    )
    quality = department_save(actor=None, enterprise=e, data={"name": "Quality"})

    def pos(title, **data):
        return position_save(actor=None, enterprise=e, data={"title": title, **data})

    machinist = pos("Machinist", department=machining, responsibilities="Turn shafts to drawing")
    inspector = pos("Inspector", department=quality)
    storekeeper = pos("Storekeeper", responsibilities="Keep the store in order")
    old_job = pos("Old job", is_active=False)

    def emp(name, **data):
        return employee_save(actor=None, enterprise=e, data={"name": name, **data})

    people = {
        "wang": emp("Wang Wei", position=machinist),
        "li": emp("Li Na", position=inspector),
        "zhao": emp("Zhao Lei", position=storekeeper),
        "chen": emp("Chen Jing", department=quality),
        "sun": emp("Sun Li"),
        "wu": emp("Wu Gang", position=old_job),
        "zhou": emp("Zhou Min", is_active=False),
    }
    o1 = _objective(e, "On-time delivery", "enterprise", owner=people["wang"])
    o2 = _objective(e, "Scrap rate", "department", department=production)
    o3 = _objective(e, "Inspection escapes", "position", position=inspector, owner=people["li"])
    o4 = _objective(
        e, "Stock accuracy", "employee", employee=people["sun"], owner=people["sun"],
        frequency="quarterly",
    )  # fmt: skip
    _objective(e, "Stores tidy", "position", position=storekeeper, is_active=False)
    _objective(
        e, "First-pass yield", "department", department=quality, starts_on=dt.date(2025, 4, 1)
    )
    _objective(
        e, "Old yield", "department", department=quality, ends_on=dt.date(2025, 2, 28),
        owner=people["chen"],
    )  # fmt: skip
    _measure(o1, JAN)
    _measure(o1, FEB)
    _measure(o2, FEB)
    _measure(o3, JAN)
    # Another enterprise's hole never shows in A1's report.
    employee_save(actor=None, enterprise=world.a2, data={"name": "A2 worker"})
    return {
        "people": people,
        "positions": {"inspector": inspector, "storekeeper": storekeeper},
        "objectives": {"o1": o1, "o2": o2, "o3": o3, "o4": o4},
    }


def _api(world, user: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


# The report


def test_fixture_with_known_holes_gives_exactly_those_gaps_and_score(world):
    f = _fixture(world)
    people, objs = f["people"], f["objectives"]
    report = coverage_report(world.a1, TODAY)

    found = {(g.kind, g.obj_id) for g in report.gaps}
    assert found == {
        ("employee_without_position", people["chen"].pk),
        ("employee_without_position", people["sun"].pk),
        ("employee_without_position", people["wu"].pk),
        ("position_without_responsibilities", f["positions"]["inspector"].pk),
        ("employee_without_objective", people["zhao"].pk),
        ("employee_without_objective", people["chen"].pk),
        ("employee_without_objective", people["wu"].pk),
        ("objective_without_owner", objs["o2"].pk),
        ("objective_not_measured", objs["o3"].pk),
    }
    assert len(report.gaps) == 9
    assert report.checks == 23  # 2 × 6 + 3 + 2 × 4
    assert report.score == Decimal("60.9")  # 100 × 14 / 23 = 60.869…
    assert report.by_kind == {
        "employee_without_position": 3,
        "position_without_responsibilities": 1,
        "employee_without_objective": 3,
        "objective_without_owner": 1,
        "objective_not_measured": 1,
    }


def test_each_gap_links_to_where_it_is_fixed(world):
    f = _fixture(world)
    people, objs = f["people"], f["objectives"]
    gaps = {(g.kind, g.obj_id): g for g in coverage_report(world.a1, TODAY).gaps}
    create = reverse("objectives:objective-create", kwargs={"enterprise_pk": world.a1.pk})

    gap = gaps[("employee_without_position", people["sun"].pk)]
    assert gap.fix_url == reverse("objectives:employee-edit", kwargs={"pk": people["sun"].pk})
    gap = gaps[("position_without_responsibilities", f["positions"]["inspector"].pk)]
    assert gap.fix_url == reverse(
        "objectives:position-edit", kwargs={"pk": f["positions"]["inspector"].pk}
    )
    # With a position: an objective for the position first, a personal one as the alternative.
    gap = gaps[("employee_without_objective", people["zhao"].pk)]
    storekeeper = f["positions"]["storekeeper"].pk
    assert gap.fix_url == f"{create}?level=position&position={storekeeper}"
    assert gap.fix_label == "Add an objective for the position"
    assert gap.extra_fixes == [
        ("Add a personal objective", f"{create}?level=employee&employee={people['zhao'].pk}")
    ]
    assert gap.subject == "Zhao Lei"
    # Without a (valid) position: the personal objective only.
    gap = gaps[("employee_without_objective", people["wu"].pk)]
    assert gap.fix_url == f"{create}?level=employee&employee={people['wu'].pk}"
    assert gap.extra_fixes == []
    gap = gaps[("objective_without_owner", objs["o2"].pk)]
    assert gap.fix_url == reverse("objectives:objective-edit", kwargs={"pk": objs["o2"].pk})
    gap = gaps[("objective_not_measured", objs["o3"].pk)]
    assert gap.fix_url == reverse("objectives:objective-detail", kwargs={"pk": objs["o3"].pk})
    assert "2025-02-01" in gap.detail and "2025-02-28" in gap.detail


def test_closing_gaps_raises_the_score_to_100(world):
    f = _fixture(world)
    people, objs, positions = f["people"], f["objectives"], f["positions"]
    e = world.a1
    employee_save(actor=None, enterprise=e, employee=people["chen"],
                  data={"name": "Chen Jing", "position": positions["inspector"]})  # fmt: skip
    employee_save(actor=None, enterprise=e, employee=people["sun"],
                  data={"name": "Sun Li", "position": positions["storekeeper"]})  # fmt: skip
    employee_save(actor=None, enterprise=e, employee=people["wu"],
                  data={"name": "Wu Gang", "position": positions["storekeeper"]})  # fmt: skip
    position_save(actor=None, enterprise=e, position=positions["inspector"],
                  data={"title": "Inspector", "responsibilities": "Check parts"})  # fmt: skip
    _objective(e, "Stock turns", "position", position=positions["storekeeper"],
               owner=people["zhao"], starts_on=dt.date(2025, 3, 1))  # fmt: skip
    Objective.objects.filter(pk=objs["o2"].pk).update(owner=people["wang"])
    _measure(objs["o3"], FEB)

    report = coverage_report(e, TODAY)
    assert report.gaps == []
    assert report.checks == 2 * 6 + 3 + 2 * 5
    assert report.score == Decimal("100.0")


def test_an_owner_who_has_left_counts_as_no_owner(world):
    gone = employee_save(actor=None, enterprise=world.a1, data={"name": "Gone", "is_active": False})
    obj = _objective(world.a1, "Yield", "enterprise", owner=gone, starts_on=TODAY)
    gaps = coverage_report(world.a1, TODAY).gaps
    assert [(g.kind, g.obj_id) for g in gaps] == [("objective_without_owner", obj.pk)]
    assert gaps[0].detail == "The owner has left."


def test_a_weekly_objective_is_due_after_its_first_complete_week(world):
    # 2025-03-10 is a Monday: the week 10–16 March is complete on the 17th, not before.
    owner = employee_save(actor=None, enterprise=world.a1, data={"name": "Owner"})
    obj = _objective(
        world.a1, "Defects", "employee", employee=owner, owner=owner,
        frequency="weekly", starts_on=dt.date(2025, 3, 10),
    )  # fmt: skip

    def not_measured(day):
        gaps = coverage_report(world.a1, day).gaps
        return [g.obj_id for g in gaps if g.kind == "objective_not_measured"]

    assert not_measured(dt.date(2025, 3, 16)) == []
    assert not_measured(dt.date(2025, 3, 17)) == [obj.pk]
    _measure(obj, (dt.date(2025, 3, 10), dt.date(2025, 3, 16)))
    assert not_measured(dt.date(2025, 3, 17)) == []


def test_score_is_zero_with_nothing_to_check_and_rounds_half_up(world):
    report = coverage_report(world.a1, TODAY)
    assert (report.checks, report.score, report.gaps) == (0, Decimal("0.0"), [])
    assert coverage_score(8, 1) == Decimal("87.5")
    assert coverage_score(3, 1) == Decimal("66.7")  # 66.666…
    assert coverage_score(16, 1) == Decimal("93.8")  # 93.75 rounds half up


def test_report_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _fixture(world)
    with django_assert_max_num_queries(4):  # employees, positions, objectives, departments
        coverage_report(world.a1, TODAY)


# The page


def _today_fixture(world):
    """A1 today: one employee with a position but no objective, nothing else."""
    pos = position_save(
        actor=None, enterprise=world.a1, data={"title": "Welder", "responsibilities": "Weld"}
    )
    emp = employee_save(actor=None, enterprise=world.a1, data={"name": "Li Na", "position": pos})
    return pos, emp


def test_steward_sees_score_counts_and_fix_links(world):
    pos, emp = _today_fixture(world)
    url = reverse("objectives:coverage", kwargs={"enterprise_pk": world.a1.pk})
    response = world.client("a1_steward").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    # checks = 2 × 1 + 1 = 3, one gap: 66.7 %
    assert 'id="coverage-score">66.7 %' in body
    assert 'id="count-employee_without_objective">1<' in body
    assert f'data-gap-kind="employee_without_objective" data-gap-id="{emp.pk}"' in body
    create = reverse("objectives:objective-create", kwargs={"enterprise_pk": world.a1.pk})
    assert f"{create}?level=position&amp;position={pos.pk}" in body
    assert "Add an objective for the position" in body


def test_staff_sees_the_gaps_without_fix_buttons(world):
    _today_fixture(world)
    url = reverse("objectives:coverage", kwargs={"enterprise_pk": world.a1.pk})
    response = world.client("a1_staff").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Li Na" in body
    assert "gap-fix" not in body


def test_outsider_gets_404_and_anonymous_goes_to_login(world):
    url = reverse("objectives:coverage", kwargs={"enterprise_pk": world.a1.pk})
    assert world.client("b1_admin").get(url).status_code == 404
    assert world.client("a2_admin").get(url).status_code == 404
    assert world.client(None).get(url).status_code == 302


def test_card_part_and_kind_filter(world):
    _today_fixture(world)
    url = reverse("objectives:coverage", kwargs={"enterprise_pk": world.a1.pk})
    client = world.client("a1_steward")
    card = client.get(url, {"part": "card"}).content.decode()
    assert 'id="coverage-card"' in card
    assert "<html" not in card and "gaps-employee_without_objective" not in card
    only = client.get(url, {"kind": "objective_not_measured"}).content.decode()
    assert 'id="gaps-objective_not_measured"' in only
    assert 'id="gaps-employee_without_objective"' not in only
    unknown = client.get(url, {"kind": "nonsense"})  # an unknown kind shows every kind
    assert 'id="gaps-employee_without_objective"' in unknown.content.decode()


def test_org_chart_loads_the_coverage_card(world):
    _today_fixture(world)
    url = reverse("objectives:org-chart", kwargs={"enterprise_pk": world.a1.pk})
    body = world.client("a1_steward").get(url).content.decode()
    card = reverse("objectives:coverage", kwargs={"enterprise_pk": world.a1.pk})
    assert f'hx-get="{card}?part=card"' in body


def test_page_renders_in_chinese(world):
    _today_fixture(world)
    url = reverse("objectives:coverage", kwargs={"enterprise_pk": world.a1.pk})
    with translation.override("zh-hans"):
        response = world.client("a1_steward").get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200


# The API

API = "/api/v1/objective-coverage/"


def test_api_answers_the_score_and_gaps(world):
    pos, emp = _today_fixture(world)
    response = _api(world, "a1_staff").get(API, {"enterprise": world.a1.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["enterprise"] == world.a1.pk
    assert data["score"] == "66.7"
    assert data["checks"] == 3
    assert data["by_kind"]["employee_without_objective"] == 1
    create = reverse("objectives:objective-create", kwargs={"enterprise_pk": world.a1.pk})
    assert data["gaps"] == [
        {
            "kind": "employee_without_objective",
            "id": emp.pk,
            "subject": "Li Na",
            "detail": "Welder",
            "fix_url": f"{create}?level=position&position={pos.pk}",
            "fix_label": "Add an objective for the position",
        }
    ]


def test_cb_expert_reads_the_coverage_of_an_assisted_enterprise(world):
    response = _api(world, "cba_expert").get(API, {"enterprise": world.a1.pk})
    assert response.status_code == 200
    assert response.json()["score"] == "0.0"


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"enterprise": "abc"}, 400), ({"enterprise": "0"}, 400),
     ({"enterprise": "99999999999999999999"}, 400), ({"enterprise": "999999"}, 404)],
)  # fmt: skip
def test_api_rejects_a_missing_or_bad_enterprise_with_json(world, params, status):
    response = _api(world, "a1_steward").get(API, params)
    assert response.status_code == status
    assert set(response.json()) == {"error", "detail", "fields"}


def test_api_hides_other_tenants_and_needs_a_login(world):
    assert _api(world, "b1_admin").get(API, {"enterprise": world.a1.pk}).status_code == 404
    assert _api(world, "po_admin").get(API, {"enterprise": world.a1.pk}).status_code == 404
    assert APIClient().get(API, {"enterprise": world.a1.pk}).status_code == 401


def test_api_closes_the_gap_once_the_position_has_an_objective(world):
    pos, emp = _today_fixture(world)
    _objective(
        world.a1, "Weld defects", "position", position=pos, owner=emp,
        starts_on=timezone.localdate(),
    )  # fmt: skip
    data = _api(world, "a1_steward").get(API, {"enterprise": world.a1.pk}).json()
    # checks = 2 × 1 employee + 1 position + 2 × 1 objective; nothing due yet, all passed.
    assert (data["checks"], data["gaps"], data["score"]) == (5, [], "100.0")
