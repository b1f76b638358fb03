"""Permission-matrix rows for management reviews and leadership commitments (issue 5 §5):
/goals/…/reviews/…, /goals/…/commitments/… and /api/v1/management-reviews/.

Kinds: "reviews_review" (a planned review with no pack yet) and "reviews_commitment" (a planned
leadership commitment), one per enterprise a1, a2, b1.
"""

from __future__ import annotations

import datetime as dt

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

REVIEW = "reviews_review"
COMMITMENT = "reviews_commitment"

ROWS = {
    "objectives:review-list": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:review-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:review-detail": Row(REVIEW, visible=QMS_VISIBLE),
    "objectives:review-edit": Row(REVIEW, visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Gathering the pack redirects back to the review.
    "objectives:review-pack": Row(
        REVIEW, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "objectives:review-outcome": Row(REVIEW, visible=QMS_VISIBLE, writable=QMS_WRITE),
    # A planned review cannot be closed: refused with a message, back to the review.
    "objectives:review-close": Row(
        REVIEW, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "objectives:review-output-create": Row(REVIEW, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:review-pdf": Row(REVIEW, visible=QMS_VISIBLE),
    "objectives:commitment-list": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:commitment-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:commitment-edit": Row(COMMITMENT, visible=QMS_VISIBLE, writable=QMS_WRITE),
}

API_ROWS = {
    "api:management-review-list": Row(),  # everyone signed in: only what they may see
    # An empty PATCH changes nothing (200).
    "api:management-review-detail": Row(
        REVIEW, method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    "api:management-review-pack": Row(
        REVIEW, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    # An empty output names neither kind nor text (400).
    "api:management-review-outputs": Row(
        REVIEW, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (REVIEW, COMMITMENT):
        return None
    from qualift.objectives.services.reviews import commitment_create, review_create

    out = {}
    for key in ("a1", "a2", "b1"):
        enterprise = getattr(world, key)
        if kind == REVIEW:
            obj = review_create(
                actor=None,
                enterprise=enterprise,
                data={
                    "title": f"Matrix review {key}",
                    "held_on": dt.date(2025, 1, 20),
                    "period_start": dt.date(2024, 1, 1),
                    "period_end": dt.date(2024, 12, 31),
                },
            )
        else:
            obj = commitment_create(
                actor=None,
                enterprise=enterprise,
                data={
                    "leader_name": "Matrix GM",
                    "commitment": "Join the monthly quality meeting",
                    "due_on": dt.date(2025, 3, 5),
                },
            )
        out[key] = {"pk": obj.pk}
    out["missing"] = {"pk": 999_999}
    return out
