"""Forms for the process map and its registers (validation only; the services save).

Model forms run the model's clean(), so a chart that does not fit the parameter's kind or
subgroup size is reported beside the field before the service is called."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.documents.models import ControlledDocument
from qualift.process.models import ControlPoint, Equipment, Gauge, Parameter, Process

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 2}


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class ProcessForm(forms.ModelForm):
    """What the process is, who owns it, what goes in and out, and the six factors."""

    class Meta:
        model = Process
        fields = [
            "code",
            "name",
            "is_key",
            "sequence",
            "owner_name",
            "owner",
            "description",
            "inputs",
            "outputs",
            "factor_people",
            "factor_machine",
            "factor_material",
            "factor_method",
            "factor_environment",
            "factor_measurement",
            "is_active",
        ]
        widgets = {
            name: forms.Textarea(attrs=TEXT)
            for name in (
                "description",
                "inputs",
                "outputs",
                "factor_people",
                "factor_machine",
                "factor_material",
                "factor_method",
                "factor_environment",
                "factor_measurement",
            )
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organization_id=enterprise.organization_id,
                memberships__is_active=True,
            )
            .order_by("username")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["owner_name"].help_text = _("Name or position, e.g. workshop head.")
        style_fields(self)


class ControlPointForm(forms.ModelForm):
    class Meta:
        model = ControlPoint
        fields = ["name", "location", "sequence", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


# The parameter form's groups, in order (the template renders one card section per group).
PARAMETER_GROUPS = (
    (_("What is measured"), ("name", "kind", "unit", "sequence", "is_active")),
    (_("Specification"), ("target", "lsl", "usl")),
    (
        _("Sampling and measurement"),
        ("subgroup_size", "sample_size", "frequency", "gauge", "method"),
    ),
    (
        _("Chart and rules"),
        ("chart_type", "rules", "ewma_lambda", "ewma_l", "cusum_k", "cusum_h"),
    ),
    (_("Reaction"), ("reaction_plan", "alarm_mode")),
)


class ParameterForm(forms.ModelForm):
    class Meta:
        model = Parameter
        fields = [name for _title, names in PARAMETER_GROUPS for name in names]
        widgets = {
            "method": forms.Textarea(attrs={"rows": 2}),
            "reaction_plan": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "lsl": _("Leave empty for a one-sided specification."),
            "usl": _("Leave empty for a one-sided specification."),
            "ewma_lambda": _("Weight of the newest point, 0 < λ ≤ 1 (default 0.2)."),
            "ewma_l": _("Width of the limits in sigmas (default 3)."),
            "cusum_k": _("Allowance in sigmas (default 0.5)."),
            "cusum_h": _("Decision interval in sigmas (default 4)."),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.gauge_id if self.instance else None
        gauges = Gauge.objects.filter(enterprise=enterprise)
        self.fields["gauge"].queryset = (
            gauges.filter(is_active=True) | gauges.filter(pk=current)
        ).order_by("code")
        self.fields["rules"].widget = forms.TextInput(attrs={"list": "rule-sets"})
        style_fields(self)

    def groups(self):
        """[(title, [bound fields])] for the template."""
        return [(title, [self[name] for name in names]) for title, names in PARAMETER_GROUPS]


class GaugeForm(forms.ModelForm):
    class Meta:
        model = Gauge
        fields = [
            "code",
            "name",
            "kind",
            "measuring_range",
            "resolution",
            "location",
            "last_calibrated_on",
            "calibration_interval_months",
            "calibration_due",
            "certificate_ref",
            "is_active",
        ]
        widgets = {"last_calibrated_on": DATE, "calibration_due": DATE}
        help_texts = {
            "calibration_due": _(
                "Left as it is, it is computed from the last calibration and the interval."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_last_calibrated_on(self):
        return _not_future(self.cleaned_data["last_calibrated_on"])


class GaugeCalibrationForm(forms.Form):
    calibrated_on = forms.DateField(label=_("Calibrated on"), widget=DATE)
    certificate_ref = forms.CharField(
        label=_("Calibration certificate"), max_length=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calibrated_on"].initial = timezone.localdate()
        style_fields(self)

    def clean_calibrated_on(self):
        return _not_future(self.cleaned_data["calibrated_on"])


class EquipmentForm(forms.ModelForm):
    class Meta:
        model = Equipment
        fields = [
            "code",
            "name",
            "model_number",
            "location",
            "process",
            "operating_instruction",
            "instruction_document",
            "last_maintained_on",
            "maintenance_interval_days",
            "next_maintenance_on",
            "is_active",
        ]
        widgets = {
            "last_maintained_on": DATE,
            "next_maintenance_on": DATE,
            "operating_instruction": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "next_maintenance_on": _(
                "Left as it is, it is computed from the last maintenance and the interval."
            ),
            "instruction_document": _("Optional: the controlled document with the instruction."),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(enterprise=enterprise).order_by(
            "sequence", "code"
        )
        current = self.instance.instruction_document_id if self.instance else None
        documents = ControlledDocument.objects.filter(enterprise=enterprise)
        self.fields["instruction_document"].queryset = (
            documents.filter(is_withdrawn=False) | documents.filter(pk=current)
        ).order_by("code")
        style_fields(self)

    def clean_last_maintained_on(self):
        return _not_future(self.cleaned_data["last_maintained_on"])


class MaintenanceForm(forms.Form):
    maintained_on = forms.DateField(label=_("Maintained on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maintained_on"].initial = timezone.localdate()
        style_fields(self)

    def clean_maintained_on(self):
        return _not_future(self.cleaned_data["maintained_on"])


class _Filter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    inactive = forms.BooleanField(label=_("Show inactive"), required=False)

    placeholder = _("Search…")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = self.placeholder
        self.fields["q"].widget.attrs["aria-label"] = _("Search")
        style_fields(self)


class ProcessFilterForm(_Filter):
    key_only = forms.BooleanField(label=_("Key processes only"), required=False)
    placeholder = _("Process, control point, parameter…")


class GaugeFilterForm(_Filter):
    overdue = forms.BooleanField(label=_("Calibration overdue only"), required=False)
    placeholder = _("Code, name, type, location…")


class EquipmentFilterForm(_Filter):
    overdue = forms.BooleanField(label=_("Maintenance overdue only"), required=False)
    process = forms.ModelChoiceField(
        label=_("Process"), required=False, queryset=Process.objects.none()
    )
    placeholder = _("Code, name, model, location…")

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(enterprise=enterprise).order_by(
            "sequence", "code"
        )
        self.fields["process"].empty_label = _("All processes")
