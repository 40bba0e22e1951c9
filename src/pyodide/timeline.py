"""Record what each task is doing, so the page can draw it as swimlanes.

Demo code imports this module in the browser and under CPython alike:

    with timeline.span("request 3", "waiting", "database"):
        await asyncio.sleep(0.1)
    timeline.mark("heartbeat", "tick")
    timeline.phase("asyncio.gather")

In the browser the page draws the spans after the run. Under CPython, ``show()`` prints a
rough text version of the same chart instead.
"""

import time
from contextlib import contextmanager

STATES = ("running", "waiting", "blocked")

_spans = []
_origin = time.perf_counter()
# The browser runner sets this, and draws the chart itself.
in_browser = False


def reset():
    """Forget every span and start the clock again (the runner calls this before each run)."""
    global _origin
    _spans.clear()
    _origin = time.perf_counter()


def record(lane, state, start, end, label=None):
    """Add a span between two ``time.perf_counter()`` readings."""
    if state not in STATES:
        raise ValueError(f"state must be one of {STATES}, not {state!r}")
    _spans.append((str(lane), state, start, end, label))


def record_at(lane, state, start_ms, end_ms, label=None):
    """Add a span at times given in ms since the run began, for simulations: their clock
    is not ``time.perf_counter()``, so the chart draws simulated time instead of wall time."""
    record(lane, state, _origin + start_ms / 1000, _origin + end_ms / 1000, label)


@contextmanager
def span(lane, state="running", label=None):
    """Record the time spent inside the ``with`` block as one span on ``lane``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        record(lane, state, start, time.perf_counter(), label)


def mark(lane, label=None):
    """Record an instant on ``lane``, such as a heartbeat tick."""
    now = time.perf_counter()
    _spans.append((str(lane), "mark", now, now, label))


def phase(label):
    """Start a new section of the run; the chart draws it as a line across every lane."""
    now = time.perf_counter()
    _spans.append(("", "phase", now, now, str(label)))


def export():
    """The spans as plain dicts, in milliseconds since ``reset()``, for the page."""
    return [
        {
            "lane": lane,
            "state": state,
            "start": round((start - _origin) * 1000, 3),
            "end": round((end - _origin) * 1000, 3),
            "label": label,
        }
        for lane, state, start, end, label in _spans
    ]


_GLYPHS = {"running": "#", "waiting": ".", "blocked": "X"}
# Spans nest (a blocking call inside a running task): draw the more specific state on top.
_LAYER = {"running": 0, "waiting": 1, "blocked": 2, "mark": 3}


def show(width=60):
    """Print the chart as text under CPython; in the browser the page draws it instead."""
    if in_browser or not _spans:
        return
    spans = export()
    end = max(s["end"] for s in spans) or 1.0
    lanes = list(dict.fromkeys(s["lane"] for s in spans if s["lane"]))
    spans.sort(key=lambda s: _LAYER.get(s["state"], 0))
    label_width = max(len(lane) for lane in lanes)
    for lane in lanes:
        row = [" "] * width
        for s in spans:
            if s["lane"] != lane:
                continue
            first = min(width - 1, int(s["start"] / end * width))
            last = min(width - 1, int(s["end"] / end * width))
            for i in range(first, last + 1):
                row[i] = _GLYPHS.get(s["state"], "|")
        print(f"{lane:>{label_width}} |{''.join(row)}|")
    print(f"{'':>{label_width}}  0 ms{'':{width - 12}}{end:.0f} ms")
    print(f"{'':>{label_width}}  # running   . waiting   X blocked   | mark")
