"""Program downloads: the plans workbook, and the assisted-enterprise list (page, CSV, XLSX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from qualift.assistance import access, exports
from qualift.core.views_helpers import paginate, querystring_without_page, render_page
from qualift.programs.choices import LedgerStatus

EXPORT = "assistance.export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def program_export(request: HttpRequest, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, pk, write_action=EXPORT)
    stamp = timezone.localdate().isoformat()
    return _download(
        exports.program_workbook(program, request.user),
        XLSX,
        f"assistance-plans-{program.pk}-{stamp}.xlsx",
    )


def _int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


@login_required
def assisted_list(request: HttpRequest, pk: int) -> HttpResponse:
    program = access.get_program_for_user(request.user, pk, write_action=EXPORT)
    cb = _int(request.GET.get("cb", ""))
    status = request.GET.get("status", "")
    status = status if status in LedgerStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    entries = exports.assisted_queryset(program, request.user, cb=cb, status=status, q=q)
    fmt = request.GET.get("format", "")
    stamp = timezone.localdate().isoformat()
    if fmt in ("csv", "xlsx"):
        rows = [exports.assisted_row(e) for e in entries]
        name = f"assisted-enterprises-{program.pk}-{stamp}.{fmt}"
        if fmt == "csv":
            return _download(exports.assisted_csv(rows), "text/csv; charset=utf-8", name)
        return _download(exports.assisted_xlsx(rows), XLSX, name)
    page = paginate(request, entries)
    cb_ids = access.reach_cb_ids(program, request.user)
    cbs = program.participating_cbs.order_by("name")
    if cb_ids is not None:
        cbs = cbs.filter(pk__in=cb_ids)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    context = {
        "program": program,
        "page": page,
        "rows": [exports.assisted_row(e) for e in page],
        "columns": exports.ASSISTED_COLUMNS,
        "cbs": list(cbs),
        "statuses": LedgerStatus.choices,
        "filters": {"cb": cb, "status": status, "q": q},
        "querystring": querystring_without_page(request),
        "download_qs": params.urlencode(),
    }
    return render_page(request, "assistance/assisted_list.html", context)
