"""Goals, responsibilities, leadership and motivation for the demo enterprises (issue 5): org
charts from the industry templates with named people, a quality policy, an objectives cascade with
a year of measurements, suggestions at every stage with their reward ledger, a management review
with leadership commitments, and two pulse-survey rounds.

`catalogue` holds the texts (pure data, both languages); `seed.seed_goals` writes them through the
objectives services.
"""

from qualift.core.demo.goals.seed import seed_goals

__all__ = ["seed_goals"]
