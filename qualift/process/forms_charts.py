"""Forms for freezing limits, closing alarms and filtering alarms and the dashboard (validation
only; the services save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.process.choices import AlarmStatus, Health
from qualift.process.models import Parameter, Process


class FreezeLimitsForm(forms.Form):
    first_subgroup = forms.IntegerField(label=_("Phase I from subgroup"), min_value=1)
    last_subgroup = forms.IntegerField(label=_("Phase I to subgroup"), min_value=1)
    exclude_flagged = forms.BooleanField(
        label=_("Leave out points beyond the limits and re-estimate"), required=False
    )
    reason = forms.CharField(
        label=_("Why these limits"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. 25 subgroups after the new tooling, process stable, no special causes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_subgroup"), data.get("last_subgroup")
        if first and last and last < first:
            self.add_error("last_subgroup", _("The last subgroup must not be before the first."))
        return data


class AlarmCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why close it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. a measurement error, confirmed by re-measuring; or the cause removed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class AlarmFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *AlarmStatus.choices],
    )
    parameter = forms.ModelChoiceField(
        label=_("Parameter"),
        required=False,
        queryset=Parameter.objects.none(),
        empty_label=_("Any parameter"),
    )

    def __init__(self, *args, parameters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parameters is not None:
            self.fields["parameter"].queryset = parameters
        style_fields(self)


class DashboardFilterForm(forms.Form):
    process = forms.ModelChoiceField(
        label=_("Process"),
        required=False,
        queryset=Process.objects.none(),
        empty_label=_("Every key process"),
    )
    health = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any colour")), *Health.choices]
    )

    def __init__(self, *args, processes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if processes is not None:
            self.fields["process"].queryset = processes
        style_fields(self)
