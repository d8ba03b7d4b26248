"""Draw a dyad timeline: the score per period as a line, every event as a point.

``plot_timeline(timeline, path)`` writes a PNG (matplotlib, no display needed) or a self-contained
HTML page (inline SVG and a few lines of script: no network, nothing fetched) where each point
shows its evidence sentence, outlets and claimant when clicked. The score line is drawn per run of
consecutive periods: a period without events is a gap, never interpolated.
"""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path

from detente.errors import InputError
from detente.records import DyadEvent, DyadTimeline
from detente.relations import placed_on, runs_of

__all__ = ["plot_timeline"]

_WIDTH, _HEIGHT, _MARGIN = 900, 360, 50
_COLOURS = {"warm": "#2e7d32", "hostile": "#c62828", "cool": "#757575"}


def plot_timeline(timeline: DyadTimeline, path: Path) -> None:
    """Write the timeline as ``.png`` or ``.html``, chosen by the file's suffix.

    Raises:
        InputError: another suffix, or a file that cannot be written.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".png":
            _png(timeline, path)
        elif suffix in (".html", ".htm"):
            path.write_text(_html(timeline), encoding="utf-8")
        else:
            raise InputError(str(path), "--plot takes a .png or .html file")
    except OSError as exc:
        raise InputError(str(path), f"cannot write the plot: {exc.strerror or exc}") from None


def _title(timeline: DyadTimeline) -> str:
    return f"{timeline.a[1]} and {timeline.b[1]}: relation by {timeline.by}"


def _png(timeline: DyadTimeline, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4), dpi=100)
    ax.axhline(0, color="#999999", linewidth=0.8)
    for run in runs_of(timeline.timeline):
        # one line per run of consecutive periods: a period without events is a gap
        ax.plot(
            [_num(p.start) for p in run],
            [p.score or 0.0 for p in run],
            lw=2,
            color="#1f4e79",
            marker="o" if len(run) == 1 else None,
        )
    for event in _dated(timeline):
        day = placed_on(event.date)
        if day is None:
            continue
        colour = "#2e7d32" if event.score > 0 else "#c62828"
        ax.scatter(
            [_num(day)],
            [event.score],
            s=28,
            color=colour if event.modality == "asserted" else "white",
            edgecolors=colour,
            alpha=0.8,
        )
    for phase in timeline.phases:
        ax.axvspan(_num(phase.start), _num(phase.end), color=_COLOURS[phase.sign], alpha=0.08)
    ax.xaxis_date()
    ax.set_ylim(-10.5, 10.5)
    ax.set_ylabel("score (hostile -10 .. +10 cooperative)")
    ax.set_title(_title(timeline))
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _num(day: date) -> float:
    """A date as matplotlib's date number (days since its epoch)."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]


def _dated(timeline: DyadTimeline) -> list[DyadEvent]:
    return [e for p in timeline.timeline for e in p.events]


def _html(timeline: DyadTimeline) -> str:
    events = _dated(timeline)
    placed = [placed_on(e.date) for e in events]
    days = [d for d in placed if d is not None] + [p.start for p in timeline.timeline]
    first = min(days) if days else date.today()
    last = max(days) if days else date.today()
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return _MARGIN + (_WIDTH - 2 * _MARGIN) * (day - first).days / span

    def y(score: float) -> float:
        return _HEIGHT / 2 - (_HEIGHT / 2 - _MARGIN) * score / 10

    parts = [
        f'<line x1="{_MARGIN}" y1="{y(0)}" x2="{_WIDTH - _MARGIN}" y2="{y(0)}" stroke="#999"/>',
    ]
    for phase in timeline.phases:
        width = max(x(phase.end) - x(phase.start), 2)
        parts.append(
            f'<rect x="{x(phase.start):.1f}" y="{_MARGIN / 2}" width="{width:.1f}" '
            f'height="{_HEIGHT - _MARGIN}" fill="{_COLOURS[phase.sign]}" opacity="0.08"/>'
        )
    for run in runs_of(timeline.timeline):
        # one line per run of consecutive periods: a period without events is a gap
        points = " ".join(f"{x(p.start):.1f},{y(p.score or 0):.1f}" for p in run)
        parts.append(
            f'<polyline class="run" points="{points}" fill="none" stroke="#1f4e79" '
            'stroke-width="2"/>'
        )
    for n, (event, day) in enumerate(zip(events, placed, strict=True)):
        assert day is not None
        colour = "#2e7d32" if event.score > 0 else "#c62828"
        fill = colour if event.modality == "asserted" else "white"
        label = html.escape(
            f"{day} {event.type} {event.score:+.1f} ({event.modality}, {event.date.basis}, "
            f"{event.scope})"
        )
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{y(event.score):.1f}" r="5" '
            f'fill="{fill}" stroke="{colour}" data-n="{n}"><title>{label}</title></circle>'
        )
    for score in (-10, -5, 0, 5, 10):
        parts.append(f'<text x="8" y="{y(score) + 4:.1f}" font-size="11">{score:+d}</text>')
    parts.append(f'<text x="{_MARGIN}" y="{_HEIGHT - 8}" font-size="11">{first}</text>')
    parts.append(
        f'<text x="{_WIDTH - _MARGIN}" y="{_HEIGHT - 8}" font-size="11" '
        f'text-anchor="end">{last}</text>'
    )
    data = json.dumps([e.to_dict() for e in events]).replace("</", "<\\/")
    svg = f'<svg width="{_WIDTH}" height="{_HEIGHT}" role="img">{"".join(parts)}</svg>'
    return _PAGE.format(title=html.escape(_title(timeline)), svg=svg, data=data)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:2em}} circle{{cursor:pointer}}
#evidence{{margin-top:1em;max-width:900px;padding:.8em;border-left:4px solid #1f4e79;
background:#f4f6f8}}</style></head>
<body><h1>{title}</h1>{svg}
<div id="evidence">Click a point to see its evidence.</div>
<script>
const events = {data};
const box = document.getElementById("evidence");
for (const dot of document.querySelectorAll("circle")) {{
  dot.addEventListener("click", () => {{
    const e = events[Number(dot.dataset.n)];
    box.textContent = "";
    const head = document.createElement("strong");
    const stood = [e.source_for, e.target_for].filter(Boolean).join(", ");
    const scope = e.scope === "state" ? `, state level for ${{stood}}` : "";
    head.textContent = `${{e.date.start}}..${{e.date.end}} (${{e.date.basis}}) ` +
      `${{e.source}} ${{e.type}} ${{e.target}} ${{e.score}} (${{e.modality}}${{scope}})`;
    const body = document.createElement("p");
    body.textContent = e.evidence;
    const meta = document.createElement("small");
    const claimed = e.claimed_by.join(", ");
    meta.textContent = `outlets: ${{e.outlets.join(", ")}}; claimed by: ${{claimed}}`;
    box.append(head, body, meta);
  }});
}}
</script></body></html>
"""
