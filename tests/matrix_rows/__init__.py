"""Permission-matrix rows contributed by features.

Each module here may define `ROWS` (UI routes → Row), `API_ROWS` (API routes → Row) and
`targets(world, kind) -> dict[target_key, url_kwargs] | None` for the object kinds it introduces
(return None for kinds it does not know). Target keys for enterprise-owned records are the
enterprise keys "a1", "a2", "b1" plus "missing" (see QMS_VISIBLE in test_permission_matrix).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def load() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
