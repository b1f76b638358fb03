"""Key process control for every demo manufacturer (issue 4): process maps with key processes,
control points and parameters, gauge and equipment registers, and months of readings with a real
shift and a trend, so that alarms, capability and the dashboard look like a real shop.

`catalogue` holds the per-sector templates (pure data, both languages); `seed.seed_process`
writes them through the process services and dates the records.
"""

from qualift.core.demo.process.seed import seed_process

__all__ = ["seed_process"]
