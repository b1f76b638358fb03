"""Forms for cycles, extra audits, the CB policy and proposals (input only; the services in
services/cycles.py, services/policy.py and services/proposals.py check the rules and save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import (
    AuditKind,
    CycleStatus,
    RuleSetCode,
    Stage1Share,
)
from qualift.certification.services.cycles import ADDABLE_KINDS, MAX_SCOPE_CHARS
from qualift.certification.services.proposals import MAX_NOTE_CHARS
from qualift.core.forms import style_fields
from qualift.enterprises.models import Engagement, IafCode, Site

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CycleForm(forms.Form):
    engagement = forms.ModelChoiceField(
        label=_("Client (certification engagement)"), queryset=Engagement.objects.none()
    )
    applied_on = forms.DateField(label=_("Application date"), widget=DATE)
    scope_text = forms.CharField(
        label=_("Scope of certification"),
        max_length=MAX_SCOPE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    iaf_codes = forms.ModelMultipleChoiceField(
        label=_("IAF scope codes"),
        queryset=IafCode.objects.all(),
        required=False,
        help_text=_("Left empty: the enterprise's codes."),
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"), queryset=Site.objects.none(), required=False
    )
    employees = forms.IntegerField(label=_("Full-time staff in scope"), min_value=1)
    part_time_fte = forms.DecimalField(
        label=_("Part-time staff (full-time equivalents)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=0,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, engagements=None, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        if engagements is None:
            del self.fields["engagement"]
            self.fields["sites"].queryset = Site.objects.filter(enterprise=enterprise)
        else:
            self.fields["engagement"].queryset = engagements
            self.fields["sites"].queryset = Site.objects.filter(
                enterprise__in=engagements.values("enterprise_id")
            ).select_related("enterprise")
        style_fields(self)


class AuditAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Audit"),
        choices=[(k.value, k.label) for k in ADDABLE_KINDS],
        initial=AuditKind.SPECIAL,
    )
    due_by = forms.DateField(
        label=_("Due by"),
        widget=DATE,
        required=False,
        help_text=_("A special audit left empty is due within the rule set's days."),
    )
    start_on = forms.DateField(label=_("First day"), widget=DATE, required=False)
    end_on = forms.DateField(label=_("Last day"), widget=DATE, required=False)
    objectives = forms.CharField(
        label=_("Audit objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class PolicyForm(forms.Form):
    rule_set = forms.ChoiceField(label=_("Rule set"), choices=RuleSetCode.choices)
    response_days = forms.IntegerField(
        label=_("Days for the client to respond to a nonconformity"), min_value=1, max_value=365
    )
    stage1_share = forms.ChoiceField(
        label=_("Stage 1 share of the initial audit time"), choices=Stage1Share.choices
    )
    certificate_prefix = forms.CharField(
        label=_("Certificate number prefix"), max_length=20, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ProposalDecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("dismiss", _("Dismiss"))], label=_("Decision")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_NOTE_CHARS)


class CycleFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *CycleStatus.choices], required=False
    )
    rule_set = forms.ChoiceField(
        label=_("Rule set"), choices=[("", _("Any rule set")), *RuleSetCode.choices], required=False
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
