"""Charts drawn on the server as SVG: no CDN, no JavaScript. This module computes the geometry;
`reports/partials/chart.html` draws it with a title and a description (the accessible name) and
the same figures as a table for screen readers and printing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 36


@dataclass
class Mark:
    label: str
    value: object  # shown in the table and the tooltip ("—" when None)
    href: str
    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class Chart:
    id: str
    title: str
    description: str
    kind: str  # "bars" or "line"
    marks: list[Mark]
    ticks: list[tuple[float, str]]  # (y, label) of the value axis
    unit: str = ""
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> float:
        return self.height - BOTTOM

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return self.width - RIGHT

    @property
    def points(self) -> str:
        """The polyline of a line chart (marks without a value break nothing: they are skipped)."""
        return " ".join(f"{m.cx:.1f},{m.y:.1f}" for m in self.marks if m.value is not None)


def _nice_max(value: float) -> float:
    """The smallest 4 × (1, 2, 2.5 or 5 × 10^k) at or above `value`: four round ticks."""
    raw = max(value, 4) / 4
    scale = 10 ** math.floor(math.log10(raw))
    step = next(m * scale for m in (1, 2, 2.5, 5, 10) if m * scale >= raw)
    return 4 * step


def build(
    *,
    id: str,
    title: str,
    description: str,
    items: list[tuple[str, object, str]],
    kind: str = "bars",
    maximum: float | None = None,
    unit: str = "",
) -> Chart:
    """`items`: (label, value or None, link). Bars from 0 to `maximum` (default: a round number
    above the largest value); a line chart of percentages passes maximum=100."""
    values = [float(v) for _l, v, _h in items if v is not None]
    top = maximum if maximum is not None else _nice_max(max(values, default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(items), 1)
    marks = []
    for i, (label, value, href) in enumerate(items):
        v = float(value) if value is not None else 0.0
        h = plot_h * v / top if top else 0
        marks.append(
            Mark(
                label=label,
                value=value,
                href=href,
                x=round(LEFT + i * slot + slot * 0.15, 1),
                y=round(TOP + plot_h - h, 1),
                width=round(slot * 0.7, 1),
                height=round(h, 1),
            )
        )
    ticks = []
    for k in range(5):
        v = top * k / 4
        text = f"{Decimal(v).quantize(Decimal(1)):f}" if float(v).is_integer() else f"{v:g}"
        ticks.append((round(TOP + plot_h - plot_h * k / 4, 1), text))
    return Chart(id=id, title=title, description=description, kind=kind, marks=marks, ticks=ticks, unit=unit)
