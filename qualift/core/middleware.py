"""Small request helpers."""

from __future__ import annotations


class HtmxMiddleware:
    """Sets `request.htmx` when the request came from htmx (partial page updates)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.htmx = request.headers.get("HX-Request") == "true"
        response = self.get_response(request)
        if request.htmx:
            response.headers.setdefault("Vary", "HX-Request")
        return response
