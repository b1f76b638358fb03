"""Forms for internal audits (validation only; the services save)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.improvement.choices import InternalAuditStatus
from qualift.improvement.models import InternalAudit
from qualift.standards.choices import ChecklistResult
from qualift.standards.models import ChecklistTemplate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title, auditor or scope…")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + list(InternalAuditStatus.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class InternalAuditForm(forms.ModelForm):
    """The plan of an internal audit: what, when, who, with which checklist."""

    class Meta:
        model = InternalAudit
        fields = ["title", "planned_on", "auditors", "template", "scope"]
        widgets = {"planned_on": DATE, "scope": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "auditors": _("Names of the internal auditors; nobody should audit their own work."),
            "scope": _("Processes, departments or sites the audit covers."),
        }

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        field.queryset = templates if templates is not None else ChecklistTemplate.objects.none()
        field.empty_label = None
        if self.instance.pk and self.instance.status != InternalAuditStatus.PLANNED:
            field.disabled = True
            field.help_text = _("The checklist cannot change once the audit has started.")
        if not self.instance.pk:
            self.fields["planned_on"].initial = timezone.localdate()
        style_fields(self)


class AnswerForm(forms.Form):
    question = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("Result"), choices=ChecklistResult.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, max_length=5000, widget=forms.Textarea
    )


class QuestionForm(forms.Form):
    question = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class CompleteForm(forms.Form):
    performed_on = forms.DateField(label=_("Performed on"), widget=DATE)
    summary = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Is the system working as planned? Strengths, the main findings, what to follow up."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["performed_on"].initial = timezone.localdate()
        style_fields(self)

    def clean_performed_on(self):
        value = self.cleaned_data["performed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The audit cannot be performed in the future."))
        return value


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
