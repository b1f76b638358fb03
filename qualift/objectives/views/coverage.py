"""Coverage page: the score and every gap in "everyone has responsibilities and goals", each with
a link to the page where it is fixed (issue 5 §4). `?part=card` answers only the score card (the
organisation chart loads it with htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qualift.core.views_helpers import paginate, querystring_without_page, render_page
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.objectives.coverage import FIX_PERMISSION, KINDS, coverage_report
from qualift.tenancy.permissions import can

PREVIEW = 20  # gaps shown per kind on the overview; the kind's own page lists them all
PER_PAGE = 50


@login_required
def coverage(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    report = coverage_report(enterprise, timezone.localdate())
    context = {"enterprise": enterprise, "report": report}
    if request.GET.get("part") == "card":
        return render(request, "objectives/coverage.html#card", context)
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    groups = []
    for key, heading, gaps in report.grouped():
        if kind and key != kind:
            continue
        group = {
            "kind": key,
            "heading": heading,
            "count": len(gaps),
            "can_fix": can(request.user, FIX_PERMISSION[key], [enterprise.organization_id]),
        }
        if kind:
            group["page"] = paginate(request, gaps, PER_PAGE)
            group["gaps"] = group["page"].object_list
        else:
            group["gaps"] = gaps[:PREVIEW]
            group["more"] = len(gaps) > PREVIEW
        groups.append(group)
    context |= {
        "kind": kind,
        "qs": querystring_without_page(request),
        "kinds": [(key, heading, report.by_kind[key]) for key, heading in KINDS.items()],
        "groups": groups,
        "gauge": {"score": float(report.score), "label": str(report.score)},
    }
    return render_page(request, "objectives/coverage.html", context, partial="gaps")
