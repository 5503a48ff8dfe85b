"""Bar charts as inline SVG: Chinese labels, no script, no external font.

Fonts are named, not embedded: the reader's system supplies a CJK font, as it
does for the rest of the page.
"""

from __future__ import annotations

from generator.render.templating import html_text as escape  # the one HTML escaping

from generator.compute.indicators import Indicator
from generator.numbers import format_number

FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','SimHei',sans-serif"
WIDTH, LABEL, ROW = 680, 230, 34
BAR, REACHED, MISSED, TARGET = "#c62828", "#2e7d32", "#ef6c00", "#1565c0"


def bar_chart(title: str, indicators: list[Indicator]) -> str:
    rows = [i for i in indicators if i.value is not None]
    if not rows:
        return ""
    top = max(max(i.value for i in rows), *(_goal(i) or 0 for i in rows)) or 1
    scale = (WIDTH - LABEL - 90) / (top * 1.05)
    height = 30 + ROW * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-weight="bold">{escape(title)}</text>',
    ]
    for n, indicator in enumerate(rows):
        parts += _row(indicator, 30 + n * ROW, scale)
    parts.append("</svg>")
    return "".join(parts)


def _goal(indicator: Indicator) -> float | None:
    target = indicator.target
    if target is None or isinstance(target.value, list):
        return None
    return float(target.value)


def _row(indicator: Indicator, y: int, scale: float) -> list[str]:
    colour = {True: REACHED, False: MISSED, None: BAR}[indicator.met]
    width = max(1.0, indicator.value * scale)
    value = f"{format_number(indicator.value)}{indicator.unit}"
    parts = [
        f'<text x="{LABEL - 8}" y="{y + 17}" text-anchor="end">{escape(indicator.label)}</text>',
        f'<rect x="{LABEL}" y="{y + 4}" width="{width:.1f}" height="{ROW - 12}" fill="{colour}"/>',
        f'<text x="{LABEL + width + 6:.1f}" y="{y + 17}">{escape(value)}</text>',
    ]
    goal = _goal(indicator)
    if goal is not None:
        x = LABEL + goal * scale
        parts.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + ROW - 4}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="4 2">'
                     f"<title>目标 {escape(format_number(goal))}{escape(indicator.unit)}</title></line>")
    return parts
