"""QR codes as inline SVG (segno, pure Python), for printable public links."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, *, scale: int = 4) -> str:
    """An SVG document (no XML declaration) encoding `text`, safe to inline in a page."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, border=2
    )
    return buffer.getvalue().decode("utf-8")
