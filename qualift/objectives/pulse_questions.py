"""The default questions of the quality-awareness pulse survey: five short statements an employee
scores from 1 (strongly disagree) to 5 (strongly agree). They follow the article's focus on clear
goals and responsibilities, leadership and intrinsic motivation (DOMAIN §2) and ISO 9001 7.3
(awareness: the policy, the objectives, one's contribution, what happens when requirements are
not met)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_QUESTIONS = (
    _("I know the quality objectives of my job and how they are measured."),
    _("I know what to do when I find a quality problem, and I am not afraid to report it."),
    _("My manager takes quality seriously and acts on problems we raise."),
    _("I have the training, tools and instructions I need to do my work right the first time."),
    _("My ideas for improvement are listened to and recognised."),
)

SCALE = (
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neutral")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
)


def default_questions() -> list[str]:
    """The default questions in the active language, as plain strings to store in a round."""
    return [str(q) for q in DEFAULT_QUESTIONS]
