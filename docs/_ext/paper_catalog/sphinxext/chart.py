"""A stacked bar chart of papers per year by area, as a self-contained SVG document."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 48, 200, 20, 40
#: The phone layout: about as wide as a phone shows it (so 12-unit text stays near 12 px),
#: years written slanting, the legend under the bars.
PHONE_WIDTH, PHONE_PLOT_HEIGHT, PHONE_LEFT, PHONE_RIGHT, PHONE_BOTTOM = 320, 220, 34, 8, 50
LEGEND_ROW = 20


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 8:
            return step
    return int(10 ** len(str(peak)))


def stacked_bars(years: Sequence[int], series: Sequence[tuple[str, Sequence[int]]],
                 title: str, phone: bool = False) -> str:
    """SVG text: one bar per year, one coloured segment per series, and a legend (right
    of the bars, or under them for a phone's narrow screen)."""
    totals = [sum(values[i] for _, values in series) for i in range(len(years))]
    step = _nice_step(max(totals, default=0) or 1)
    top_value = max(step, -(-max(totals, default=0) // step) * step)
    if phone:
        width, left, right, bottom = PHONE_WIDTH, PHONE_LEFT, PHONE_RIGHT, PHONE_BOTTOM
        plot_h = PHONE_PLOT_HEIGHT
        height = TOP + plot_h + bottom + LEGEND_ROW * len(series)
    else:
        width, height, left, right, bottom = WIDTH, HEIGHT, LEFT, RIGHT, BOTTOM
        plot_h = HEIGHT - TOP - BOTTOM
    plot_w = width - left - right
    slot = plot_w / max(len(years), 1)
    bar_w = slot * 0.7

    def y_of(value: float) -> float:
        return TOP + plot_h - plot_h * value / top_value

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" '
           f'font-size="12">',
           f"<title>{escape(title)}</title>",
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for tick in range(0, top_value + 1, step):
        y = y_of(tick)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
                   f'stroke="#dddddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="#333333">{tick}</text>')
    for i, year in enumerate(years):
        x = left + slot * i + (slot - bar_w) / 2
        base = 0
        for j, (name, values) in enumerate(series):
            if values[i]:
                y0, y1 = y_of(base), y_of(base + values[i])
                out.append(f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar_w:.1f}" '
                           f'height="{y0 - y1:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                           f"<title>{escape(f'{name}, {year}: {values[i]}')}</title></rect>")
            base += values[i]
        if phone:  # slanting, so that years stay apart on a narrow chart
            cx, cy = x + bar_w / 2 + 4, TOP + plot_h + 12
            out.append(f'<text x="{cx:.1f}" y="{cy}" text-anchor="end" fill="#333333" '
                       f'transform="rotate(-45 {cx:.1f} {cy})">{year}</text>')
        else:
            out.append(f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 16}" '
                       f'text-anchor="middle" fill="#333333">{year}</text>')
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{y_of(base) - 4:.1f}" '
                   f'text-anchor="middle" fill="#333333">{totals[i]}</text>')
    for j, (name, _) in enumerate(series):
        if phone:
            y, x = TOP + plot_h + bottom + 4 + LEGEND_ROW * j, left
        else:
            y, x = TOP + 10 + 22 * j, WIDTH - RIGHT + 16
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" '
                   f'fill="{PALETTE[j % len(PALETTE)]}"/>')
        out.append(f"<text x=\"{x + 18}\" y=\"{y}\" fill=\"#333333\">{escape(name)}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


