"""The history of saved baselines as an SVG chart: wall time and peak memory."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .results import HistoryEntry

MIB = 1024 * 1024
WIDTH, HEIGHT = 720, 250
LEFT, RIGHT = 70, 20
STYLE = (
    "<style>.title{font-size:14px;font-weight:bold}.axis{font-size:11px;fill:#555}"
    ".grid{stroke:#ddd}.range{stroke:#8aa9d6;stroke-width:3}"
    ".line{fill:none;stroke:#2a5caa;stroke-width:2}.point{fill:#2a5caa}</style>"
)


def escape(text: str) -> str:
    """Text for SVG (xml.sax.saxutils would import urllib: memory we should not use)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def nice_step(top: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten), four ticks to ``top``."""
    raw = top / 4 if top > 0 else 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5):
        if raw <= factor * power:
            return factor * power
    return 10 * power


class Panel:
    """One chart: the median per saved run as a line, min to max as a whisker."""

    def __init__(
        self, history: Sequence[HistoryEntry], key: str, unit: str, top_y: int
    ) -> None:
        self.history, self.key, self.unit, self.top_y = history, key, unit, top_y
        self.scale = 1.0 if unit == "s" else 1 / MIB
        highs = [entry.figures[key].max * self.scale for entry in history]
        self.step = nice_step(max(highs) * 1.1)
        self.ceiling = self.step * (int(max(highs) * 1.1 / self.step) + 1)
        self.plot_h = HEIGHT - 60

    def x(self, index: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * ((index + 0.5) / len(self.history))

    def y(self, value: float) -> float:
        return self.top_y + 30 + self.plot_h * (1 - value / self.ceiling)

    def draw(self, title: str) -> list[str]:
        out = [
            (
                f'<text x="{LEFT}" y="{self.top_y + 18}" class="title">'
                f"{escape(title)}</text>"
            )
        ]
        out += self.axis()
        medians = [
            entry.figures[self.key].median * self.scale for entry in self.history
        ]
        points = [
            f"{self.x(index):.1f},{self.y(value):.1f}"
            for index, value in enumerate(medians)
        ]
        out.append(f'<polyline points="{" ".join(points)}" class="line"/>')
        for index, entry in enumerate(self.history):
            out += self.whisker(index, entry)
        out += self.labels()
        return out

    def axis(self) -> list[str]:
        out = []
        tick = 0.0
        unit = "s" if self.unit == "s" else "MiB"
        while tick <= self.ceiling + self.step / 2:
            level = f"{self.y(tick):.1f}"
            out.append(
                f'<line x1="{LEFT}" y1="{level}" x2="{WIDTH - RIGHT}" y2="{level}" '
                'class="grid"/>'
            )
            out.append(
                f'<text x="{LEFT - 6}" y="{self.y(tick) + 4:.1f}" class="axis" '
                f'text-anchor="end">{tick:g} {unit}</text>'
            )
            tick += self.step
        return out

    def whisker(self, index: int, entry: HistoryEntry) -> list[str]:
        figure = entry.figures[self.key]
        low, mid, high = (
            v * self.scale for v in (figure.min, figure.median, figure.max)
        )
        across = f"{self.x(index):.1f}"
        tip = escape(f"{entry.label}: median {mid:.3g}, min {low:.3g}, max {high:.3g}")
        return [
            (
                f'<line x1="{across}" y1="{self.y(low):.1f}" x2="{across}" '
                f'y2="{self.y(high):.1f}" class="range"/>'
            ),
            (
                f'<circle cx="{across}" cy="{self.y(mid):.1f}" r="4" class="point">'
                f"<title>{tip}</title></circle>"
            ),
        ]

    def labels(self) -> list[str]:
        # About eight commit labels fit under the axis; always label the newest run.
        count = len(self.history)
        every = -(-count // 8)
        return [
            f'<text x="{self.x(index):.1f}" y="{self.top_y + 30 + self.plot_h + 16}" '
            f'class="axis" text-anchor="middle">{escape(entry.label)}</text>'
            for index, entry in enumerate(self.history)
            if (count - 1 - index) % every == 0
        ]


def history_svg(history: Sequence[HistoryEntry]) -> str:
    """The saved baselines over time, oldest on the left."""
    total = 2 * HEIGHT
    body = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
            f'height="{total}" viewBox="0 0 {WIDTH} {total}" font-family="sans-serif">'
        ),
        STYLE,
        f'<rect width="{WIDTH}" height="{total}" fill="white"/>',
    ]
    charted = [entry for entry in history if {"wall", "rss_tree"} <= set(entry.figures)]
    if charted:
        wall = "wall time per saved baseline (median, min to max)"
        body += Panel(charted, "wall", "s", 0).draw(wall)
        body += Panel(charted, "rss_tree", "B", HEIGHT).draw(
            "peak memory, process tree"
        )
    else:
        body.append(
            '<text x="20" y="40">no baselines saved yet: make bench-save</text>'
        )
    body.append("</svg>")
    return "\n".join(body) + "\n"
