"""The process dashboard: every key parameter of the enterprise as a traffic light (green:
stable and capable; amber: unstable or Cpk below 1.33; red: out of specification; grey: not
enough readings), with counts per colour and filters by process and colour."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from qualift.core.views_helpers import paginate, querystring_without_page, render_page
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.process.choices import Health
from qualift.process.forms_charts import DashboardFilterForm
from qualift.process.models import Process
from qualift.process.selectors_charts import dashboard_parameters, health_counts


@login_required
@require_GET
def dashboard(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    processes = (
        Process.objects.visible_to(request.user)
        .filter(enterprise=enterprise, is_key=True, is_active=True)
        .order_by("sequence", "code")
    )
    form = DashboardFilterForm(request.GET or None, processes=processes)
    filters = form.cleaned_data if form.is_valid() else {}
    process = filters.get("process")
    counts = health_counts(request.user, enterprise, process=process)
    parameters = dashboard_parameters(
        request.user, enterprise, process=process, health=filters.get("health") or ""
    )
    colours = [
        {"value": h.value, "label": h.label, "count": counts[h.value]}
        for h in (Health.RED, Health.AMBER, Health.GREEN, Health.UNKNOWN)
    ]
    context = {
        "enterprise": enterprise,
        "form": form,
        "colours": colours,
        "total": sum(counts.values()),
        "page": paginate(request, parameters, per_page=50),
        "qs": querystring_without_page(request),
        "selected_health": filters.get("health") or "",
    }
    return render_page(request, "process/dashboard.html", context)
