"""Forms for readings: the shop-floor entry form (one subgroup), the list filter, the upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.process.choices import ChartType
from qualift.process.models import Gauge, Parameter

BIG = "form-control form-control-lg"
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class GaugeSelect(forms.Select):
    """Marks overdue gauges (data-overdue) so the page can show the badge for the chosen one."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        gauge = getattr(value, "instance", None)
        if isinstance(gauge, Gauge) and gauge.calibration_overdue():
            option["attrs"]["data-overdue"] = "1"
        return option


class GaugeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Gauge) -> str:
        label = f"{obj.code} {obj.name}"
        if obj.calibration_overdue():
            label += " — " + str(_("calibration overdue"))
        return label


class ReadingEntryForm(forms.Form):
    """One subgroup: n values (variables) or a count out of a sample (attributes), with the
    operator, gauge, note and, optionally, when it was taken (default: now)."""

    operator = forms.CharField(label=_("Operator"), max_length=100, required=False)
    gauge = GaugeChoiceField(
        label=_("Gauge"), queryset=Gauge.objects.none(), required=False, widget=GaugeSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    taken_at = forms.DateTimeField(
        label=_("Taken at"),
        required=False,
        input_formats=TIME_FORMATS,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, parameter: Parameter, *args, gauges=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parameter = parameter
        if gauges is not None:
            self.fields["gauge"].queryset = gauges
        self.value_names: list[str] = []
        if parameter.is_attribute:
            self.fields["count"] = forms.IntegerField(
                label=_("Count (defects or defectives)"), min_value=0, max_value=2**31 - 1
            )
            self.fields["sample_size"] = forms.IntegerField(
                label=_("Sample size"),
                min_value=1,
                max_value=2**31 - 1,
                required=parameter.chart_type in (ChartType.P, ChartType.NP, ChartType.U)
                and not parameter.sample_size,
                initial=parameter.sample_size,
            )
            for name in ("count", "sample_size"):
                self.fields[name].widget = forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off"}
                )
        else:
            n = self.subgroup_size
            for i in range(1, n + 1):
                name = f"value_{i}"
                label = _("Value") if n == 1 else _("Value %(i)d") % {"i": i}
                self.fields[name] = forms.FloatField(
                    label=label,
                    required=n == 1,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
                self.value_names.append(name)
        # The measured inputs come first in the form (and in the Enter-to-next order).
        measured = self.value_names or ["count", "sample_size"]
        order = [*measured, "operator", "gauge", "note", "taken_at"]
        self.order_fields(order)
        style_fields(self)
        for name in measured:
            # data-entry: Enter moves to the next of these inputs and submits on the last.
            self.fields[name].widget.attrs.update({"class": BIG, "data-entry": "1"})
        first = measured[0]
        self.fields[first].widget.attrs["autofocus"] = True
        self.fields["gauge"].widget.attrs["class"] = "form-select form-select-lg"
        self.fields["operator"].widget.attrs.update(autocomplete="off", **{"class": BIG})

    @property
    def subgroup_size(self) -> int:
        p = self.parameter
        grouped = p.chart_type != ChartType.IMR and (p.subgroup_size or 1) > 1
        return p.subgroup_size if grouped else 1

    @property
    def measured_fields(self):
        names = self.value_names or ["count", "sample_size"]
        return [self[name] for name in names]

    @property
    def other_fields(self):
        return [self[name] for name in ("operator", "gauge", "note", "taken_at")]

    def clean(self):
        data = super().clean()
        if self.value_names and len(self.value_names) > 1:
            filled = [data.get(n) for n in self.value_names if data.get(n) is not None]
            if len(filled) < 2 and not any(n in self.errors for n in self.value_names):
                raise forms.ValidationError(
                    _("Enter the subgroup's %(n)d values (at least 2).")
                    % {"n": len(self.value_names)}
                )
        return data

    @property
    def values(self) -> list[float]:
        return [
            self.cleaned_data[n] for n in self.value_names if self.cleaned_data.get(n) is not None
        ]


class ReadingFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(label=_("Only readings with an overdue gauge"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"
        self.fields["start"].widget.attrs["aria-label"] = _("From")
        self.fields["end"].widget.attrs["aria-label"] = _("To")


class ReadingImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )
