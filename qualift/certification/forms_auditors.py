"""Auditor register forms (input only; services.auditors checks membership and dates, saves)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.certification.models import AuditorCode, AuditorProfile, TrainingRecord
from qualift.core.forms import style_fields
from qualift.enterprises.models import IafCode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditorForm(forms.ModelForm):
    class Meta:
        model = AuditorProfile
        fields = ["grade", "registration_no", "is_active", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cbs=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:  # creating: choose the CB (when several) and the person
            self.fields["cb"] = forms.ModelChoiceField(
                label=_("Certification body"), queryset=cbs, empty_label=None
            )
            self.fields["user"] = forms.ModelChoiceField(
                label=_("Person"),
                queryset=people,
                help_text=_("Active administrators and auditors of the CB."),
            )
            self.order_fields(["cb", "user"])
            if cbs.count() == 1:
                self.fields["cb"].widget = forms.HiddenInput()
                self.fields["cb"].initial = cbs.first().pk
        style_fields(self)


class AuditorCodeForm(forms.ModelForm):
    class Meta:
        model = AuditorCode
        fields = ["iaf_code", "valid_from", "valid_until"]
        widgets = {"valid_from": DATE, "valid_until": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iaf_code"].queryset = IafCode.objects.order_by("code")
        style_fields(self)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["title", "provider", "completed_on", "hours", "certificate_no"]
        widgets = {"completed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
