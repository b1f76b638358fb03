"""Suggestion and incentive forms (input only; the services check the rules and save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.objectives.models import Employee
from qualift.objectives.services.suggestions import (
    MAX_DESCRIPTION_CHARS,
    MAX_LEDGER_NOTE_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_POINTS,
    MAX_TITLE_CHARS,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [(n, str(n)) for n in range(1, 6)]
MONEY = {"max_digits": 12, "decimal_places": 2}


def _employees(enterprise):
    return Employee.objects.filter(enterprise=enterprise, is_active=True).order_by("name")


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    description = forms.CharField(
        label=_("Suggestion"),
        max_length=MAX_DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What should change, and what it would improve."),
    )
    employee = forms.ModelChoiceField(
        label=_("Suggested by"),
        queryset=Employee.objects.none(),
        required=False,
        help_text=_("Leave empty for an anonymous suggestion (it earns no points)."),
    )
    submitter_name = forms.CharField(
        label=_("Name given"), max_length=MAX_NAME_CHARS, required=False
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _employees(enterprise)
        style_fields(self)


class PublicSuggestionForm(forms.Form):
    """The no-login form behind the public link: no employee list, a honeypot field."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    description = forms.CharField(
        label=_("Your suggestion"),
        max_length=MAX_DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What should change, and what it would improve."),
    )
    submitter_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=MAX_NAME_CHARS,
        required=False,
        help_text=_("Leave empty to stay anonymous."),
    )
    # Humans never see this field; a bot that fills it in is ignored.
    website = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class EvaluateForm(forms.Form):
    benefit = forms.TypedChoiceField(label=_("Benefit"), choices=SCORES, coerce=int)
    cost = forms.TypedChoiceField(label=_("Cost (5 = cheapest)"), choices=SCORES, coerce=int)
    feasibility = forms.TypedChoiceField(label=_("Feasibility"), choices=SCORES, coerce=int)
    note = forms.CharField(
        label=_("Evaluation"),
        required=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", _("Decline"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The submitter is told why."),
    )
    day = forms.DateField(label=_("Decided on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ImplementForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    day = forms.DateField(label=_("Implemented on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class RewardForm(forms.Form):
    points = forms.IntegerField(
        label=_("Extra points"), min_value=0, max_value=MAX_POINTS, initial=0
    )
    amount = forms.DecimalField(label=_("Extra money"), min_value=0, initial=0, **MONEY)
    note = forms.CharField(
        label=_("Recognition"),
        required=False,
        max_length=MAX_LEDGER_NOTE_CHARS,
        help_text=_("E.g. best suggestion of the month, announced at the quality meeting."),
    )
    day = forms.DateField(label=_("Rewarded on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class SchemeForm(forms.Form):
    points_submitted = forms.IntegerField(
        label=_("Points for a suggestion"), min_value=0, max_value=MAX_POINTS
    )
    points_accepted = forms.IntegerField(
        label=_("Points when accepted"), min_value=0, max_value=MAX_POINTS
    )
    points_implemented = forms.IntegerField(
        label=_("Points when implemented"), min_value=0, max_value=MAX_POINTS
    )
    money_accepted = forms.DecimalField(label=_("Money when accepted"), min_value=0, **MONEY)
    money_implemented = forms.DecimalField(label=_("Money when implemented"), min_value=0, **MONEY)
    currency = forms.CharField(label=_("Currency"), max_length=8)
    recognition = forms.CharField(
        label=_("Recognition"),
        required=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the month's best suggestion is announced at the quality meeting."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class AdjustForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    points = forms.IntegerField(
        label=_("Points (+/−)"), min_value=-MAX_POINTS, max_value=MAX_POINTS, initial=0
    )
    amount = forms.DecimalField(label=_("Money (+/−)"), initial=0, **MONEY)
    note = forms.CharField(label=_("Reason"), max_length=MAX_LEDGER_NOTE_CHARS)

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = Employee.objects.filter(enterprise=enterprise).order_by(
            "name"
        )
        style_fields(self)
