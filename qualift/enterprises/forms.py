"""Enterprise, site and engagement forms (validation only; saving goes through services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.enterprises.choices import EngagementKind, MiitIndustry, SizeClass
from qualift.enterprises.models import Engagement, Enterprise, IafCode, Site
from qualift.enterprises.reference_data import GBT4754_DIVISIONS
from qualift.enterprises.uscc import check_uscc
from qualift.tenancy.models import Region


def division_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (code, f"{code} {name_en} / {name_zh}")
        for _section, code, name_en, name_zh in GBT4754_DIVISIONS
    ]


class EnterpriseForm(forms.ModelForm):
    """The enterprise profile, as a quality steward or a CB's expert fills it in."""

    gbt4754_division = forms.ChoiceField(
        label=_("GB/T 4754 division"), required=False, choices=division_choices
    )
    engagement_kind = forms.ChoiceField(
        label=_("Our engagement"),
        choices=EngagementKind.choices,
        initial=EngagementKind.ASSISTANCE,
        required=False,
        help_text=_("Registering an enterprise as a CB opens this engagement with it."),
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "name_en",
            "uscc",
            "region",
            "address",
            "miit_industry",
            "gbt4754_division",
            "iaf_codes",
            "employees",
            "revenue",
            "total_assets",
            "legal_representative",
            "steward_name",
            "steward_phone",
            "steward_email",
        ]
        widgets = {
            "iaf_codes": forms.SelectMultiple(attrs={"size": 6}),
            "uscc": forms.TextInput(
                attrs={
                    "maxlength": 18,
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "style": "text-transform: uppercase",
                }
            ),
        }

    def __init__(self, *args, show_engagement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_engagement:
            del self.fields["engagement_kind"]
        style_fields(self)

    def clean_uscc(self) -> str:
        return check_uscc(self.cleaned_data["uscc"]).code

    def clean(self):
        data = super().clean()
        for name in ("revenue", "total_assets"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Cannot be negative."))
        return data


class EnterpriseFilterForm(forms.Form):
    """The enterprise list's search and filters."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, USCC or address…")}),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    industry = forms.TypedChoiceField(
        label=_("Industry"),
        choices=[("", _("All industries"))] + list(MiitIndustry.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    iaf = forms.ModelChoiceField(
        label=_("IAF code"), queryset=IafCode.objects.all(), required=False
    )
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", _("All sizes"))] + list(SizeClass.choices), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("All regions")
        self.fields["iaf"].empty_label = _("All IAF codes")
        style_fields(self)


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "region", "employees", "is_main"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["kind", "start", "end", "note"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )
