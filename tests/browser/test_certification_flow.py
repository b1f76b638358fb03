"""Issue 7 §10: an auditor plans a stage 2 audit, records a major nonconformity, the enterprise
answers it, the auditor verifies it, a CB member who was not on the team decides, and the
certificate shows on the public lookup page.

Audit time, by hand from IAF MD 5 Table QMS 1 (DOMAIN §4): 12 people → band 11–15 → 2.5 days;
stage 1 = 2.5 / 3 = 0.83 → 1.0 (nearest half day); stage 2 = 2.5 − 1.0 = 1.5 days.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_enterprise_flow import _log_in

pytestmark = pytest.mark.browser


def _log_out(page) -> None:
    page.locator("form[action$='/accounts/logout/'] button").click()


def _client_with_stage1_done(world):
    """CB A's client a1: a cycle for IAF code 23, cba_auditor1 registered for it, stage 1 done."""
    from qualift.certification.models import Audit
    from qualift.certification.services.auditors import auditor_code_save, auditor_save
    from qualift.certification.services.cycles import cycle_create
    from qualift.enterprises.models import IafCode

    code = IafCode.objects.get(code="23")
    cycle = cycle_create(
        actor=None,
        engagement=world.a1.engagements.get(kind="certification"),
        data={
            "applied_on": timezone.localdate() - dt.timedelta(days=40),
            "scope_text": "Design and manufacture of leather handbags",
            "employees": 12,
        },
        iaf_codes=[code],
    )
    profile = auditor_save(
        actor=None,
        cb=world.cb_a,
        data={"user": world.users["cba_auditor1"], "grade": "senior_auditor"},
    )
    auditor_code_save(
        actor=None,
        profile=profile,
        data={"iaf_code": code, "valid_from": dt.date(2020, 1, 1)},
    )
    stage1_day = timezone.localdate() - dt.timedelta(days=20)
    # Stage 1 happened earlier (its own pages are the same as stage 2's, tested elsewhere).
    Audit.objects.filter(cycle=cycle, kind="stage1").update(
        status="completed", start_on=stage1_day, end_on=stage1_day, completed_on=stage1_day
    )
    return cycle


def test_stage2_major_nc_answered_verified_decided_and_publicly_listed(
    page, live_server, live_world, screenshot_dir
):
    from qualift.certification.models import Audit, Certificate, Finding
    from qualift.certification.services.checklists import answer_save

    world = live_world
    base = live_server.url
    cycle = _client_with_stage1_done(world)
    stage2 = Audit.objects.get(cycle=cycle, kind="stage2")
    today = timezone.localdate().isoformat()

    # --- the auditor plans stage 2: dates, audit time, team, schedule, then sends the plan.
    _log_in(page, base, "cba_auditor1")
    page.locator(".navbar-nav .nav-link", has_text="Certification").click()
    page.goto(f"{base}/certification/audit/{stage2.pk}/edit/")
    page.fill("#id_start_on", today)
    page.fill("#id_end_on", today)
    page.get_by_role("button", name="Save").click()

    page.goto(f"{base}/certification/audit/{stage2.pk}/time/")
    expect(page.locator("#id_employees")).to_have_value("12")
    page.locator("#audit-time-form").get_by_role("button", name="Calculate and save").click()
    expect(page.locator("#planned-days")).to_contain_text("1.5")
    stage2.refresh_from_db()
    assert stage2.planned_days == 1.5
    assert stage2.time_result["table_days"] == 2.5
    assert "Table QMS 1" in stage2.justification or "QMS 1" in stage2.justification

    page.goto(f"{base}/certification/audit/{stage2.pk}/team/")
    page.select_option("#id_user", label="cba_auditor1")
    page.select_option("#id_role", "leader")
    page.fill("#id_days", "1.5")
    page.locator("#team-form").get_by_role("button", name="Add").click()
    expect(page.locator("#team-table")).to_contain_text("cba_auditor1")

    page.goto(f"{base}/certification/audit/{stage2.pk}/schedule/")
    page.fill("#id_day", today)
    page.fill("#id_starts_at", "09:00")
    page.fill("#id_ends_at", "12:00")
    page.fill("#id_activity", "Cutting and stitching: key process control")
    page.fill("#id_clauses", "8.5, 7.1.5")
    page.select_option("#id_auditor", label="cba_auditor1")
    page.locator("#schedule-form").get_by_role("button", name="Add").click()
    expect(page.locator("#schedule-table")).to_contain_text("Cutting and stitching")

    page.goto(f"{base}/certification/audit/{stage2.pk}/")
    page.locator("#send-plan-form button").click()
    stage2.refresh_from_db()
    assert stage2.status == "plan_sent"

    # --- on site: start, answer the checklist, a major NC with its finding, complete.
    page.goto(f"{base}/certification/audit/{stage2.pk}/checklist/")
    page.locator("#audit-start").click()
    stage2.refresh_from_db()
    assert stage2.status == "in_progress"
    questions = list(stage2.template.questions.order_by("position"))
    first, rest = questions[0], questions[1:]
    for question in rest:  # the rest were conform (answered on the tablet, card by card)
        answer_save(
            actor=world.users["cba_auditor1"],
            audit=stage2,
            question=question,
            result="conform",
            evidence="Seen on site.",
        )
    page.reload()
    card = page.locator(f"#q-{first.pk}")
    card.locator(f'label[for="r-{first.pk}-major_nc"]').click()
    card.locator("textarea[name=evidence]").fill("No incoming inspection records since March.")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(f"#q-{first.pk} .raise-finding")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "certification-checklist.png"), full_page=True)
    page.locator(f"#q-{first.pk} .raise-finding").click()
    page.select_option("#id_grade", "major")
    page.fill("#id_statement", "Incoming materials are released without inspection.")
    page.fill("#id_evidence", "Batches L-0312 to L-0340 have no inspection record.")
    page.fill("#id_requirement", "ISO 9001:2015 8.4.2 and 8.6")
    page.locator("#finding-form").get_by_role("button", name="Raise").click()
    finding = Finding.objects.get(audit=stage2)
    assert finding.grade == "major" and finding.status == "open"
    assert finding.nonconformity.source == "certification_finding"

    page.goto(f"{base}/certification/audit/{stage2.pk}/complete/")
    page.fill("#id_summary", "The system is effective except for incoming inspection.")
    page.select_option("#id_recommendation", "recommend_after")
    page.locator("#complete-form").get_by_role("button", name="Complete the audit").click()
    stage2.refresh_from_db()
    assert stage2.status == "completed"
    _log_out(page)

    # --- the enterprise answers the finding in its portal.
    _log_in(page, base, "a1_admin")
    page.goto(f"{base}/certification/client/")
    expect(page.locator("#client-findings")).to_contain_text(finding.number)
    page.goto(f"{base}/certification/finding/{finding.pk}/")
    page.locator("#finding-respond").click()
    page.fill("#id_correction", "The open batches were inspected; two were rejected.")
    page.fill("#id_root_cause", "No one was responsible for incoming inspection.")
    page.fill("#id_corrective_action", "Inspection procedure QP-07; the store keeper trained.")
    page.locator("#response-form").get_by_role("button", name="Submit to the auditor").click()
    expect(page.locator("#finding-status")).to_contain_text("Response submitted")
    _log_out(page)

    # --- the auditor accepts the response and verifies the corrective action.
    _log_in(page, base, "cba_auditor1")
    page.goto(f"{base}/certification/finding/{finding.pk}/")
    page.locator("#review-form").get_by_role("button", name="Accept").click()
    expect(page.locator("#finding-status")).to_contain_text("Plan accepted")
    page.locator("#verify-form textarea").fill("Records of 20 batches checked: all inspected.")
    page.locator("#verify-form").get_by_role("button", name="Verify").click()
    expect(page.locator("#finding-status")).to_contain_text("Verified")
    # A team member may not decide.
    page.goto(f"{base}/certification/cycle/{cycle.pk}/decide/")
    expect(page.locator("#decision-refused")).to_be_visible()
    _log_out(page)

    # --- a CB member who was not on the team decides.
    _log_in(page, base, "cba_auditor2")
    page.goto(f"{base}/certification/cycle/{cycle.pk}/decide/")
    expect(page.locator("#decision-clear")).to_be_visible()
    page.locator("#field-outcome").get_by_text("Grant").click()
    page.fill("#id_reasons", "Stage 2 effective; the major nonconformity was verified.")
    page.locator("#decision-form").get_by_role("button", name="Record the decision").click()
    certificate = Certificate.objects.get(cycle=cycle)
    assert certificate.status == "valid"
    assert certificate.expires_on > certificate.issued_on
    _log_out(page)

    # --- anyone can check the certificate by its number, without signing in.
    page.goto(f"{base}/verify/")
    page.fill("#id_number", certificate.number)
    page.locator("#verify-form").get_by_role("button", name="Check").click()
    expect(page.locator("#verify-number")).to_have_text(certificate.number)
    expect(page.locator("#verify-holder")).to_contain_text("CANARY-A1")
    expect(page.locator("#verify-status")).to_contain_text("Valid")
    expect(page.locator("#verify-scope")).to_contain_text("leather handbags")
    assert world.a1.uscc not in page.content()
    page.screenshot(path=str(screenshot_dir / "certification-public.png"), full_page=True)
