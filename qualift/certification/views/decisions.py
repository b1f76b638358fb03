"""Decision pages: deciding on a cycle's latest completed audit, and one decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.access import get_for_user
from qualift.certification.forms_certificates import DecisionForm
from qualift.certification.models import CertificationCycle, Decision
from qualift.certification.services import decisions as services
from qualift.core.views_helpers import add_service_errors

DECIDE = "certification.decide"


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_for_user(
        CertificationCycle, request.user, pk, write_action=DECIDE, select=("enterprise", "cb")
    )
    audit = services.decision_audit(cycle)
    today = timezone.localdate()
    refusal = services.decider_problem(cycle, request.user)
    form = DecisionForm(request.POST or None, initial={"decided_on": today})
    if request.method == "POST" and audit is not None and not refusal and form.is_valid():
        try:
            decision = services.decision_make(
                actor=request.user, cycle=cycle, audit=audit, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("certification:decision-detail", pk=decision.pk)
    findings = []
    blockers: list[str] = []
    if audit is not None:
        findings = list(audit.findings.select_related("clause").order_by("number")) + [
            f
            for a in cycle.audits.filter(kind="stage1").exclude(pk=audit.pk)
            for f in a.findings.select_related("clause").order_by("number")
        ]
        blockers = services.decision_blockers(cycle, audit, today)
    context = {
        "cycle": cycle,
        "audit": audit,
        "findings": findings,
        "blockers": blockers,
        "refusal": refusal,
        "form": form,
        "decisions": list(cycle.decisions.select_related("audit", "decided_by")),
    }
    return render(request, "certification/decision_form.html", context)


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_for_user(
        Decision, request.user, pk, select=("cycle", "audit", "decided_by", "enterprise", "cb")
    )
    certificates = list(decision.cycle.certificates.all())
    if hasattr(decision.cycle, "next_cycle"):
        certificates += list(decision.cycle.next_cycle.certificates.all())
    context = {"decision": decision, "certificates": certificates}
    return render(request, "certification/decision_detail.html", context)
