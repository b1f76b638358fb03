"""Forms: the diagnosis's header (date, mode, hours, experts, summary), the questionnaire (a level
and notes per area, one form for all areas) and a photo upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import Area, Mode
from qualift.assistance.questionnaire import AREAS, level_choices
from qualift.assistance.scoping import assisting_people
from qualift.assistance.services.diagnoses import (
    MAX_CAPTION_CHARS,
    MAX_NOTES_CHARS,
    MAX_SUMMARY_CHARS,
)


class DiagnosisForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.ON_SITE)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_value=999.9, decimal_places=1, initial=0
    )
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The certification body's administrators and assistance experts."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=MAX_SUMMARY_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cb_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = assisting_people(cb_id)
        self.fields["experts"].label_from_instance = lambda u: u.get_full_name() or u.username


class QuestionnaireForm(forms.Form):
    """level_<area> (radio 1–5, each with its description) and notes_<area> for every area."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in Area.values:
            self.fields[f"level_{area}"] = forms.TypedChoiceField(
                label=AREAS[area].title,
                choices=level_choices(area),
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"notes_{area}"] = forms.CharField(
                label=_("Notes"),
                required=False,
                max_length=MAX_NOTES_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_from(ratings) -> dict:
        initial = {}
        for rating in ratings:
            initial[f"level_{rating.area}"] = rating.level
            initial[f"notes_{rating.area}"] = rating.notes
        return initial

    def sections(self) -> list[dict]:
        """Per area in order: its guide and its two bound fields, for the template."""
        return [
            {
                "area": area,
                "guide": AREAS[area],
                "level": self[f"level_{area}"],
                "notes": self[f"notes_{area}"],
            }
            for area in Area.values
        ]

    def ratings(self) -> dict[str, dict]:
        return {
            area: {
                "level": self.cleaned_data.get(f"level_{area}"),
                "notes": self.cleaned_data.get(f"notes_{area}", ""),
            }
            for area in Area.values
        }


class PhotoForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    file = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=MAX_CAPTION_CHARS)
