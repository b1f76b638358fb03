"""Pulse survey forms (input only; the services check the rules and save): opening a round, and
the public answer sheet."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualift.core.forms import style_fields
from qualift.objectives.pulse_questions import SCALE
from qualift.objectives.services.pulse import (
    MAX_COMMENT_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    MAX_TITLE_CHARS,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HONEYPOT = "website"


class PulseRoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=(MAX_QUESTION_CHARS + 2) * MAX_QUESTIONS * 2,
        help_text=_(
            "One statement per line (at most 10), each answered from 1 (strongly disagree) to "
            "5 (strongly agree). Keep the same questions from round to round so the scores can "
            "be compared."
        ),
    )
    opened_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_questions(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


class PulseAnswerForm(forms.Form):
    """One radio group per question (q0, q1, …), an optional comment, and a honeypot field
    that people never see and form-filling robots fill in."""

    comment = forms.CharField(
        label=_("Anything else you want to tell management? (optional)"),
        required=False,
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_CHARS}),
        help_text=_("Do not write your name if you want to stay anonymous."),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.question_names = []
        for i, text in enumerate(questions):
            name = f"q{i}"
            self.fields[name] = forms.TypedChoiceField(
                label=text,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score for this question.")},
            )
            self.question_names.append(name)
        # Put the questions first, the comment and the honeypot last.
        for name in ("comment", HONEYPOT):
            self.fields[name] = self.fields.pop(name)
        self.fields["comment"].widget.attrs.setdefault("class", "form-control")

    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def question_fields(self):
        return [self[name] for name in self.question_names]

    def scores(self) -> list[int]:
        return [self.cleaned_data[name] for name in self.question_names]
