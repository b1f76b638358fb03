"""Public alias of the SPC engine: ``from qualift.spc import analyze``."""

from qualift.process.spc import CHARTS, SecondaryChart, SPCResult, analyze

__all__ = ["CHARTS", "SPCResult", "SecondaryChart", "analyze"]
