"""A believable year of quality records for every demo enterprise: nonconformities with their
5-why chains and fishbones, corrections and corrective actions (most done, some overdue, a few
awaiting or failing their effectiveness check), and customer complaints, some of which raised a
nonconformity.

`plan.plan_enterprise` decides, purely and deterministically for an enterprise, a seed and a
date, what happened in the twelve months before that date (more records for bigger enterprises,
problems typical of its industry from `nc_templates` and `catalogue`). `seed.seed_quality` makes
it through the services, so every record has its audit events, then moves the records' own
timestamps back to the planned dates; the audit trail keeps the real seeding time. An enterprise
that already has any nonconformity or complaint is left alone, so a second `qualift demo` (on any
later day) changes nothing.
"""

from qualift.core.demo.quality.plan import EnterprisePlan, plan_enterprise
from qualift.core.demo.quality.seed import seed_quality

__all__ = ["EnterprisePlan", "plan_enterprise", "seed_quality"]
