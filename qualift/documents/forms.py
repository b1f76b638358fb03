"""Document control forms (validation of input only; the services check the rules and save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.documents import selectors
from qualift.documents.choices import DocumentKind
from qualift.documents.models import ControlledDocument, DocumentVersion
from qualift.documents.services import ALLOWED_EXTENSIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPT = ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)
MEANINGS = (
    _("Approved for use"),
    _("Reviewed and approved"),
    _("Technical approval"),
    _("Management approval"),
)


def _model_field(model, name: str, **kwargs) -> forms.Field:
    return model._meta.get_field(name).formfield(**kwargs)


class DocumentForm(forms.Form):
    code = _model_field(
        ControlledDocument,
        "code",
        help_text=_("Your own numbering, e.g. QP-7.5-01 (unique in the enterprise)."),
    )
    title = _model_field(ControlledDocument, "title")
    kind = _model_field(ControlledDocument, "kind")
    owner_name = _model_field(
        ControlledDocument, "owner_name", help_text=_("Who keeps it up to date.")
    )
    review_interval_months = _model_field(
        ControlledDocument, "review_interval_months", min_value=1, max_value=120
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class VersionForm(forms.Form):
    version = _model_field(DocumentVersion, "version", help_text=_("e.g. 1.0, A/0"))
    author = _model_field(DocumentVersion, "author")
    change_summary = _model_field(
        DocumentVersion, "change_summary", widget=forms.Textarea(attrs={"rows": 2})
    )
    text = _model_field(
        DocumentVersion,
        "text",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Write the document here, or attach a file below."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, Word, Excel, image, text or Markdown; at most 20 MB."),
    )
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def version_data(self) -> dict:
        """The service's version dict: a new upload replaces the file, "remove" clears it."""
        data = {
            k: self.cleaned_data.get(k) for k in ("version", "author", "change_summary", "text")
        }
        upload = self.cleaned_data.get("file")
        data["file"] = upload or (False if self.cleaned_data.get("remove_file") else None)
        return data


class DocumentCreateForm(DocumentForm, VersionForm):
    """A new document and its first version, on one page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["remove_file"]

    def document_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in DocumentForm.base_fields}


class ApproveForm(forms.Form):
    approved_by_name = _model_field(
        DocumentVersion,
        "approved_by_name",
        required=True,
        help_text=_("Name and position, as signed, e.g. Wang Li, general manager."),
    )
    approval_meaning = _model_field(
        DocumentVersion,
        "approval_meaning",
        required=True,
        widget=forms.TextInput(attrs={"list": "approval-meanings"}),
        help_text=_("What the signature means, e.g. approved for use."),
    )
    effective_on = _model_field(DocumentVersion, "effective_on", required=True, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ReviewedForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. Checked against current practice; still adequate."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class DocumentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Code or title…")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *DocumentKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All documents")),
            (selectors.STATUS_CURRENT, _("Current (in use)")),
            (selectors.STATUS_DRAFT, _("Not yet approved")),
            (selectors.STATUS_DUE, _("Due for review")),
            (selectors.STATUS_OBSOLETE, _("With obsolete versions")),
            (selectors.STATUS_WITHDRAWN, _("Withdrawn")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
