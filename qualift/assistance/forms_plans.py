"""Plan forms (input only; qualift.assistance.services.plans checks the rules and saves)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import IndicatorDirection, MeasureKind, MeasureStatus
from qualift.assistance.models import AssistanceIssue, Measure
from qualift.core.forms import style_fields

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEANINGS = {
    "cb": (
        _("Agreed for the certification body: we will provide the assistance in this plan"),
        _("Reviewed and agreed on behalf of the certification body"),
    ),
    "enterprise": (
        _("Agreed for the enterprise: we will carry out the measures in this plan"),
        _("Reviewed and agreed by the enterprise's top management"),
    ),
}


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class PointChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} · {obj.get_area_display()}"


def _members(org_id: int):
    return (
        get_user_model()
        .objects.filter(memberships__organization_id=org_id, memberships__is_active=True)
        .order_by("username")
        .distinct()
    )


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    approach = forms.CharField(
        label=_("Approach"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the CB and the enterprise will work together, in a few sentences."),
    )
    points = PointChoiceField(
        label=_("Assistance points"),
        required=False,
        queryset=AssistanceIssue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The issues chosen from the ranking; the plan's measures address them."),
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = AssistanceIssue.objects.filter(
            diagnosis__ledger_entry_id=entry.pk
        ).order_by("-is_point", "pk")
        style_fields(self, skip=("points",))


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    issue = forms.ModelChoiceField(
        label=_("Assistance point"), required=False, queryset=AssistanceIssue.objects.none()
    )
    cb_owner = UserChoiceField(label=_("CB owner"), queryset=get_user_model().objects.none())
    enterprise_owner = UserChoiceField(
        label=_("Enterprise owner"), queryset=get_user_model().objects.none()
    )
    starts_on = forms.DateField(label=_("Start"), widget=DATE)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    resources = forms.CharField(
        label=_("Resources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("People, money, equipment or time each side commits."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = plan.points.order_by("pk")
        self.fields["cb_owner"].queryset = _members(plan.cb_id)
        self.fields["enterprise_owner"].queryset = _members(plan.enterprise.organization_id)
        style_fields(self)


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    measure = forms.ModelChoiceField(
        label=_("Measure"), required=False, queryset=Measure.objects.none()
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    acceptance_criteria = forms.CharField(
        label=_("Acceptance criteria"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How both sides will know it is achieved, e.g. the procedure is issued."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = plan.measures.all()
        style_fields(self)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=16, decimal_places=4)
    baseline_on = forms.DateField(label=_("Baseline date"), widget=DATE)
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=4)
    direction = forms.ChoiceField(label=_("Direction of good"), choices=IndicatorDirection.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class MilestoneAchieveForm(forms.Form):
    day = forms.DateField(label=_("Achieved on"), widget=DATE)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What shows the acceptance criteria are met (document numbers, records)."),
    )
    file = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class PlanSignForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Name and position, as signed, e.g. Wang Li, general manager."),
    )
    meaning = forms.CharField(
        label=_("Meaning of the signature"),
        max_length=300,
        widget=forms.TextInput(attrs={"list": "sign-meanings"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class PlanReviseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the agreed plan changes; both sides sign the new revision."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
