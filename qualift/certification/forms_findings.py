"""Forms of the checklist workspace, findings and the client's responses. The services check
the rules; the forms only parse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import FindingGrade, Recommendation
from qualift.standards.choices import ChecklistResult
from qualift.standards.models import Clause

TEXTAREA = {"rows": 3, "class": "form-control"}


class AnswerForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ChecklistResult.choices)
    evidence = forms.CharField(label=_("Evidence notes"), required=False, widget=forms.Textarea)
    attachment = forms.FileField(label=_("Attachment"), required=False)


class CompleteForm(forms.Form):
    summary = forms.CharField(label=_("Audit conclusion"), widget=forms.Textarea(attrs={"rows": 6}))
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)


class FindingForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=FindingGrade.choices)
    clause = forms.ModelChoiceField(label=_("Clause"), queryset=Clause.objects.order_by("position"))
    statement = forms.CharField(
        label=_("Statement of nonconformity"), widget=forms.Textarea(attrs=TEXTAREA)
    )
    evidence = forms.CharField(label=_("Objective evidence"), widget=forms.Textarea(attrs=TEXTAREA))
    requirement = forms.CharField(
        label=_("Requirement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    nonconformity = forms.ModelChoiceField(
        label=_("Link an existing nonconformity of the enterprise"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to create the enterprise's nonconformity record."),
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        from qualift.improvement.choices import NC_OPEN
        from qualift.improvement.models import Nonconformity

        self.fields["nonconformity"].queryset = Nonconformity.objects.filter(
            enterprise=enterprise, status__in=NC_OPEN
        ).order_by("-detected_on", "-id")


class ResponseForm(forms.Form):
    correction = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs=TEXTAREA))
    root_cause = forms.CharField(label=_("Root cause"), widget=forms.Textarea(attrs=TEXTAREA))
    corrective_action = forms.CharField(
        label=_("Corrective-action plan"), widget=forms.Textarea(attrs=TEXTAREA)
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_file = forms.FileField(
        label=_("Evidence file (PDF or image, at most 10 MB)"), required=False
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Review"), choices=[("accept", _("Accept")), ("return", _("Return"))]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("What was checked and found"), widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Verified on"), required=False)
