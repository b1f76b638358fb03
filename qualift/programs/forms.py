"""Program, ledger and policy forms (validation only; services save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.enterprises.models import Enterprise
from qualift.programs.choices import LedgerStatus, PolicyKind
from qualift.programs.models import IncentivePolicy, Program
from qualift.tenancy.models import Organization, Region


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "name",
            "name_en",
            "start",
            "end",
            "regions",
            "participating_cbs",
            "target_enterprises",
            "target_person_trainings",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "regions": forms.SelectMultiple(attrs={"size": 6}),
            "participating_cbs": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participating_cbs"].queryset = Organization.objects.filter(
            kind="certification_body", is_active=True
        )
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data


class LedgerEntryForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    cb = forms.ModelChoiceField(
        label=_("Assigned certification body"), queryset=Organization.objects.none()
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, enterprises=None, cbs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = (
            enterprises if enterprises is not None else Enterprise.objects.none()
        )
        self.fields["cb"].queryset = cbs if cbs is not None else Organization.objects.none()
        style_fields(self)


class LedgerFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Enterprise name or USCC…")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + list(LedgerStatus.choices),
    )
    cb = forms.ModelChoiceField(
        label=_("Certification body"),
        required=False,
        queryset=Organization.objects.filter(kind="certification_body"),
    )

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is not None:
            self.fields["cb"].queryset = program.participating_cbs.all()
        self.fields["cb"].empty_label = _("All certification bodies")
        style_fields(self)


class LedgerMoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=LedgerStatus.choices)
    note = forms.CharField(label=_("Note"), required=False)


class PolicyForm(forms.ModelForm):
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = IncentivePolicy
        fields = ["title", "region", "kind", "valid_from", "valid_to", "link", "summary"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            self.add_error("valid_to", _("The end date cannot be before the start date."))
        return data


class PolicyFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title or summary…")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds"))] + list(PolicyKind.choices)
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("All regions")
        style_fields(self)
