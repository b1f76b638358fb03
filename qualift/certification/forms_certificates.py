"""Forms: the certification decision, a certificate's status change and restoration, the public
lookup."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import CertificateStatus, DecisionOutcome, StatusReason
from qualift.certification.services import certificates as services
from qualift.certification.services.decisions import MAX_REASONS_CHARS

TEXTAREA = {"rows": 4, "class": "form-control"}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=MAX_REASONS_CHARS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )


class CertificateStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.ChoiceField(label=_("Reason"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=services.MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        targets = services.TRANSITIONS.get(current, ())
        self.fields["to_status"].choices = [
            (value, label) for value, label in CertificateStatus.choices if value in targets
        ]
        reasons = {r for t in targets for r in services.REASONS[t]}
        self.fields["reason"].choices = [
            (value, label) for value, label in StatusReason.choices if value in reasons
        ]
        for name in ("to_status", "reason"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-lg"


class RestoreForm(forms.Form):
    note = forms.CharField(
        label=_("What was completed"),
        max_length=services.MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg", "autofocus": True}),
    )
