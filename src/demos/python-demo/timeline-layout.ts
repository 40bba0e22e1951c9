import type { Span, SpanState } from '../../pyodide/protocol.ts';

/**
 * Sizes of the drawing, in SVG user units. The chart is laid out at its container's width
 * (never narrower than `minWidth`), so one unit is one CSS pixel and labels stay legible.
 */
export const timelineSizes = {
  width: 640,
  minWidth: 280,
  /** The widest the lane-label column gets; it shrinks to the longest label. */
  labelWidth: 110,
  laneHeight: 18,
  laneGap: 4,
  /** Room above the lanes for one row of phase labels. */
  phaseRow: 14,
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

/** A phase line, with its label placed on a row above the lanes where it has room. */
export interface TimelinePhase {
  x: number;
  label: string;
  labelX: number;
  /** Baseline of the label. */
  labelY: number;
}

/** Everything needed to draw one run's swimlanes; no DOM, so it is unit-tested. */
export interface TimelineLayout {
  lanes: { name: string; y: number }[];
  bars: TimelineBar[];
  phases: TimelinePhase[];
  ticks: { x: number; label: string }[];
  width: number;
  height: number;
  /** Right edge of the lane labels, where the time axis starts. */
  plotLeft: number;
  /** Top of the first lane. */
  top: number;
  /** The time shown, in ms since the run began. */
  startMs: number;
  endMs: number;
}

/** A stretch of the run to show: a phase, or the whole run. */
export interface TimeRange {
  startMs: number;
  endMs: number;
}

/** A tick step of 1, 2 or 5 × 10^n ms giving at most `maxTicks` ticks over `spanMs`. */
export function chooseTickStep(spanMs: number, maxTicks = 6): number {
  const rough = Math.max(spanMs, 1) / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return step ?? 10 * power;
}

/** A tick's label, in seconds with as many decimals as `stepMs` needs (zoomed ticks differ). */
function formatMs(ms: number, stepMs: number): string {
  const rounded = Math.round(ms * 1000) / 1000;
  if (rounded < 1000) return `${rounded} ms`;
  const decimals = Math.max(0, Math.ceil(-Math.log10(stepMs / 1000) - 1e-9));
  return `${Number((rounded / 1000).toFixed(decimals))} s`;
}

/** Each phase as a stretch of time: from its line to the next one, the last to the run's end. */
export function findPhaseRanges(spans: readonly Span[]): (TimeRange & { label: string })[] {
  const end = Math.max(1, ...spans.map((span) => span.end));
  const phases = spans.filter((span) => span.state === 'phase').sort((a, b) => a.start - b.start);
  return phases.map((phase, i) => ({
    label: phase.label ?? '',
    startMs: phase.start,
    endMs: phases[i + 1]?.start ?? end,
  }));
}

/**
 * Puts each phase label on the first row above the lanes where it does not run into another,
 * moved left where it would leave the drawing, so no label is ever cut short: on a phone a
 * short phase gets a line a few pixels from the next, and its name must still be read.
 */
function placePhaseLabels(
  phases: { x: number; label: string }[],
  left: number,
  right: number,
): { placed: TimelinePhase[]; rows: number } {
  const rowEnds: number[] = [];
  const placed = [...phases]
    .sort((a, b) => a.x - b.x)
    .map((phase) => {
      const width = phase.label.length * timelineSizes.charWidth;
      const labelX = Math.max(left, Math.min(phase.x + 3, right - width));
      let row = rowEnds.findIndex((end) => end + 6 <= labelX);
      if (row < 0) row = rowEnds.push(0) - 1;
      rowEnds[row] = labelX + width;
      return { ...phase, labelX, labelY: 11 + row * timelineSizes.phaseRow };
    });
  return { placed, rows: Math.max(1, rowEnds.length) };
}

/**
 * Lays out spans as swimlanes: one lane per distinct `lane`, in order of first appearance,
 * time on x over `range` (the whole run by default). Spans outside the range are left out and
 * those that cross its edges are cut at them. Phases become lines across every lane.
 */
export function layoutTimeline(
  spans: readonly Span[],
  width: number = timelineSizes.width,
  range?: TimeRange,
): TimelineLayout {
  const s = { ...timelineSizes, width: Math.max(timelineSizes.minWidth, Math.round(width)) };
  const names = [
    ...new Set(spans.filter((span) => span.state !== 'phase').map((span) => span.lane)),
  ];
  const startMs = range?.startMs ?? 0;
  const endMs = range?.endMs ?? Math.max(1, ...spans.map((span) => span.end));
  const longest = Math.max(0, ...names.map((name) => name.length));
  const plotLeft = Math.min(s.labelWidth, longest * s.charWidth + 10);
  const plotWidth = s.width - plotLeft - s.rightPad;
  const duration = Math.max(endMs - startMs, 1e-9);
  const toX = (ms: number) =>
    plotLeft + ((Math.min(Math.max(ms, startMs), endMs) - startMs) / duration) * plotWidth;
  const inRange = (span: Span) =>
    span.end >= startMs && span.start <= endMs && (span.state === 'mark' || span.end > startMs);

  const phaseLines = spans
    .filter((span) => span.state === 'phase' && span.start >= startMs && span.start < endMs)
    .map((span) => ({ x: toX(span.start), label: span.label ?? '' }));
  const { placed, rows } = placePhaseLabels(phaseLines, plotLeft, s.width - s.rightPad);
  const top = 8 + rows * s.phaseRow;
  const laneY = (index: number) => top + index * (s.laneHeight + s.laneGap);

  const bars: TimelineBar[] = [];
  // Spans nest (a blocking call inside a running task): draw the more specific state on top.
  const layered = [...spans].sort((a, b) => layers[a.state] - layers[b.state]);
  for (const span of layered) {
    if (span.state === 'phase' || !inRange(span)) continue;
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

  const step = chooseTickStep(duration);
  const ticks: TimelineLayout['ticks'] = [];
  for (let ms = Math.ceil(startMs / step - 1e-9) * step; ms <= endMs + 1e-9; ms += step) {
    ticks.push({ x: toX(ms), label: formatMs(ms, step) });
  }

  return {
    lanes: names.map((name, index) => ({ name, y: laneY(index) })),
    bars,
    phases: placed,
    ticks,
    width: s.width,
    height: laneY(names.length) + s.axisHeight,
    plotLeft,
    top,
    startMs,
    endMs,
  };
}

/** One sentence for screen readers: what the chart shows. */
export function describeTimeline(layout: TimelineLayout): string {
  const lanes = layout.lanes.length;
  const over =
    layout.startMs === 0
      ? `over ${Math.round(layout.endMs)} ms`
      : `from ${Math.round(layout.startMs)} to ${Math.round(layout.endMs)} ms`;
  return `Timeline of ${lanes} lane${lanes === 1 ? '' : 's'} ${over}. The table below lists every span.`;
}
