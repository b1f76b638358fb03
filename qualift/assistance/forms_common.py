"""The common-problem form (input only; services.common checks reach and dates, and saves)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.assistance.access import reach_entries
from qualift.assistance.choices import Area, MeasureKind
from qualift.assistance.common import division_choices
from qualift.core.forms import style_fields
from qualift.enterprises.models import Enterprise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommonIssueForm(forms.Form):
    gbt4754_division = forms.ChoiceField(label=_("Industry (GB/T 4754 division)"))
    area = forms.ChoiceField(label=_("Focus area"), choices=Area.choices)
    title = forms.CharField(label=_("Common problem"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    measure_kind = forms.ChoiceField(label=_("Group measure kind"), choices=MeasureKind.choices)
    measure_title = forms.CharField(
        label=_("Group measure"),
        max_length=200,
        help_text=_("For example a shared training day or a common guideline."),
    )
    starts_on = forms.DateField(label=_("Start"), widget=DATE)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    enterprises = forms.ModelMultipleChoiceField(
        label=_("Enterprises affected"),
        queryset=Enterprise.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The group measure is attached to each one's plan in this program."),
    )

    def __init__(self, *args, program, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gbt4754_division"].choices = [("", "—"), *division_choices()]
        self.fields["enterprises"].queryset = Enterprise.objects.filter(
            pk__in=reach_entries(program, user).values("enterprise_id")
        ).order_by("name")
        style_fields(self, skip=("enterprises",))
