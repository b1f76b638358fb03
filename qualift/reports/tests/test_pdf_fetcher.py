"""Reports embed local and inline images but never fetch anything remote."""

from __future__ import annotations

import base64

from qualift.reports.pdf import html_to_pdf

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<rect width="10" height="10"/></svg>'
)


def test_report_with_an_inline_image_renders():
    src = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()
    assert html_to_pdf(f'<p>chart</p><img src="{src}">').startswith(b"%PDF")


def test_report_skips_a_remote_image_without_fetching_it(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):  # pragma: no cover - reached only if the fetcher went remote
        raise AssertionError("a report tried to fetch a remote URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    assert html_to_pdf('<p>x</p><img src="http://127.0.0.1:9/x.png">').startswith(b"%PDF")
