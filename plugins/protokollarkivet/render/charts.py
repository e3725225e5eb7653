"""Attendance charts as inline SVG, drawn at build time so they need no script and print as they show."""

from __future__ import annotations

from html import escape

from ..strings import Strings

_BAR = 28
_GAP = 14
_HEIGHT = 120
_TOP = 18
_BOTTOM = 22


def attendance_svg(years: list[tuple[int, int, int]], strings: Strings, name: str) -> str:
    """A bar per year: the share of meetings the municipality attended. Its numbers are also in a table."""
    if not years:
        return ""
    width = len(years) * (_BAR + _GAP) + _GAP
    summary = strings(
        "ui.chart_alt",
        name=name,
        details="; ".join(strings("ui.chart_year", year=y, attended=a, held=h) for y, a, h in years),
    )
    parts = [
        f'<svg class="pa-chart" role="img" aria-labelledby="pa-chart-title" viewBox="0 0 {width} {_HEIGHT + _TOP + _BOTTOM}" '
        f'width="{width}" height="{_HEIGHT + _TOP + _BOTTOM}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pa-chart-title">{escape(summary)}</title>',
        f'<line x1="0" y1="{_TOP + _HEIGHT}" x2="{width}" y2="{_TOP + _HEIGHT}" class="pa-chart-axis"/>',
    ]
    for position, (year, attended, held) in enumerate(years):
        x = _GAP + position * (_BAR + _GAP)
        share = attended / held if held else 0
        height = round(_HEIGHT * share)
        y = _TOP + _HEIGHT - height
        parts.append(f'<rect x="{x}" y="{_TOP}" width="{_BAR}" height="{_HEIGHT}" class="pa-chart-track"/>')
        parts.append(f'<rect x="{x}" y="{y}" width="{_BAR}" height="{height}" class="pa-chart-bar"/>')
        parts.append(f'<text x="{x + _BAR / 2}" y="{_TOP - 5}" text-anchor="middle" class="pa-chart-label">{attended}/{held}</text>')
        parts.append(f'<text x="{x + _BAR / 2}" y="{_TOP + _HEIGHT + 16}" text-anchor="middle" class="pa-chart-label">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)


_ROW = 26
_LABEL = 150
_SCALE = 300


def term_attendance_svg(rows: list[tuple[str, int, int, int]], strings: Strings, name: str) -> str:
    """A bar per term: meetings attended wholly (solid), partly (hatched, so that colour is not the only
    difference) and missed (the rest of the track). rows: (label, attended, partly, absent). The same
    numbers are in the table beside it and in the chart's title."""
    if not rows:
        return ""
    height = len(rows) * _ROW + _TOP
    width = _LABEL + _SCALE + 10
    summary = strings(
        "ui.term_chart_alt",
        name=name,
        details="; ".join(strings("ui.term_chart_row", term=label, attended=a, partly=p, absent=x) for label, a, p, x in rows),
    )
    parts = [
        f'<svg class="pa-chart" role="img" aria-labelledby="pa-term-chart-title" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pa-term-chart-title">{escape(summary)}</title>',
        '<defs><pattern id="pa-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="pa-chart-track"/><line x1="0" y1="0" x2="0" y2="6" class="pa-chart-hatch"/></pattern></defs>',
    ]
    for position, (label, attended, partly, absent) in enumerate(rows):
        total = attended + partly + absent
        y = _TOP + position * _ROW
        whole = round(_SCALE * attended / total) if total else 0
        part = round(_SCALE * partly / total) if total else 0
        parts.append(f'<text x="0" y="{y + 14}" class="pa-chart-label">{escape(label)}</text>')
        parts.append(f'<rect x="{_LABEL}" y="{y}" width="{_SCALE}" height="18" class="pa-chart-track"/>')
        parts.append(f'<rect x="{_LABEL}" y="{y}" width="{whole}" height="18" class="pa-chart-bar"/>')
        parts.append(f'<rect x="{_LABEL + whole}" y="{y}" width="{part}" height="18" fill="url(#pa-hatch)" class="pa-chart-partly"/>')
    parts.append("</svg>")
    return "".join(parts)
