"""Audit planning forms (input only; services.audits checks the rules and saves)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import TeamRole
from qualift.certification.scoping import certifying_people
from qualift.certification.services.audits import MAX_TEXT_CHARS
from qualift.core.forms import style_fields
from qualift.enterprises.models import Site
from qualift.standards.choices import TemplatePurpose
from qualift.standards.models import ChecklistTemplate
from qualift.standards.selectors import templates_for_organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _person(user) -> str:
    return user.get_full_name() or user.username


class AuditForm(forms.Form):
    start_on = forms.DateField(label=_("First day"), widget=DATE, required=False)
    end_on = forms.DateField(label=_("Last day"), widget=DATE, required=False)
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites audited"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = forms.CharField(
        label=_("Audit objectives"),
        max_length=MAX_TEXT_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    criteria = forms.CharField(
        label=_("Audit criteria"),
        max_length=MAX_TEXT_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    template = forms.ModelChoiceField(
        label=_("Checklist"),
        queryset=ChecklistTemplate.objects.none(),
        required=False,
        empty_label=_("The default checklist"),
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.filter(enterprise_id=audit.enterprise_id)
        self.fields["template"].queryset = templates_for_organization(
            audit.cb_id, TemplatePurpose.CERTIFICATION
        )
        style_fields(self, skip=("sites",))


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=certifying_people(0))
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    days = forms.DecimalField(
        label=_("Days"), min_value=0, max_value=99, decimal_places=1, max_digits=3, initial=1
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        on_team = audit.team.values("user_id")
        self.fields["user"].queryset = certifying_people(audit.cb_id).exclude(pk__in=on_team)
        self.fields["user"].label_from_instance = _person
        style_fields(self)


class ScheduleItemForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    starts_at = forms.TimeField(label=_("From"), widget=TIME)
    ends_at = forms.TimeField(label=_("To"), widget=TIME)
    activity = forms.CharField(label=_("Activity or process"), max_length=200)
    clauses = forms.CharField(
        label=_("Clauses"),
        max_length=200,
        required=False,
        help_text=_("Pick the main clauses below or type them, e.g. 7.1.5, 8.5."),
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    auditor = forms.ModelChoiceField(
        label=_("Auditor"), queryset=certifying_people(0), required=False
    )
    auditee = forms.CharField(label=_("Auditee"), max_length=200, required=False)

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        from qualift.tenancy.models import User

        self.fields["site"].queryset = Site.objects.filter(enterprise_id=audit.enterprise_id)
        self.fields["auditor"].queryset = User.objects.filter(
            pk__in=audit.team.values("user_id")
        ).order_by("username")
        self.fields["auditor"].label_from_instance = _person
        style_fields(self)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
