"""A stacked bar chart of papers per year by area, as a self-contained SVG document."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 48, 200, 20, 40


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 8:
            return step
    return int(10 ** len(str(peak)))


def stacked_bars(years: Sequence[int], series: Sequence[tuple[str, Sequence[int]]],
                 title: str) -> str:
    """SVG text: one bar per year, one coloured segment per series, and a legend."""
    totals = [sum(values[i] for _, values in series) for i in range(len(years))]
    step = _nice_step(max(totals, default=0) or 1)
    top_value = max(step, -(-max(totals, default=0) // step) * step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(years), 1)
    bar_w = slot * 0.7

    def y_of(value: float) -> float:
        return TOP + plot_h - plot_h * value / top_value

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="sans-serif" '
           f'font-size="12">',
           f"<title>{escape(title)}</title>",
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for tick in range(0, top_value + 1, step):
        y = y_of(tick)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
                   f'stroke="#dddddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="#333333">{tick}</text>')
    for i, year in enumerate(years):
        x = LEFT + slot * i + (slot - bar_w) / 2
        base = 0
        for j, (name, values) in enumerate(series):
            if values[i]:
                y0, y1 = y_of(base), y_of(base + values[i])
                out.append(f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar_w:.1f}" '
                           f'height="{y0 - y1:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                           f"<title>{escape(f'{name}, {year}: {values[i]}')}</title></rect>")
            base += values[i]
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 16}" '
                   f'text-anchor="middle" fill="#333333">{year}</text>')
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{y_of(base) - 4:.1f}" '
                   f'text-anchor="middle" fill="#333333">{totals[i]}</text>')
    for j, (name, _) in enumerate(series):
        y = TOP + 10 + 22 * j
        x = WIDTH - RIGHT + 16
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" '
                   f'fill="{PALETTE[j % len(PALETTE)]}"/>')
        out.append(f"<text x=\"{x + 18}\" y=\"{y}\" fill=\"#333333\">{escape(name)}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


