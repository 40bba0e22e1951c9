import type { Span, SpanState } from '../../pyodide/protocol.ts';

/**
 * Sizes of the drawing, in SVG user units. The chart is laid out at its container's width
 * (never narrower than `minWidth`), so one unit is one CSS pixel and labels stay legible.
 */
export const timelineSizes = {
  width: 640,
  minWidth: 320,
  labelWidth: 110,
  laneHeight: 18,
  laneGap: 4,
  top: 22,
  axisHeight: 22,
  rightPad: 12,
  /** Roughly the width of one character of the 10px chart labels. */
  charWidth: 6,
} as const;

const layers: Record<SpanState, number> = { running: 0, waiting: 1, blocked: 2, mark: 3, phase: 4 };

/** A bar (or, for marks, a tick) placed on a lane. */
export interface TimelineBar {
  lane: number;
  state: Exclude<SpanState, 'phase'>;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Tooltip text: what, where, and when. */
  title: string;
}

/** Everything needed to draw one run's swimlanes; no DOM, so it is unit-tested. */
export interface TimelineLayout {
  lanes: { name: string; y: number }[];
  bars: TimelineBar[];
  phases: { x: number; label: string }[];
  ticks: { x: number; label: string }[];
  width: number;
  height: number;
  /** End of the time axis, in ms. */
  endMs: number;
}

/** A tick step of 1, 2 or 5 × 10^n ms giving at most `maxTicks` ticks up to `endMs`. */
export function chooseTickStep(endMs: number, maxTicks = 6): number {
  const rough = Math.max(endMs, 1) / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return step ?? 10 * power;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/**
 * Lays out spans as swimlanes: one lane per distinct `lane`, in order of first appearance,
 * time on x from 0 to the last span's end. Phases become lines across every lane.
 */
export function layoutTimeline(
  spans: readonly Span[],
  width: number = timelineSizes.width,
): TimelineLayout {
  const s = { ...timelineSizes, width: Math.max(timelineSizes.minWidth, Math.round(width)) };
  const names = [
    ...new Set(spans.filter((span) => span.state !== 'phase').map((span) => span.lane)),
  ];
  const endMs = Math.max(1, ...spans.map((span) => span.end));
  const plotWidth = s.width - s.labelWidth - s.rightPad;
  const toX = (ms: number) => s.labelWidth + (Math.max(0, ms) / endMs) * plotWidth;
  const laneY = (index: number) => s.top + index * (s.laneHeight + s.laneGap);

  const bars: TimelineBar[] = [];
  const phases: TimelineLayout['phases'] = [];
  // Spans nest (a blocking call inside a running task): draw the more specific state on top.
  const layered = [...spans].sort((a, b) => layers[a.state] - layers[b.state]);
  for (const span of layered) {
    if (span.state === 'phase') {
      phases.push({ x: toX(span.start), label: span.label ?? '' });
      continue;
    }
    const lane = names.indexOf(span.lane);
    const x = toX(span.start);
    const what = span.label ? `${span.state}: ${span.label}` : span.state;
    const when =
      span.state === 'mark'
        ? `at ${span.start.toFixed(1)} ms`
        : `${span.start.toFixed(1)}–${span.end.toFixed(1)} ms (${(span.end - span.start).toFixed(1)} ms)`;
    bars.push({
      lane,
      state: span.state,
      x,
      y: laneY(lane),
      // Keep very short spans visible: a 0.1 ms bar would be thinner than a pixel.
      width: span.state === 'mark' ? 0 : Math.max(1, toX(span.end) - x),
      height: s.laneHeight,
      title: `${span.lane}, ${what}, ${when}`,
    });
  }

  fitPhaseLabels(phases, s.width - s.rightPad);

  const step = chooseTickStep(endMs);
  const ticks: TimelineLayout['ticks'] = [];
  for (let ms = 0; ms <= endMs + 1e-9; ms += step) ticks.push({ x: toX(ms), label: formatMs(ms) });

  return {
    lanes: names.map((name, index) => ({ name, y: laneY(index) })),
    bars,
    phases,
    ticks,
    width: s.width,
    height: laneY(names.length) + s.axisHeight,
    endMs,
  };
}

/** Shortens each phase label to the room before the next phase line, with an ellipsis. */
function fitPhaseLabels(phases: TimelineLayout['phases'], right: number): void {
  const sorted = [...phases].sort((a, b) => a.x - b.x);
  for (const [i, phase] of sorted.entries()) {
    const room = (sorted[i + 1]?.x ?? right) - phase.x - 6;
    const chars = Math.max(1, Math.floor(room / timelineSizes.charWidth));
    if (phase.label.length > chars) phase.label = `${phase.label.slice(0, chars - 1)}…`;
  }
}

/** One sentence for screen readers: what the chart shows. */
export function describeTimeline(layout: TimelineLayout): string {
  const lanes = layout.lanes.length;
  return `Timeline of ${lanes} lane${lanes === 1 ? '' : 's'} over ${Math.round(layout.endMs)} ms. The table below lists every span.`;
}
