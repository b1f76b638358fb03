"""Rewrite the role × action table in docs/permissions.md from qualift/tenancy/permissions.py.

.venv/bin/python scripts/write_permissions_doc.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from qualift.tenancy.permissions import ACTION_LABELS, permissions_markdown  # noqa: E402

translation.activate("en")
path = ROOT / "docs" / "permissions.md"
doc = path.read_text(encoding="utf-8")
head, rest = doc.split("<!-- table:start -->\n", 1)
_, tail = rest.split("<!-- table:end -->", 1)
doc = f"{head}<!-- table:start -->\n{permissions_markdown()}<!-- table:end -->{tail}"
labels = "\n".join(f"- `{k}` — {v}" for k, v in ACTION_LABELS.items())
before, after = doc.split("## Actions\n\n", 1)
after = after.split("\n\n## ", 1)[1]
doc = f"{before}## Actions\n\n{labels}\n\n## {after}"
path.write_text(doc, encoding="utf-8")
print(f"wrote {path}")
