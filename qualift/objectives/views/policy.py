"""Quality policy pages: the policy in force with its history and communications, drafting,
approval by top management, one version, and recording a communication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qualift.core.views_helpers import add_service_errors
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives import selectors_policy as selectors
from qualift.objectives.choices import PolicyStatus
from qualift.objectives.forms_policy import (
    MEANINGS,
    PolicyApproveForm,
    PolicyCommunicateForm,
    PolicyDraftForm,
)
from qualift.objectives.services.policy import policy_approve, policy_communicate, policy_draft
from qualift.tenancy.permissions import can


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@login_required
def policy(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    versions = list(selectors.versions_for(request.user, enterprise))
    org = [enterprise.organization_id]
    context = {
        "enterprise": enterprise,
        "versions": versions,
        "current": selectors.in_force(versions),
        "draft": selectors.open_draft(versions),
        "communications": selectors.communications_for(request.user, enterprise),
        "starter": "" if versions else selectors.starter_text(get_language()),
        "can_draft": can(request.user, "policy.draft", org),
        "can_approve": can(request.user, "policy.approve", org),
    }
    return render(request, "objectives/policy.html", context)


@login_required
def policy_draft_view(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """Start the next version (from the text in force, or the starter text) or edit the draft."""
    enterprise = get_qms_enterprise_for_user(
        request.user, enterprise_pk, write_action="policy.draft"
    )
    versions = list(selectors.versions_for(request.user, enterprise))
    draft = selectors.open_draft(versions)
    current = selectors.in_force(versions)
    if draft is not None:
        initial = {"text": draft.text, "change_summary": draft.change_summary}
    elif current is not None:
        initial = {"text": current.text}
    elif request.GET.get("starter"):
        initial = {"text": selectors.starter_text(get_language())}
    else:
        initial = {}
    form = PolicyDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = policy_draft(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Draft version %(v)s saved; top management approves it to put it in force.")
                % {"v": saved.version},
            )
            return redirect("objectives:policy", enterprise_pk=enterprise.pk)
    context = {"form": form, "enterprise": enterprise, "draft": draft, "current": current}
    return render(request, "objectives/policy_form.html", context)


@login_required
def policy_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    policy = selectors.get_policy_for_user(request.user, pk, action="policy.approve")
    enterprise = policy.enterprise
    if policy.status != PolicyStatus.DRAFT:
        messages.error(request, _("Only a draft can be approved; approved versions never change."))
        return redirect("objectives:policy-version", pk=policy.pk)
    initial = {"approved_by_name": _name(request.user), "meaning": MEANINGS[0]}
    form = PolicyApproveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy_approve(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(v)s approved and in force.") % {"v": policy.version}
            )
            return redirect("objectives:policy", enterprise_pk=enterprise.pk)
    versions = list(selectors.versions_for(request.user, enterprise))
    context = {
        "form": form,
        "enterprise": enterprise,
        "policy": policy,
        "current": selectors.in_force(versions),
        "meanings": MEANINGS,
    }
    return render(request, "objectives/policy_approve.html", context)


@login_required
def policy_version(request: HttpRequest, pk: int) -> HttpResponse:
    policy = selectors.get_policy_for_user(request.user, pk)
    enterprise = policy.enterprise
    previous = selectors.previous_version(policy)
    org = [enterprise.organization_id]
    context = {
        "enterprise": enterprise,
        "policy": policy,
        "previous": previous,
        "diff": selectors.text_diff(previous.text, policy.text) if previous else [],
        "communications": selectors.communications_for(request.user, enterprise).filter(
            policy=policy
        ),
        "can_draft": can(request.user, "policy.draft", org),
        "can_approve": can(request.user, "policy.approve", org),
    }
    return render(request, "objectives/policy_version.html", context)


@login_required
def policy_communicate_view(request: HttpRequest, pk: int) -> HttpResponse:
    policy = selectors.get_policy_for_user(request.user, pk, action="policy.draft")
    enterprise = policy.enterprise
    if policy.status == PolicyStatus.DRAFT:
        messages.error(request, _("Approve the policy before recording how it was communicated."))
        return redirect("objectives:policy", enterprise_pk=enterprise.pk)
    form = PolicyCommunicateForm(
        request.POST or None,
        enterprise=enterprise,
        initial={"communicated_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            policy_communicate(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Communication recorded."))
            return redirect("objectives:policy", enterprise_pk=enterprise.pk)
    context = {"form": form, "enterprise": enterprise, "policy": policy}
    return render(request, "objectives/policy_communicate.html", context)
