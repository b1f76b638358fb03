"""Forms for objectives and their measurements (validation only; the services save)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.objectives.choices import Attainment, ObjectiveLevel
from qualift.objectives.models import Department, Employee, Objective, Position

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PREFILL = ("level", "department", "position", "employee", "parent")


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "name",
            "level",
            "department",
            "position",
            "employee",
            "parent",
            "owner",
            "unit",
            "direction",
            "target",
            "target_low",
            "target_high",
            "at_risk_margin",
            "baseline",
            "baseline_date",
            "frequency",
            "source",
            "rollup",
            "weight",
            "source_parameter",
            "starts_on",
            "ends_on",
            "description",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "baseline_date": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "target": _("For higher or lower is better."),
            "target_low": _("For a band: the lowest good value."),
            "target_high": _("For a band: the highest good value."),
            "rollup": _("Only when the data source is a roll-up of sub-objectives."),
            "source_parameter": _("Only for the Cpk data source."),
        }

    def __init__(self, *args, enterprise, prefill=None, **kwargs):
        super().__init__(*args, **kwargs)
        from qualift.process.models import Parameter

        own = {
            "department": Department.objects.filter(enterprise=enterprise, is_active=True),
            "position": Position.objects.filter(enterprise=enterprise, is_active=True),
            "employee": Employee.objects.filter(enterprise=enterprise, is_active=True),
            "owner": Employee.objects.filter(enterprise=enterprise, is_active=True),
            "parent": Objective.objects.filter(enterprise=enterprise, is_active=True),
            "source_parameter": Parameter.objects.filter(enterprise=enterprise),
        }
        if self.instance.pk:
            own["parent"] = own["parent"].exclude(pk=self.instance.pk)
        for name, qs in own.items():
            self.fields[name].queryset = qs
        if not self.instance.pk and not self.is_bound:
            if not self.initial.get("starts_on"):  # the blank instance puts None there
                self.initial["starts_on"] = timezone.localdate().replace(day=1)
            self._prefill(prefill or {})
        style_fields(self)

    def _prefill(self, params) -> None:
        """Values from the query string (?level=&department=&position=&employee=&parent=), kept
        only when they name this enterprise's own records."""
        level = params.get("level")
        if level in ObjectiveLevel.values:
            self.initial["level"] = level
        for name in PREFILL[1:]:
            raw = params.get(name)
            if raw and str(raw).isdigit():
                obj = self.fields[name].queryset.filter(pk=int(raw)).first()
                if obj is not None:
                    self.initial[name] = obj.pk
                    if name == "employee" and not self.initial.get("owner"):
                        self.initial["owner"] = obj.pk
                    if name == "parent":  # a sub-objective usually shares the parent's measure
                        for key in ("unit", "direction", "frequency"):
                            self.initial[key] = getattr(obj, key)


class MeasurementForm(forms.Form):
    day = forms.DateField(
        label=_("Any day of the period"),
        widget=DATE,
        help_text=_("The value is stored for the whole period (week, month, quarter, year)."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("day", timezone.localdate())
        style_fields(self)


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Why is it retired?"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ObjectiveFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Objective, holder, owner…")}),
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *ObjectiveLevel.choices]
    )
    attainment = forms.ChoiceField(
        label=_("Attainment"),
        required=False,
        choices=[("", _("Any attainment")), *Attainment.choices],
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=Employee.objects.none()
    )
    inactive = forms.BooleanField(label=_("Include retired"), required=False)

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Employee.objects.filter(enterprise=enterprise)
        self.fields["owner"].empty_label = _("Any owner")
        style_fields(self)
