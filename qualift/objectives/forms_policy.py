"""Quality policy forms (input only; the services check the rules and save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.objectives.choices import CommunicationMethod
from qualift.objectives.models import Employee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEANINGS = (
    _("Approved and issued by top management"),
    _("Approved for communication to all employees"),
    _("Reviewed and confirmed, no change"),
)


class PolicyDraftForm(forms.Form):
    text = forms.CharField(
        label=_("Quality policy"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "A few short sentences everyone can remember: what you promise your customers, "
            "that you meet requirements, and that you keep improving."
        ),
    )
    change_summary = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the version history, e.g. added the commitment to on-time delivery."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class PolicyApproveForm(forms.Form):
    approved_by_name = forms.CharField(
        label=_("Approved by"),
        max_length=100,
        help_text=_("Name and position, as signed, e.g. Wang Li, general manager."),
    )
    meaning = forms.CharField(
        label=_("Meaning of the approval"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "approval-meanings"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class PolicyCommunicateForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=CommunicationMethod.choices)
    communicated_on = forms.DateField(label=_("When"), widget=DATE)
    audience = forms.CharField(
        label=_("To whom"),
        required=False,
        max_length=300,
        help_text=_("e.g. all production staff, the morning shift, new employees."),
    )
    employees = forms.ModelMultipleChoiceField(
        label=_("Employees"),
        required=False,
        queryset=Employee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Optional: the people who were there (hold Ctrl to choose several)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = Employee.objects.filter(
            enterprise=enterprise, is_active=True
        ).order_by("name")
        style_fields(self)
