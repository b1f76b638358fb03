"""Issue pages and the /api/v1/assistance-issues/ API (issue 6 §2, §7)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qualift.assistance.models import AssistanceIssue, PriorityWeights
from qualift.assistance.tests.test_issues import make_diagnosis, make_issue, scores
from qualift.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(world):
    """By hand under the default weights: Top 4.4, Middle 3.4, Low 2.0; Draft unscored."""
    diagnosis = make_diagnosis(world.entry(world.a1))
    return {
        "diagnosis": diagnosis,
        "low": make_issue(diagnosis, "Low", 2, 2, 2, 2),
        "top": make_issue(diagnosis, "Top", 5, 4, 4, 4),
        "middle": make_issue(diagnosis, "Middle", 4, 3, 3, 3),
        "draft": make_issue(diagnosis, "Draft issue"),
    }


def api(world, user):
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


def test_expert_records_an_issue_with_radio_scores(world, ranked):
    url = reverse("assistance:issue-create", kwargs={"pk": ranked["diagnosis"].pk})
    page = world.client("cba_expert").get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'type="radio"' in body and 'name="prominence_severity"' in body
    assert "Effect on product quality and customers" in body
    response = world.client("cba_expert").post(
        url, {"title": "No first-article check", "area": "inspection", **scores(3, 3, 3, 3)}
    )
    assert response.status_code == 302
    issue = AssistanceIssue.objects.get(title="No first-article check")
    assert issue.is_scored and issue.cb_time == 3


def test_bad_score_is_shown_inline_and_nothing_saved(world, ranked):
    url = reverse("assistance:issue-create", kwargs={"pk": ranked["diagnosis"].pk})
    response = world.client("cba_expert").post(url, {"title": "X", "area": "goals", "cb_time": "9"})
    assert response.status_code == 200
    assert 'id="field-cb_time"' in response.content.decode()
    assert not AssistanceIssue.objects.filter(title="X").exists()


def test_ranking_page_shows_scores_breakdown_sensitivity_and_score_it_link(world, ranked):
    response = world.client("a1_admin").get(
        reverse("assistance:ranking", kwargs={"pk": world.entry(world.a1).pk})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Top") < body.index("Middle") < body.index("Low") < body.index("Draft issue")
    assert "4.40" in body and "3.40" in body and "2.00" in body
    assert "no rank changes" in body
    assert 'id="ranking-chart-data"' in body
    # The enterprise reads the ranking but cannot choose points or edit.
    assert 'name="chosen"' not in body and "score it" not in body
    expert = world.client("cba_expert").get(
        reverse("assistance:ranking", kwargs={"pk": world.entry(world.a1).pk})
    )
    text = expert.content.decode()
    assert "score it" in text and text.count('name="chosen"') == 3


def test_choosing_past_a_higher_issue_without_reason_shows_the_error(world, ranked):
    url = reverse("assistance:ranking-choose", kwargs={"pk": world.entry(world.a1).pk})
    client = world.client("cba_expert")
    response = client.post(url, {"chosen": [ranked["top"].pk, ranked["low"].pk]})
    assert response.status_code == 200
    assert "Middle" in response.content.decode().split('id="choose-errors"')[1][:400]
    assert not AssistanceIssue.objects.filter(is_point=True).exists()
    response = client.post(
        url,
        {
            "chosen": [ranked["top"].pk, ranked["low"].pk],
            f"skip_reason_{ranked['middle'].pk}": "The owner is replacing that line anyway",
        },
    )
    assert response.status_code == 302
    assert set(AssistanceIssue.objects.filter(is_point=True).values_list("title", flat=True)) == {
        "Top",
        "Low",
    }


def test_delete_needs_the_confirmation_box(world, ranked):
    url = reverse("assistance:issue-delete", kwargs={"pk": ranked["draft"].pk})
    world.client("cba_expert").post(url)
    assert AssistanceIssue.objects.filter(pk=ranked["draft"].pk).exists()
    world.client("cba_expert").post(url, {"confirm": "1"})
    assert not AssistanceIssue.objects.filter(pk=ranked["draft"].pk).exists()


def test_cb_admin_edits_weights_expert_reads_them_auditor_gets_404(world):
    url = reverse("assistance:weights", kwargs={"pk": world.cb_a.pk})
    assert 'name="prominence"' not in world.client("cba_expert").get(url).content.decode()
    assert world.client("cba_expert").post(url, {"prominence": "1"}).status_code == 403
    assert world.client("cba_auditor1").get(url).status_code == 404
    assert world.client("cbb_admin").get(url).status_code == 404
    response = world.client("cba_admin").post(
        url, {"prominence": "2", "enterprise": "1", "cb": "1", "evaluability": "1"}
    )
    assert response.status_code == 302
    assert PriorityWeights.objects.get(cb=world.cb_a).prominence == 2
    bad = world.client("cba_admin").post(
        url, {"prominence": "0", "enterprise": "0", "cb": "0", "evaluability": "0"}
    )
    assert bad.status_code == 200 and "above zero" in bad.content.decode()


def test_api_ranking_gives_the_breakdown_and_sensitivity(world, ranked):
    entry = world.entry(world.a1)
    response = api(world, "a1_steward").get(
        "/api/v1/assistance-issues/ranking/", {"entry": entry.pk}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["weights"] == {
        "prominence": 0.4,
        "enterprise": 0.2,
        "cb": 0.2,
        "evaluability": 0.2,
    }
    top = data["ranking"][0]
    assert (top["title"], top["rank"], top["score"]) == ("Top", 1, "4.40")
    # Prominence: mean 5, share 0.4 → contributes 2.00 (by hand).
    assert top["factors"]["prominence"] == {
        "mean": "5.00",
        "weight_share": "0.4000",
        "contribution": "2.00",
    }
    assert data["ranking"][-1]["rank"] is None
    assert len(data["sensitivity"]) == 8 and data["sensitivity"][0]["moves"] == []
    # Outsiders: 404; a bad id: 400.
    assert (
        api(world, "cbb_admin")
        .get("/api/v1/assistance-issues/ranking/", {"entry": entry.pk})
        .status_code
        == 404
    )
    assert (
        api(world, "cba_auditor1")
        .get("/api/v1/assistance-issues/ranking/", {"entry": entry.pk})
        .status_code
        == 404
    )
    assert (
        api(world, "cba_expert")
        .get("/api/v1/assistance-issues/ranking/", {"entry": "x"})
        .status_code
        == 400
    )


def test_api_create_patch_filter_and_choose(world, ranked):
    client = api(world, "cba_expert")
    created = client.post(
        "/api/v1/assistance-issues/",
        {
            "diagnosis": ranked["diagnosis"].pk,
            "title": "Gauges overdue",
            "area": "equipment",
            **scores(3, 3, 3, 3),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["entry"] == world.entry(world.a1).pk
    patched = client.patch(f"/api/v1/assistance-issues/{pk}/", {"cb_time": 5}, format="json")
    assert patched.status_code == 200 and patched.json()["cb_time"] == 5
    bad = client.patch(f"/api/v1/assistance-issues/{pk}/", {"cb_time": 7}, format="json")
    assert bad.status_code == 400 and "cb_time" in bad.json()["fields"]
    listed = client.get("/api/v1/assistance-issues/", {"area": "equipment"}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert client.get("/api/v1/assistance-issues/", {"entry": "abc"}).status_code == 400
    refused = client.post(
        "/api/v1/assistance-issues/choose/",
        {"entry": world.entry(world.a1).pk, "chosen": [ranked["low"].pk]},
        format="json",
    )
    assert refused.status_code == 400 and "skip_reasons" in refused.json()["fields"]
    chosen = client.post(
        "/api/v1/assistance-issues/choose/",
        {"entry": world.entry(world.a1).pk, "chosen": [ranked["top"].pk]},
        format="json",
    )
    assert chosen.status_code == 200 and [i["id"] for i in chosen.json()] == [ranked["top"].pk]
    assert AuditEvent.objects.filter(verb="assistance_issue.choose_points").count() == 1


def test_api_roles_and_tenants(world, ranked):
    pk = ranked["top"].pk
    assert (
        api(world, "a1_admin")
        .patch(f"/api/v1/assistance-issues/{pk}/", {"title": "x"}, format="json")
        .status_code
        == 403
    )
    assert api(world, "cbb_admin").get(f"/api/v1/assistance-issues/{pk}/").status_code == 404
    assert api(world, "cba_auditor1").get("/api/v1/assistance-issues/").json()["count"] == 0
    other = make_diagnosis(world.entry(world.b1))
    response = api(world, "cba_expert").post(
        "/api/v1/assistance-issues/",
        {"diagnosis": other.pk, "title": "x", "area": "goals"},
        format="json",
    )
    assert response.status_code == 400 and "diagnosis" in response.json()["fields"]
    gone = api(world, "cba_expert").delete(f"/api/v1/assistance-issues/{ranked['draft'].pk}/")
    assert gone.status_code == 204
