"""Who assisted which enterprise, and when: the one lookup certification impartiality reads.

DOMAIN §1: a person who assisted (consulted for) an enterprise must not audit it for
certification within two years of that assistance. The assistance services record an
`Involvement` for every person who takes part in a diagnosis, a visit or a plan measure;
`assistance_involvement()` is the only reader the certification side needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from qualift.assistance.choices import InvolvementSource
from qualift.assistance.models import Involvement

IMPARTIALITY_YEARS = 2


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def assistance_involvement(
    person_ids: Iterable[int], enterprise_id: int, on: dt.date, years: int = IMPARTIALITY_YEARS
) -> list[Involvement]:
    """Involvements of any of `person_ids` with the enterprise dated on or after `on` minus
    `years` (later, planned work counts too), newest first."""
    ids = [pk for pk in person_ids if pk is not None]
    if not ids:
        return []
    return list(
        Involvement.objects.filter(
            person_id__in=ids, enterprise_id=enterprise_id, day__gte=years_before(on, years)
        )
        .select_related("person")
        .order_by("-day", "-id")
    )


def record_involvement(
    *, people, enterprise, cb_id: int, day: dt.date, source: str, source_id: int
):
    """Record each person as involved with the enterprise on `day` (idempotent). Called by the
    diagnosis, visit and measure services inside their transactions."""
    assert source in InvolvementSource.values
    for person in people:
        if person is None:
            continue
        Involvement.objects.get_or_create(
            person_id=getattr(person, "pk", person),
            source=source,
            source_id=source_id,
            day=day,
            defaults={"enterprise_id": enterprise.pk, "cb_id": cb_id},
        )
