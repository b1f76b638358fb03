"""A dependency-free SVG rendering of a control chart (plus its R/S/MR chart) for ``--plot``.

Draws the plotted statistic, centre line and (per-point) limits; flagged points are red and
labelled with their rule number; the phase I / phase II boundary is a dashed vertical line.
PNG output needs matplotlib, which is optional: :func:`write_plot` raises ``RuntimeError`` then.
"""

from __future__ import annotations

from html import escape

import numpy as np

from .result import SPCResult

WIDTH, PANEL_H, PAD = 960, 300, 48


def _panel(title, y, center, lcl, ucl, codes, top, phase_end, lower=None) -> list[str]:
    n = y.shape[0]
    stack = [a for a in (y, center, lcl, ucl, lower) if a is not None]
    finite = np.concatenate([a[np.isfinite(a)] for a in stack])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if hi == lo:
        hi, lo = hi + 1.0, lo - 1.0
    span = hi - lo
    lo, hi = lo - 0.05 * span, hi + 0.05 * span
    x_of = (lambda i: PAD + (WIDTH - 2 * PAD) * (i / max(n - 1, 1))) if n else (lambda i: PAD)
    y_of = lambda v: top + PANEL_H - PAD / 2 - (PANEL_H - PAD) * (v - lo) / (hi - lo)  # noqa: E731

    def path(values, style):
        pts = " ".join(
            f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values.tolist()) if np.isfinite(v)
        )
        return f'<polyline fill="none" points="{pts}" {style}/>'

    out = [
        f'<text x="{PAD}" y="{top + 16}" font-size="14" font-family="sans-serif">'
        f"{escape(title)}</text>",
        path(ucl, 'stroke="#c0392b" stroke-dasharray="6 3"'),
        path(lcl, 'stroke="#c0392b" stroke-dasharray="6 3"'),
        path(center, 'stroke="#27ae60"'),
        path(y, 'stroke="#2c3e50"'),
    ]
    if lower is not None:
        out.append(path(lower, 'stroke="#7f8c8d"'))
    if phase_end is not None and 0 < phase_end < n:
        xb = (x_of(phase_end - 1) + x_of(phase_end)) / 2
        out.append(
            f'<line x1="{xb:.1f}" x2="{xb:.1f}" y1="{top + PAD / 2}" y2="{top + PANEL_H - PAD / 2}"'
            ' stroke="#999" stroke-dasharray="2 4"/>'
        )
    if n <= 5000:
        for i, (v, c) in enumerate(zip(y.tolist(), codes.tolist(), strict=True)):
            if not np.isfinite(v):
                continue
            colour = "#e74c3c" if c else "#2c3e50"
            out.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="3" fill="{colour}"/>')
            if c:
                out.append(
                    f'<text x="{x_of(i) + 4:.1f}" y="{y_of(v) - 4:.1f}" font-size="10" '
                    f'fill="#e74c3c">{c}</text>'
                )
    return out


def to_svg(result: SPCResult) -> str:
    """The chart as an SVG document."""
    phase = result.phase1
    phase_end = int(np.flatnonzero(phase)[-1]) + 1 if phase.any() and not phase.all() else None
    parts = _panel(
        result.chart,
        result.statistic,
        result.center_line,
        result.lcl_line,
        result.ucl_line,
        result.codes,
        0,
        phase_end,
        result.statistic_lower,
    )
    panels = 1
    sec = result.secondary
    if sec is not None:
        n = sec.statistic.shape[0]
        full = [
            np.broadcast_to(np.asarray(a, dtype=float), (n,))
            for a in (sec.center, sec.lcl, sec.ucl)
        ]
        parts += _panel(sec.chart, sec.statistic, *full, sec.codes, PANEL_H, phase_end)
        panels = 2
    height = PANEL_H * panels
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}"><rect width="100%" height="100%" fill="white"/>'
        + "".join(parts)
        + "</svg>\n"
    )


def write_plot(result: SPCResult, path: str) -> None:
    """Write ``path`` as SVG (always available) or PNG (needs matplotlib)."""
    lower = path.lower()
    if lower.endswith(".svg"):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(to_svg(result))
        return
    if lower.endswith(".png"):
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "PNG output needs matplotlib, which is not installed; use .svg"
            ) from None
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        rows = 2 if result.secondary is not None else 1
        fig, axes = plt.subplots(rows, 1, figsize=(10, 3.2 * rows), squeeze=False)
        ax = axes[0][0]
        idx = np.arange(1, result.n_points + 1)
        ax.plot(idx, result.statistic, marker="o", ms=3)
        ax.plot(idx, result.center_line, color="green")
        ax.plot(idx, result.ucl_line, "r--")
        ax.plot(idx, result.lcl_line, "r--")
        flagged = result.codes > 0
        ax.plot(idx[flagged], result.statistic[flagged], "ro")
        ax.set_title(result.chart)
        if result.secondary is not None:
            sec = result.secondary
            ax2 = axes[1][0]
            ax2.plot(idx, sec.statistic, marker="o", ms=3)
            for line, style in ((sec.center, "g-"), (sec.ucl, "r--"), (sec.lcl, "r--")):
                ax2.plot(idx, np.broadcast_to(line, idx.shape), style)
            ax2.set_title(sec.chart)
        fig.tight_layout()
        fig.savefig(path)
        plt.close(fig)
        return
    raise RuntimeError("the plot file must end in .svg or .png")
