"""Pure-numpy SPC engine (no Django): control charts, run rules, capability.

Public entry: ``from qualift.spc import analyze`` (or ``from qualift.process.spc import analyze``).
See docs/spc.md.
"""

from .analyze import ATTRIBUTE_CHARTS, CHARTS, VARIABLE_CHARTS, analyze
from .result import SecondaryChart, SPCResult

__all__ = [
    "ATTRIBUTE_CHARTS",
    "CHARTS",
    "VARIABLE_CHARTS",
    "SPCResult",
    "SecondaryChart",
    "analyze",
]
