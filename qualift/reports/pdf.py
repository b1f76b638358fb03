"""HTML → PDF with WeasyPrint. Chinese text needs a CJK font: the report CSS names Noto Sans CJK
SC (Debian fonts-noto-cjk) first, then other common CJK families, so nothing renders as boxes."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# The CSS font stack every report uses (templates/reports/base.html reads it from the context).
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", '
    '"WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif'
)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML document to PDF bytes. Relative URLs resolve against `base_url` (the
    static root by default); nothing is fetched from the network."""
    from weasyprint import HTML  # imported late: loading pango takes a moment

    base = base_url or str(settings.BASE_DIR / "static")
    return HTML(string=html, base_url=base, url_fetcher=_local_fetcher()).write_pdf()


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    """Render `template` in `language` (the active one when None) and convert it to PDF."""
    with translation.override(language or translation.get_language()):
        html = render_to_string(template, {"font_family": FONT_FAMILY, **context})
    return html_to_pdf(html)


def _local_fetcher():
    """Reports embed nothing remote: a fetcher that allows only local files and data URLs."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=False)
