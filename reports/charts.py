"""The reports page's charts, laid out on the server as SVG geometry (no script, no framework): a
value axis with round ticks, each bar with its value above it, each group with its label under it, and
a legend. Labels and values are formatted in the page's language (`events.numbers`)."""

import math
from dataclasses import dataclass, field

from events.numbers import format_number, format_quarter

HEIGHT = 260
TOP = 24  # room for the value above the tallest bar
BOTTOM = 40  # room for the labels under the axis
LEFT = 48  # room for the axis' numbers
BAR = 26
GAP = 6  # between the bars of one group
GROUP_GAP = 28


@dataclass
class Bar:
    series: int
    x: int
    y: int
    height: int
    value: int
    value_label: str
    label_x: int


@dataclass
class Group:
    label: str
    x_center: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Tick:
    y: int
    label: str


@dataclass
class BarChart:
    width: int
    height: int
    axis_y: int
    left: int
    ticks: list[Tick]
    groups: list[Group]
    series: list[str]


def nice_ceiling(value: int) -> int:
    """The top of the axis: the smallest of 1, 2, 5 x 10^k at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _tick_count(top: int) -> int:
    """Ticks that fall on whole numbers: 0-1-2 for 2, 0-1-..-5 for 5, steps of 5 for 20, of 20 for 100."""
    if top <= 2:
        return top
    return 4 if str(top).startswith("2") else 5


def quarter_chart(quarters: list[dict], series: list[tuple[str, str]]) -> BarChart:
    """Grouped bars per quarter; `series` is [(key in each quarter's dict, legend label)]."""
    plot = HEIGHT - TOP - BOTTOM
    axis_y = TOP + plot
    top = nice_ceiling(max([q[key] for q in quarters for key, _label in series] or [0]))
    ticks_n = _tick_count(top)
    ticks = [
        Tick(y=axis_y - round(plot * i / ticks_n), label=format_number(top * i // ticks_n))
        for i in range(ticks_n + 1)
    ]
    group_width = len(series) * BAR + (len(series) - 1) * GAP
    groups = []
    x = LEFT + GROUP_GAP // 2
    for q in quarters:
        group = Group(label=format_quarter(q["quarter"]), x_center=x + group_width // 2)
        for index, (key, _label) in enumerate(series):
            value = q[key]
            height = round(plot * value / top)
            bar_x = x + index * (BAR + GAP)
            group.bars.append(
                Bar(
                    series=index,
                    x=bar_x,
                    y=axis_y - height,
                    height=height,
                    value=value,
                    value_label=format_number(value),
                    label_x=bar_x + BAR // 2,
                )
            )
        groups.append(group)
        x += group_width + GROUP_GAP
    return BarChart(
        width=max(x - GROUP_GAP // 2 + 8, 320),
        height=HEIGHT,
        axis_y=axis_y,
        left=LEFT,
        ticks=ticks,
        groups=groups,
        series=[str(label) for _key, label in series],
    )
