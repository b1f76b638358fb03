"""Forms for nonconformities, root cause analysis and actions (validation only)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.improvement.choices import (
    ActionKind,
    ActionStatus,
    CauseCategory,
    NcSeverity,
    NcSource,
    NcStatus,
)
from qualift.improvement.models import CorrectiveAction, Nonconformity
from qualift.standards.models import Clause
from qualift.tenancy.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NonconformityForm(forms.ModelForm):
    """What went wrong, where and when — short enough to fill in on the shop floor."""

    class Meta:
        model = Nonconformity
        fields = [
            "title",
            "description",
            "source",
            "detected_on",
            "detected_by",
            "location",
            "product",
            "process_name",
            "clause",
            "severity",
            "quantity_affected",
            "quantity_unit",
            "containment",
            "correction",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "containment": forms.Textarea(attrs={"rows": 2}),
            "correction": forms.Textarea(attrs={"rows": 2}),
            "detected_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = Clause.objects.all()
        self.fields["detected_on"].initial = timezone.localdate()
        style_fields(self)

    def clean_detected_on(self):
        value = self.cleaned_data["detected_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A nonconformity cannot be detected in the future."))
        return value

    def clean_quantity_affected(self):
        value = self.cleaned_data.get("quantity_affected")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Cannot be negative."))
        return value


class NcFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Number, title, product or process…")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("open", _("Open"))] + list(NcStatus.choices),
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All sources"))] + list(NcSource.choices)
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("All severities"))] + list(NcSeverity.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class WhyForm(forms.Form):
    question = forms.CharField(label=_("Why?"), max_length=300)
    answer = forms.CharField(label=_("Because"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class CauseForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=CauseCategory.choices)
    description = forms.CharField(label=_("Cause"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class VerdictForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Was it effective?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, effective")), ("no", _("No, not effective"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Based on"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["class"] = "form-control"


class ActionForm(forms.ModelForm):
    class Meta:
        model = CorrectiveAction
        fields = ["kind", "title", "owner", "owner_name", "owner_email", "manager", "due_on"]
        widgets = {"due_on": DATE}
        help_texts = {"owner": _("If the owner has an account, they can update the action.")}

    def __init__(self, *args, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.none()
        if enterprise is not None:
            people = User.objects.filter(
                memberships__organization_id=enterprise.organization_id,
                memberships__is_active=True,
            ).order_by("username")
        self.fields["owner"].queryset = people
        self.fields["manager"].queryset = people
        self.fields["owner_name"].required = False
        self.fields["kind"].initial = ActionKind.CORRECTIVE
        style_fields(self)

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_name"):
            self.add_error("owner_name", _("Name the owner (or choose a user)."))
        if data.get("owner") and not data.get("owner_name"):
            data["owner_name"] = str(data["owner"])
        return data


class ActionProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ActionStatus.OPEN, ActionStatus.OPEN.label),
            (ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS.label),
        ],
    )
    evidence = forms.CharField(
        label=_("Evidence so far"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ActionCompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
        style_fields(self)

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("evidence") or "").strip() and not data.get("evidence_file"):
            self.add_error("evidence", _("Describe or attach the evidence that it was done."))
        if data.get("completed_on") and data["completed_on"] > timezone.localdate():
            self.add_error("completed_on", _("The completion date cannot be in the future."))
        return data


class ActionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Action, owner or NC number…")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("overdue", _("Overdue"))] + list(ActionStatus.choices),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds"))] + list(ActionKind.choices)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
