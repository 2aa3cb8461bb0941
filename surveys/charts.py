"""Server-drawn charts: horizontal bars as SVG geometry for templates/surveys/_chart.html.

Each chart is an image with a title and a description that states every
number, and the page shows the same numbers in a table beside it.
"""

from decimal import Decimal

WIDTH = 560
LABEL_WIDTH = 190
BAR_AREA = 290
ROW_HEIGHT = 28
BAR_HEIGHT = 18
MAX_HISTOGRAM_BINS = 10
MAX_WHOLE_NUMBER_BARS = 15


def _number(value):
    value = Decimal(value).quantize(Decimal("0.01")).normalize()
    return f"{value:f}"


def _short(label, limit=30):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(title, rows, answered, *, median=None, unit=""):
    """rows: [{"label", "count", "percent"}] -> the geometry and words of an accessible bar chart."""
    most = max((row["count"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = 10 + index * ROW_HEIGHT
        bars.append(
            {
                "label": _short(row["label"]),
                "count": row["count"],
                "percent": row["percent"],
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "width": max(round(BAR_AREA * row["count"] / most), 1 if row["count"] else 0),
                "value_x": LABEL_WIDTH + max(round(BAR_AREA * row["count"] / most), 0) + 6,
            }
        )
    parts = [f"{row['label']}: {row['count']} ({row['percent']}%)" for row in rows]
    description = f"{answered} answered. " + "; ".join(parts) + "."
    if median is not None:
        description += f" Median: {median}{' ' + unit if unit else ''}."
    return {
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": 20 + len(rows) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
    }


def histogram_bins(value_counts, low, high, *, unit=""):
    """[(label, count)] for a number question, from its {value: count} (grouped in the database)."""
    values = [v for v in value_counts if v is not None]
    if low is None or high is None:
        low = min(values, default=Decimal(0))
        high = max(values, default=Decimal(1))
    low, high = Decimal(low), Decimal(high)
    whole = all(v == int(v) for v in values) and low == int(low) and high == int(high)
    if whole and high - low + 1 <= MAX_WHOLE_NUMBER_BARS:
        return [(_number(v), value_counts.get(Decimal(v), 0)) for v in range(int(low), int(high) + 1)]
    step = (high - low) / MAX_HISTOGRAM_BINS or Decimal(1)
    bins = [0] * MAX_HISTOGRAM_BINS
    for value, count in value_counts.items():
        if value is None:
            continue
        index = min(int((Decimal(value) - low) / step), MAX_HISTOGRAM_BINS - 1)
        bins[max(index, 0)] += count
    labels = []
    for index in range(MAX_HISTOGRAM_BINS):
        start = low + step * index
        end = low + step * (index + 1)
        closing = "]" if index == MAX_HISTOGRAM_BINS - 1 else ")"
        labels.append(f"[{_number(start)} to {_number(end)}{closing}")
    return list(zip(labels, bins, strict=True))
