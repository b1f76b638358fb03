"""Forms for management reviews and leadership commitments (validation only; services save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.objectives.choices import CommitmentStatus, ReviewStatus
from qualift.objectives.models import (
    Employee,
    LeadershipCommitment,
    ManagementReview,
    ReviewOutput,
)
from qualift.objectives.review_pack import SECTION_LABELS, SECTIONS
from qualift.objectives.services.reviews import MAX_NOTE_CHARS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _employees(enterprise):
    return Employee.objects.filter(enterprise=enterprise, is_active=True).order_by("name")


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ManagementReview
        fields = [
            "title",
            "held_on",
            "period_start",
            "period_end",
            "chaired_by",
            "participants",
            "other_participants",
        ]
        widgets = {
            "held_on": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "participants": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "chaired_by": _("Usually the general manager."),
            "other_participants": _("People who are not on the employee list, e.g. a CB expert."),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _employees(enterprise)
        style_fields(self)


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ReviewStatus.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class OutcomeForm(forms.Form):
    """The conclusion and one note per input section of the pack."""

    conclusion = forms.CharField(
        label=_("Conclusion on suitability, adequacy and effectiveness"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in SECTIONS:
            self.fields[f"note_{key}"] = forms.CharField(
                label=SECTION_LABELS[key],
                required=False,
                max_length=MAX_NOTE_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        style_fields(self)

    def notes(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"note_{key}", "") for key in SECTIONS}

    def note_fields(self):
        return [self[f"note_{key}"] for key in SECTIONS]


class OutputForm(forms.ModelForm):
    class Meta:
        model = ReviewOutput
        fields = ["kind", "text", "owner", "owner_name", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DATE}
        help_texts = {
            "kind": _("Actions go to the enterprise's action list and need an owner and a date."),
            "owner_name": _("Filled from the employee when left empty."),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _employees(enterprise)
        style_fields(self)


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = LeadershipCommitment
        fields = ["leader", "leader_name", "commitment", "due_on", "review"]
        widgets = {"due_on": DATE}
        help_texts = {
            "leader_name": _("Filled from the employee when left empty."),
            "commitment": _('For example "The general manager joins the monthly quality meeting".'),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _employees(enterprise)
        self.fields["leader_name"].required = False
        self.fields["review"].queryset = ManagementReview.objects.filter(enterprise=enterprise)
        style_fields(self)


class CommitmentMarkForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How it was kept, or why it was missed."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "mark")
        super().__init__(*args, **kwargs)
        style_fields(self)


class CommitmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *CommitmentStatus.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
