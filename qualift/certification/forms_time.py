"""The audit-time form (the calculator page and an audit's time tab). Input only; the
calculation is qualift.certification.audit_time, saving is services.audit_time."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.certification.audit_time import parse_adjustment
from qualift.certification.choices import Stage1Share
from qualift.core.forms import style_fields


class AuditTimeForm(forms.Form):
    employees = forms.IntegerField(label=_("Full-time staff in scope"), min_value=1)
    part_time_fte = forms.DecimalField(
        label=_("Part-time staff (full-time equivalents)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
        initial=0,
    )
    shift_staff = forms.IntegerField(
        label=_("Of them working in shifts"), min_value=0, required=False
    )
    shifts = forms.IntegerField(label=_("Number of shifts"), min_value=2, required=False)
    adjustments = forms.CharField(
        label=_("Adjustments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "+10: two sites\n-20: simple"}),
        help_text=_(
            "One per line: a signed per cent and the reason, e.g. “+10: several sites”. "
            "A net reduction is capped at 30 %."
        ),
    )
    stage1_share = forms.ChoiceField(
        label=_("Stage 1 share"), choices=Stage1Share.choices, initial=Stage1Share.ONE_THIRD
    )
    days = forms.DecimalField(
        label=_("Auditor-days for this audit"),
        min_value=0.5,
        max_value=1000,
        max_digits=6,
        decimal_places=1,
        required=False,
        help_text=_("Special and scope-change audits: leave empty to use the surveillance time."),
    )

    def __init__(self, *args, with_share: bool = True, with_days: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_share:
            del self.fields["stage1_share"]
        if not with_days:
            del self.fields["days"]
        style_fields(self)

    def clean_adjustments(self) -> list[dict]:
        items = []
        for line in self.cleaned_data["adjustments"].splitlines():
            if not line.strip():
                continue
            text = line.strip()
            if ":" in text:
                head, tail = text.split(":", 1)
                text = f"{head.strip()}:{tail}"
            try:
                pct, reason = parse_adjustment(text)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
            items.append({"pct": pct, "reason": reason})
        return items

    def inputs(self) -> dict:
        """The cleaned values as the service / API inputs."""
        data = {
            key: self.cleaned_data.get(key)
            for key in ("employees", "part_time_fte", "shift_staff", "shifts", "adjustments")
        }
        data["part_time_fte"] = data["part_time_fte"] or 0
        if self.cleaned_data.get("days") is not None:
            data["days"] = self.cleaned_data["days"]
        return data


def adjustments_text(items) -> str:
    """Stored adjustments back as the form's lines."""
    return "\n".join(f"{item['pct']:+d}: {item['reason']}" for item in items or ())
