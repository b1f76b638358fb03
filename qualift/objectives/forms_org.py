"""Forms for departments, positions and employees (validation only; the services save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.objectives.models import Department, Employee, Position
from qualift.objectives.org_templates import TEMPLATES
from qualift.tenancy.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _limit(form: forms.BaseForm, enterprise, names: dict[str, type]) -> None:
    """Choices only from this enterprise (and never the record itself)."""
    own = getattr(form.instance, "pk", None)
    for name, model in names.items():
        qs = model.objects.filter(enterprise=enterprise)
        if own and model is type(form.instance):
            qs = qs.exclude(pk=own)
        form.fields[name].queryset = qs


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "parent", "sequence", "is_active"]

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, enterprise, {"parent": Department})
        style_fields(self)


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "title",
            "department",
            "reports_to",
            "is_top_management",
            "responsibilities",
            "authorities",
            "sequence",
            "is_active",
        ]
        widgets = {
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "authorities": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "responsibilities": _("What this job must get done, in plain words."),
            "authorities": _("What this job may decide or stop without asking."),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, enterprise, {"department": Department, "reports_to": Position})
        style_fields(self)


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "name",
            "position",
            "department",
            "manager",
            "start_date",
            "phone",
            "email",
            "user",
            "is_active",
        ]
        widgets = {"start_date": DATE}
        help_texts = {"department": _("Leave empty to use the position's department.")}

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(
            self, enterprise, {"position": Position, "department": Department, "manager": Employee}
        )
        self.fields["user"].queryset = User.objects.filter(
            memberships__organization_id=enterprise.organization_id, memberships__is_active=True
        ).order_by("username")
        style_fields(self)


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, phone, e-mail, position…")}),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), required=False, queryset=Department.objects.none()
    )
    position = forms.ModelChoiceField(
        label=_("Position"), required=False, queryset=Position.objects.none()
    )
    status = forms.ChoiceField(
        label=_("Employed"),
        required=False,
        choices=[("", _("Employed")), ("left", _("Left")), ("all", _("Everyone"))],
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(enterprise=enterprise)
        self.fields["position"].queryset = Position.objects.filter(enterprise=enterprise)
        self.fields["department"].empty_label = _("All departments")
        self.fields["position"].empty_label = _("All positions")
        style_fields(self)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class OrgTemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Industry template"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.key, t.key) for t in TEMPLATES.values()]
