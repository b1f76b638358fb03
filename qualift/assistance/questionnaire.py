"""The diagnosis questionnaire: for each area, the questions an expert asks on site and what each
maturity level (1–5) looks like in that area.

Qualift's own wording, built on the source article's five focus points (DOMAIN §2) and the three
areas the diagnosis adds (strategy, equipment and facilities, product inspection). Level 1 is
"nothing in place", 3 "in place and mostly followed", 5 "managed with data and improved".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qualift.assistance.choices import Area

LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class AreaGuide:
    """One area of the questionnaire: its title, guiding questions and level descriptions."""

    title: object
    questions: tuple[object, ...]
    levels: dict[int, object]


AREAS: dict[str, AreaGuide] = {
    Area.QUALITY_CONCEPT: AreaGuide(
        title=Area.QUALITY_CONCEPT.label,
        questions=(
            _("Ask three employees what quality means in their job: do the answers agree?"),
            _("Are customer requirements known where the work is done, not only in the office?"),
            _("When a defect is found, is the process looked at, or only the person blamed?"),
            _("Is service to the customer (delivery, response to complaints) treated as quality?"),
        ),
        levels={
            1: _("Quality means passing final inspection; nobody talks about it otherwise."),
            2: _("Managers talk about quality, but the shop floor sees it as the inspector's job."),
            3: _("Most employees know the customer's key requirements and their own part in them."),
            4: _("People think in processes: defects are traced back to where they were made."),
            5: _("Quality and service are part of every decision; employees raise risks unasked."),
        },
    ),
    Area.LEADERSHIP: AreaGuide(
        title=Area.LEADERSHIP.label,
        questions=(
            _("Can the leader state where the business should be in three years, and why?"),
            _("Is there a quality policy in force, and does the leader explain it in own words?"),
            _("When did the leader last decide something on quality data (defects, complaints)?"),
            _("Does quality get time and money when delivery is under pressure?"),
        ),
        levels={
            1: _("No stated direction; quality is delegated entirely to someone else."),
            2: _("A policy exists on paper; the leader is rarely involved in quality matters."),
            3: _("The leader sets yearly quality goals and reviews them at least once a year."),
            4: _("The leader reviews quality data regularly and resources the fixes it needs."),
            5: _("The leader models the policy, and quality commitments hold under pressure."),
        },
    ),
    Area.MOTIVATION: AreaGuide(
        title=Area.MOTIVATION.label,
        questions=(
            _("How can an employee put forward an improvement idea, and what happens to it?"),
            _("Is good quality work recognised or rewarded, and is the rule written down?"),
            _("Do problems travel upward openly, or are they hidden until a customer finds them?"),
        ),
        levels={
            1: _("No channel for ideas; mistakes are punished, so problems are hidden."),
            2: _("Ideas are heard informally; recognition is occasional and unpredictable."),
            3: _("A suggestion scheme or regular meeting exists and some ideas are used."),
            4: _("Ideas are tracked to a decision; an incentive rule rewards quality results."),
            5: _("Employees improve their own work routinely and share results openly."),
        },
    ),
    Area.GOALS: AreaGuide(
        title=Area.GOALS.label,
        questions=(
            _("Are the quality objectives broken down to departments, positions and people?"),
            _("Does every position have written responsibilities and authorities?"),
            _("Can an operator say how their work affects the objective and what a defect costs?"),
            _("Are the objectives measured on schedule, and are misses followed up?"),
        ),
        levels={
            1: _("No quality objectives, or objectives nobody can find."),
            2: _("Company-level objectives exist but are not broken down or measured."),
            3: _("Objectives reach departments; most positions have written responsibilities."),
            4: _("Objectives reach every position and are measured on schedule."),
            5: _("Everyone knows their contribution; misses lead to analysis and action."),
        },
    ),
    Area.KEY_PROCESS: AreaGuide(
        title=Area.KEY_PROCESS.label,
        questions=(
            _("Which processes decide whether the product is good, and are they named?"),
            _("At each key process, which control points and parameters are set, with limits?"),
            _("Are the parameters measured, recorded and charted, and who acts on a signal?"),
            _("Are people, machine, material, method, environment and measurement controlled?"),
        ),
        levels={
            1: _("Key processes are not identified; settings depend on each operator."),
            2: _("Key processes are known, but parameters and limits are not written down."),
            3: _("Control points and limits are written and mostly followed; records are kept."),
            4: _("Parameters are measured and charted; out-of-control signals lead to action."),
            5: _("Processes are stable and capable; influencing factors are under control."),
        },
    ),
    Area.STRATEGY: AreaGuide(
        title=Area.STRATEGY.label,
        questions=(
            _("Which markets and customers does the business aim at, and what do they value?"),
            _("How do quality and certification support that aim?"),
            _("Is there a plan with resources for the next one to three years?"),
        ),
        levels={
            1: _("The business reacts to orders as they come; no stated aim."),
            2: _("An aim exists in the leader's head only."),
            3: _("The aim is written and known to managers; quality is part of it."),
            4: _("A plan with resources and checkpoints supports the aim and is reviewed."),
            5: _("Strategy, quality goals and investments are aligned and revised with data."),
        },
    ),
    Area.EQUIPMENT: AreaGuide(
        title=Area.EQUIPMENT.label,
        questions=(
            _("Is there an equipment register with maintenance dates, and are they kept?"),
            _("Do operators work to a written operating instruction at each key machine?"),
            _("Are gauges calibrated on time, and is an overdue gauge kept out of use?"),
            _("Are the workplace and storage orderly enough to prevent damage and mix-ups?"),
        ),
        levels={
            1: _("No register; machines are repaired only when they break down."),
            2: _("Some equipment is listed; maintenance and calibration are irregular."),
            3: _("Registers exist; most maintenance and calibration are done on time."),
            4: _("Preventive maintenance and calibration are on time; instructions at machines."),
            5: _("Equipment performance is tracked and improved; facilities support flow."),
        },
    ),
    Area.INSPECTION: AreaGuide(
        title=Area.INSPECTION.label,
        questions=(
            _("Where is the product inspected (incoming, in process, final), and against what?"),
            _("What happens to a nonconforming product: is it marked, segregated and decided?"),
            _("Are complaints and returns recorded, answered and traced to a cause?"),
        ),
        levels={
            1: _("No defined inspection; defects reach the customer."),
            2: _("Final inspection only, without written criteria."),
            3: _(
                "Inspection points and criteria are defined; nonconforming product is segregated."
            ),
            4: _("Inspection results are analysed; complaints are traced to causes and closed."),
            5: _("Inspection data drive prevention; escapes to customers are rare and shrinking."),
        },
    ),
}


def level_choices(area: str) -> list[tuple[int, str]]:
    """(level, "level – description") for a form's radio buttons."""
    guide = AREAS[area]
    return [(level, f"{level} – {guide.levels[level]}") for level in LEVELS]
