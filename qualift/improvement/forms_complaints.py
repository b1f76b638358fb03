"""Forms for customer complaints (validation only; the services save)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.improvement.choices import ComplaintSeverity, ComplaintStatus
from qualift.improvement.models import Complaint

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class ComplaintForm(forms.ModelForm):
    """Who complained, about what, when, and how bad it is: five fields."""

    class Meta:
        model = Complaint
        fields = ["customer", "product", "received_on", "severity", "description"]
        widgets = {"received_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        style_fields(self)

    def clean_received_on(self):
        return _not_future(self.cleaned_data["received_on"])


class ComplaintResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Response to the customer"), widget=forms.Textarea(attrs={"rows": 3})
    )
    responded_on = forms.DateField(label=_("Responded on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responded_on"].initial = timezone.localdate()
        style_fields(self)

    def clean_responded_on(self):
        return _not_future(self.cleaned_data["responded_on"])


class ComplaintFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Number, customer, product…")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ComplaintStatus.choices],
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("All severities")), *ComplaintSeverity.choices],
    )
    start = forms.DateField(label=_("Received from"), required=False, widget=DATE)
    end = forms.DateField(label=_("Received until"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
        for name in ("start", "end"):
            self.fields[name].widget.attrs["aria-label"] = self.fields[name].label
            self.fields[name].widget.attrs["title"] = self.fields[name].label
