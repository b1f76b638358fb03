"""Demo data for `qualift demo`: a Zhejiang certification-improvement program with its CBs,
people and 40 enterprises, seeded through the services (see `data` for what, `seed` for how)."""

from __future__ import annotations

from qualift.core.demo.data import DEMO_PASSWORD, SEED, enterprise_specs
from qualift.core.demo.seed import DemoError, DemoResult, Login, seed_demo

__all__ = [
    "DEMO_PASSWORD",
    "SEED",
    "DemoError",
    "DemoResult",
    "Login",
    "enterprise_specs",
    "seed_demo",
]
