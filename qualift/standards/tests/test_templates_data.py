"""The shipped checklist template (qualift/standards/templates_data.py, loaded by migration
0003) and the checklist engine's tallies. Sources: ISO 9001:2015 clause numbers (DOMAIN §9), the
five SME focus points (DOMAIN §2)."""

from __future__ import annotations

import re

import pytest

from qualift.standards.choices import FocusArea, TemplatePurpose
from qualift.standards.clauses_data import CLAUSES
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate, Clause
from qualift.standards.selectors import (
    default_template,
    progress_by_clause,
    results_by_clause,
    results_by_focus,
    template_list,
    templates_for_organization,
)
from qualift.standards.templates_data import (
    DEFAULT_QUESTIONS,
    DEFAULT_TEMPLATE,
    install_default_template,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
CLAUSE_NUMBERS = {number for number, _en, _zh in CLAUSES}


def test_default_template_has_about_forty_questions():
    assert 36 <= len(DEFAULT_QUESTIONS) <= 48


def test_every_question_maps_to_a_clause_of_the_clause_table():
    unknown = [number for number, *_ in DEFAULT_QUESTIONS if number not in CLAUSE_NUMBERS]
    assert unknown == []


def test_questions_cover_every_main_clause_and_the_key_sub_clauses():
    numbers = {number for number, *_ in DEFAULT_QUESTIONS}
    assert {n.split(".")[0] for n in numbers} == {"4", "5", "6", "7", "8", "9", "10"}
    key = {"4.1", "5.1.2", "6.2", "7.1.5", "7.5", "8.4", "8.5.1", "8.7", "9.1.2", "9.2", "9.3"}
    assert key | {"10.2"} <= numbers


def test_all_five_focus_areas_are_well_covered():
    counts = {area: 0 for area in FocusArea.values}
    for _number, focus, _en, _zh in DEFAULT_QUESTIONS:
        assert focus in counts, focus
        counts[focus] += 1
    assert min(counts.values()) >= 5, counts


def test_both_languages_are_filled_in_and_phrased_as_questions():
    for number, _focus, en, zh in DEFAULT_QUESTIONS:
        assert en.strip() and zh.strip(), number
        assert en.endswith("?"), en
        assert zh.endswith("？"), zh
        assert CJK.search(zh) and not CJK.search(en), number


def test_no_question_is_repeated():
    assert len({en for _n, _f, en, _z in DEFAULT_QUESTIONS}) == len(DEFAULT_QUESTIONS)
    assert len({zh for _n, _f, _e, zh in DEFAULT_QUESTIONS}) == len(DEFAULT_QUESTIONS)


@pytest.mark.django_db
def test_migration_loaded_the_default_template_with_every_question():
    template = default_template()
    assert template is not None
    assert template.owner_id is None and template.is_default
    assert template.purpose == TemplatePurpose.BOTH
    assert (
        template.name_en
        == DEFAULT_TEMPLATE["name_en"]
        == ("ISO 9001 checklist for small and micro enterprises")
    )
    assert template.name_zh == "小微企业 ISO 9001 审核检查表"
    stored = list(template.questions.select_related("clause").order_by("position"))
    assert [(q.clause.number, q.focus_area, q.text_en, q.text_zh) for q in stored] == list(
        DEFAULT_QUESTIONS
    )
    positions = [q.position for q in stored]
    assert positions == list(range(1, len(DEFAULT_QUESTIONS) + 1))


@pytest.mark.django_db
def test_installing_the_template_again_changes_nothing():
    before = (ChecklistTemplate.objects.count(), ChecklistQuestion.objects.count())
    install_default_template(ChecklistTemplate, ChecklistQuestion, Clause)
    assert (ChecklistTemplate.objects.count(), ChecklistQuestion.objects.count()) == before


@pytest.mark.django_db
def test_shipped_template_is_visible_to_every_signed_in_user_owned_ones_to_their_owner(world):
    own = ChecklistTemplate.objects.create(
        name_en="A1 weld checklist", name_zh="A1 焊接检查表", owner=world.a1.organization
    )
    default = default_template()
    assert set(template_list(world.users["a1_staff"])) == {default, own}
    assert set(template_list(world.users["b1_admin"])) == {default}
    assert set(template_list(world.users["po_viewer"])) == {default}
    assert list(ChecklistTemplate.objects.visible_to(None)) == []
    assert set(templates_for_organization(world.a2.organization_id, "internal")) == {default}


@pytest.mark.django_db
def test_progress_per_main_clause_from_hand_made_pairs():
    pairs = [
        ("4.1", True),
        ("4.2", False),
        ("7.1.5", True),
        ("7.5", True),
        ("7.5", False),
        ("10.2", False),
    ]
    progress = progress_by_clause(pairs)
    assert [(p.number, p.answered, p.total, p.percent) for p in progress] == [
        ("4", 1, 2, 50),
        ("7", 2, 3, 67),
        ("10", 0, 1, 0),
    ]
    assert progress[0].title == "Context of the organization"
    assert not progress[1].done


@pytest.mark.django_db
def test_results_fold_into_main_clauses_and_all_five_focus_areas():
    rows = [
        ("7.1.5", "conform", 2),
        ("7.5", "minor_nc", 1),
        ("7.5", "conform", 1),
        ("10.2", "major_nc", 1),
        ("4.1", "not_applicable", 1),
        ("4.1", "", 3),
    ]
    by_clause = {row.key: row for row in results_by_clause(rows)}
    assert list(by_clause) == ["4", "7", "10"]
    assert by_clause["7"].cells == [3, 1, 0, 0, 0]  # conform, minor, major, observation, OFI
    assert by_clause["10"].cells == [0, 0, 1, 0, 0]
    assert by_clause["4"].cells == [0, 0, 0, 0, 0] and by_clause["4"].not_applicable == 1
    focus = results_by_focus([("goals", "ofi", 2), ("leadership", "observation", 1)])
    assert [r.key for r in focus] == list(FocusArea.values)
    assert {r.key: r.cells for r in focus}["goals"] == [0, 0, 0, 0, 2]
