"""Helpers the UI views share: htmx partials and pagination."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import render


def render_page(request: HttpRequest, template: str, context: dict, partial: str = "rows"):
    """A full page for a normal request, the named fragment for an htmx request."""
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") != "body":
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context)


def paginate(request: HttpRequest, queryset, per_page: int = 25):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def add_service_errors(form, exc) -> None:
    """Show a service's ValidationError on the form: field errors beside fields, others on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def organizations_for(user, action: str, kind_ids: set[int]):
    """The organisations among `kind_ids` in which the user may perform `action`."""
    from qualift.tenancy.models import Organization
    from qualift.tenancy.permissions import can

    ids = [org for org in kind_ids if can(user, action, [org])]
    return list(Organization.objects.filter(pk__in=ids))


def enterprise_entry(request: HttpRequest, url_name: str, template: str):
    """The entry page of an enterprise-scoped area (quality records, process control, goals):
    straight to `url_name` for the user's one enterprise, or a choice for a CB user."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect

    from qualift.enterprises.scoping import qms_enterprises_for
    from qualift.tenancy.permissions import can_anywhere

    if not can_anywhere(request.user, "qms.view"):
        raise PermissionDenied
    enterprises = list(qms_enterprises_for(request.user).select_related("region")[:500])
    if len(enterprises) == 1:
        return redirect(url_name, enterprise_pk=enterprises[0].pk)
    return render(request, template, {"enterprises": enterprises})
