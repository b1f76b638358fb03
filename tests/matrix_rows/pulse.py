"""Permission-matrix rows for the quality-awareness pulse survey (issue 5 §6): /goals/…/pulse/…
and the public answer form /pulse/<token>/ (no sign-in). No API.

Kinds: "pulse_round" (an open round accepting answers today, per enterprise; url kwarg pk) and
"pulse_public" (the same round's public link; url kwarg token; "missing" is a token no round has).
The public rows expect 200 for a real link and 404 for "missing", and the page shows the name of
the link's own enterprise by design: both need the harness to treat public rows with a kind that
way (see the lead's note on tests/test_permission_matrix.py `_expected` / `_check_canaries`).
"""

from __future__ import annotations

import datetime as dt

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

ROUND = "pulse_round"
PUBLIC = "pulse_public"

ROWS = {
    "objectives:pulse-list": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:pulse-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:pulse-detail": Row(ROUND, visible=QMS_VISIBLE),
    # The first writer closes the round; later writers are told it is already closed (302 too).
    "objectives:pulse-close": Row(
        ROUND, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "public:pulse": Row(PUBLIC, public=True),
    "public:pulse-thanks": Row(PUBLIC, public=True),
}

API_ROWS: dict = {}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (ROUND, PUBLIC):
        return None
    from django.utils import timezone

    from qualift.objectives.services.pulse import pulse_open

    today = timezone.localdate()
    result = {}
    for key, enterprise in {"a1": world.a1, "a2": world.a2, "b1": world.b1}.items():
        pulse_round = pulse_open(
            actor=None,
            enterprise=enterprise,
            data={
                "title": f"Matrix pulse {key}",
                "questions": ["I know my quality objectives."],
                "opened_on": today - dt.timedelta(days=1),
                "closes_on": today + dt.timedelta(days=7),
            },
        )
        result[key] = {"pk": pulse_round.pk} if kind == ROUND else {"token": pulse_round.token}
    result["missing"] = {"pk": 999_999} if kind == ROUND else {"token": "no-such-pulse-link-0000"}
    return result
