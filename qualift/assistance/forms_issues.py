"""Forms: an assistance issue with its 17 sub-criterion scores, and a CB's weights."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import SUB_CRITERIA, Area, Factor
from qualift.assistance.services.issues import MAX_TEXT_CHARS, MAX_TITLE_CHARS

SCORE_CHOICES = [("", _("not scored")), *[(str(n), str(n)) for n in range(1, 6)]]


def evidence_key(link) -> str:
    """A checkbox value for a piece of system evidence (records without an id: by label)."""
    ident = link.get("id")
    return f"{link.get('kind')}:{ident if ident is not None else link.get('label')}"


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Issue"), max_length=MAX_TITLE_CHARS)
    area = forms.ChoiceField(label=_("Focus area"), choices=Area.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(
        label=_("Evidence seen"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    system_evidence = forms.MultipleChoiceField(
        label=_("Evidence in the system"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, evidence_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        # value "kind:id" → the link stored on the issue
        self.evidence_items = {evidence_key(i): i for i in (evidence_items or [])}
        self.fields["system_evidence"].choices = [
            (key, f"{item['area_label']} · {item['label']}")
            for key, item in self.evidence_items.items()
        ]
        for factor, subs in SUB_CRITERIA.items():
            for name, label in subs:
                self.fields[f"{factor}_{name}"] = forms.TypedChoiceField(
                    label=label,
                    choices=SCORE_CHOICES,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                )

    def score_groups(self):
        """[(factor label, [bound fields])] in the order of the four factors."""
        return [
            (Factor(factor).label, [self[f"{factor}_{name}"] for name, _label in subs])
            for factor, subs in SUB_CRITERIA.items()
        ]

    def service_data(self, kept_links: list | None = None) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "system_evidence"}
        links = [
            link for link in (kept_links or []) if evidence_key(link) not in self.evidence_items
        ]
        for key in self.cleaned_data.get("system_evidence") or []:
            item = self.evidence_items[key]
            links.append(
                {"kind": item["kind"], "id": item["id"], "label": item["label"], "url": item["url"]}
            )
        data["evidence_links"] = links
        return data


def _weight(label):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=Decimal("10"),
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "10"}),
    )


class WeightsForm(forms.Form):
    prominence = _weight(Factor.PROMINENCE.label)
    enterprise = _weight(Factor.ENTERPRISE.label)
    cb = _weight(Factor.CB.label)
    evaluability = _weight(Factor.EVALUABILITY.label)
