"""Visit form (input only; services.visits checks the rules and saves)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import Mode
from qualift.assistance.scoping import assisting_people
from qualift.assistance.services.visits import MAX_TEXT_CHARS
from qualift.core.forms import style_fields

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the visit"), widget=DATE)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.ON_SITE)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_value=24, decimal_places=1, max_digits=3, initial=0
    )
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts who took part"),
        queryset=assisting_people(0),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each is recorded as having assisted the enterprise on that day."),
    )
    activities = forms.CharField(
        label=_("What was done"),
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    next_steps = forms.CharField(
        label=_("Agreed next steps"),
        max_length=MAX_TEXT_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cb_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = assisting_people(cb_id)
        self.fields["experts"].label_from_instance = lambda u: u.get_full_name() or u.username
        style_fields(self, skip=("experts",))
