"""Assistance for the demo program's ledger (issue 6): diagnoses, scored issues and chosen points,
signed plans with measures, milestones and indicators, visits, a revised plan, and an
industry-common problem with its group measure.

`catalogue` holds the texts (pure data, both languages); `seed.seed_assistance` writes them
through the assistance services.
"""

from qualift.core.demo.assistance.seed import seed_assistance

__all__ = ["seed_assistance"]
