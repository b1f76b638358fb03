"""Management review pages (ISO 9001 9.3): the list with commitments falling due, planning a
review, the review with its pack, outcome and outputs, the pack as a PDF; and leadership
commitments (5.1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualift.core.views_helpers import add_service_errors, paginate, querystring_without_page
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives import selectors_reviews as selectors
from qualift.objectives.choices import ReviewStatus
from qualift.objectives.forms_reviews import (
    CommitmentFilterForm,
    CommitmentForm,
    CommitmentMarkForm,
    OutcomeForm,
    OutputForm,
    ReviewFilterForm,
    ReviewForm,
)
from qualift.objectives.review_pack import present
from qualift.objectives.services import reviews as services
from qualift.reports.pdf import render_pdf
from qualift.tenancy.permissions import can

REVIEW = services.REVIEW
COMMITMENT = services.COMMITMENT
PDF_LANGUAGES = ("en", "zh-hans")


def _sections(review) -> list[dict]:
    """The pack's sections in order, in the active language, with the meeting's notes."""
    return present(review.pack, review.input_notes)


@login_required
def review_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = ReviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    overdue, upcoming = selectors.commitments_due(request.user, enterprise, today)
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(
            request,
            selectors.review_list(
                request.user,
                enterprise,
                status=filters.get("status", ""),
                year=filters.get("year"),
            ),
        ),
        "qs": querystring_without_page(request),
        "overdue": overdue,
        "upcoming": upcoming,
        "today": today,
        "can_change": can(request.user, REVIEW, [enterprise.organization_id]),
    }
    return render(request, "objectives/review_list.html", context)


def _review_form(request, enterprise, review=None) -> HttpResponse:
    initial = {}
    if review is None:
        today = timezone.localdate()
        initial = {
            "title": _("Management review %(year)s") % {"year": today.year},
            "held_on": today,
            "period_start": today.replace(month=1, day=1),
            "period_end": today,
        }
    form = ReviewForm(request.POST or None, instance=review, enterprise=enterprise, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if review is None:
                review = services.review_create(
                    actor=request.user, enterprise=enterprise, data=form.cleaned_data
                )
            else:
                review = services.review_update(
                    actor=request.user, review=review, data=form.cleaned_data
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Management review saved."))
            return redirect("objectives:review-detail", pk=review.pk)
    context = {"form": form, "enterprise": enterprise, "review": review}
    return render(request, "objectives/review_form.html", context)


@login_required
def review_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=REVIEW)
    return _review_form(request, enterprise)


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk, action=REVIEW)
    if review.status == ReviewStatus.CLOSED:
        messages.error(request, _("This review is closed and can no longer change."))
        return redirect("objectives:review-detail", pk=review.pk)
    return _review_form(request, review.enterprise, review)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk)
    enterprise = review.enterprise
    objectives = (review.pack or {}).get("objectives") or {}
    chart = [
        {"key": key, "label": str(label), "value": int(objectives.get(key) or 0)}
        for key, label in (
            ("on_track", _("On track")),
            ("at_risk", _("At risk")),
            ("missed", _("Missed")),
            ("no_data", _("No data")),
        )
    ]
    context = {
        "enterprise": enterprise,
        "review": review,
        "sections": _sections(review),
        "participants": review.participants.order_by("name"),
        "outputs": selectors.outputs_of(review),
        "commitments": review.commitments.order_by("due_on", "id"),
        "attainment_chart": chart if objectives.get("active") else None,
        "can_change": can(request.user, REVIEW, [enterprise.organization_id])
        and review.status != ReviewStatus.CLOSED,
    }
    return render(request, "objectives/review_detail.html", context)


@login_required
@require_POST
def review_pack(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk, action=REVIEW)
    try:
        services.review_generate_pack(actor=request.user, review=review, today=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Review pack gathered from the system."))
    return redirect("objectives:review-detail", pk=review.pk)


@login_required
@require_POST
def review_close(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk, action=REVIEW)
    try:
        services.review_close(actor=request.user, review=review)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Review closed."))
    return redirect("objectives:review-detail", pk=review.pk)


@login_required
def review_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk, action=REVIEW)
    if review.status == ReviewStatus.CLOSED:
        messages.error(request, _("This review is closed and can no longer change."))
        return redirect("objectives:review-detail", pk=review.pk)
    initial = {"conclusion": review.conclusion}
    initial.update({f"note_{k}": v for k, v in (review.input_notes or {}).items()})
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record_outcome(
                actor=request.user,
                review=review,
                conclusion=form.cleaned_data["conclusion"],
                input_notes=form.notes(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Outcome recorded: the review is held."))
            return redirect("objectives:review-detail", pk=review.pk)
    context = {"form": form, "enterprise": review.enterprise, "review": review}
    return render(request, "objectives/review_outcome.html", context)


@login_required
def review_output_create(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk, action=REVIEW)
    if review.status == ReviewStatus.CLOSED:
        messages.error(request, _("This review is closed and can no longer change."))
        return redirect("objectives:review-detail", pk=review.pk)
    form = OutputForm(request.POST or None, enterprise=review.enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            output = services.review_output_add(
                actor=request.user, review=review, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if output.action_id:
                messages.success(request, _("Action recorded and added to the action list."))
            else:
                messages.success(request, _("Decision recorded."))
            return redirect("objectives:review-detail", pk=review.pk)
    context = {"form": form, "enterprise": review.enterprise, "review": review}
    return render(request, "objectives/review_output_form.html", context)


@login_required
def review_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk)
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    if language not in PDF_LANGUAGES:
        language = "en"
    with translation.override(language):
        sections = _sections(review)
    context = {
        "review": review,
        "enterprise": review.enterprise,
        "sections": sections,
        "participants": list(review.participants.order_by("name")),
        "outputs": list(selectors.outputs_of(review)),
        "generated": timezone.localtime(),
    }
    body = render_pdf("reports/management_review.html", context, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(f"management-review-{review.held_on}-{language}") or "management-review"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# Leadership commitments


@login_required
def commitment_list(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    form = CommitmentFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    context = {
        "enterprise": enterprise,
        "form": form,
        "page": paginate(
            request, selectors.commitment_list(request.user, enterprise, status=status)
        ),
        "qs": querystring_without_page(request),
        "today": timezone.localdate(),
        "can_change": can(request.user, COMMITMENT, [enterprise.organization_id]),
    }
    return render(request, "objectives/commitment_list.html", context)


@login_required
def commitment_create(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk, write_action=COMMITMENT)
    initial = {}
    review_pk = request.GET.get("review", "")
    if review_pk.isdigit():
        initial["review"] = review_pk
    form = CommitmentForm(request.POST or None, enterprise=enterprise, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_create(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("objectives:commitment-list", enterprise_pk=enterprise.pk)
    context = {"form": form, "enterprise": enterprise, "commitment": None}
    return render(request, "objectives/commitment_form.html", context)


@login_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the commitment (plan form) or record whether it was kept (mark form)."""
    commitment = selectors.get_commitment_for_user(request.user, pk, action=COMMITMENT)
    enterprise = commitment.enterprise
    marking = request.method == "POST" and "mark-status" in request.POST
    form = CommitmentForm(
        request.POST if request.method == "POST" and not marking else None,
        instance=commitment,
        enterprise=enterprise,
    )
    mark_form = CommitmentMarkForm(
        request.POST if marking else None,
        initial={"status": commitment.status, "evidence": commitment.evidence},
    )
    bound = mark_form if marking else form
    if request.method == "POST" and bound.is_valid():
        try:
            if marking:
                services.commitment_mark(
                    actor=request.user, commitment=commitment, **mark_form.cleaned_data
                )
            else:
                services.commitment_update(
                    actor=request.user, commitment=commitment, data=form.cleaned_data
                )
        except ValidationError as exc:
            add_service_errors(bound, exc)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect("objectives:commitment-list", enterprise_pk=enterprise.pk)
    context = {
        "form": form,
        "mark_form": mark_form,
        "enterprise": enterprise,
        "commitment": commitment,
    }
    return render(request, "objectives/commitment_form.html", context)
