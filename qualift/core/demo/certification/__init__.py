"""Certification for the demo CBs (issue 7): policies, the auditor register, and clients in
every lifecycle state from application to recertification, with an impartiality conflict.

`catalogue` holds the texts (pure data, both languages); `seed.seed_certification` writes them
through the certification services.
"""

from qualift.core.demo.certification.seed import seed_certification

__all__ = ["seed_certification"]
