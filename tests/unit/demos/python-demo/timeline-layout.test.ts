import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../src/pyodide/protocol.ts';
import {
  chooseTickStep,
  describeTimeline,
  findPhaseRanges,
  layoutTimeline,
  timelineSizes,
} from '../../../../src/demos/python-demo/timeline-layout.ts';

const span = (
  lane: string,
  state: Span['state'],
  start: number,
  end = start,
  label: string | null = null,
): Span => ({
  lane,
  state,
  start,
  end,
  label,
});

describe('chooseTickStep', () => {
  it.each([
    { endMs: 1, step: 0.2 },
    { endMs: 100, step: 20 },
    { endMs: 350, step: 100 },
    { endMs: 1100, step: 200 },
    { endMs: 3000, step: 500 },
    { endMs: 0, step: 0.2 },
  ])('$endMs ms → a tick every $step ms', ({ endMs, step }) => {
    expect(chooseTickStep(endMs)).toBeCloseTo(step);
  });
});

describe('layoutTimeline', () => {
  // One-letter lanes: the label column shrinks to them.
  const plotLeft = 1 * timelineSizes.charWidth + 10;
  const plotRight = timelineSizes.width - timelineSizes.rightPad;

  it('gives each lane a row, in order of first appearance, and ignores phases for lanes', () => {
    const layout = layoutTimeline([
      span('', 'phase', 0, 0, 'first'),
      span('b', 'running', 0, 10),
      span('a', 'waiting', 5, 20),
      span('b', 'mark', 15),
    ]);
    expect(layout.lanes.map((lane) => lane.name)).toEqual(['b', 'a']);
    expect(layout.phases).toMatchObject([{ x: plotLeft, label: 'first' }]);
    expect(layout.endMs).toBe(20);
  });

  it.each([
    {
      name: 'a span over the whole run',
      spans: [span('a', 'running', 0, 100)],
      index: 0,
      x: plotLeft,
      width: plotRight - plotLeft,
    },
    {
      name: 'a mark',
      spans: [span('a', 'running', 0, 100), span('a', 'mark', 50)],
      index: 1,
      x: (plotLeft + plotRight) / 2,
      width: 0,
    },
    {
      name: 'a tiny span',
      spans: [span('a', 'waiting', 0, 0.001), span('b', 'running', 0, 1000)],
      index: 1,
      x: plotLeft,
      width: 1,
    },
  ])('places $name on the time axis', ({ spans, index, x, width }) => {
    const bar = layoutTimeline(spans).bars[index];
    expect(bar?.x).toBeCloseTo(x);
    expect(bar?.width).toBeCloseTo(width);
  });

  it.each([320, 640])(
    'never cuts a phase label: one that would run into the next goes on a row of its own (%i px)',
    (width) => {
      // The first demo's shape: a long phase, then one a tenth as long at the right edge.
      const spans = [
        span('', 'phase', 0, 0, 'one_after_another'),
        span('', 'phase', 1000, 1000, 'all_at_once'),
        span('request 0', 'waiting', 0, 100),
        span('request 0', 'waiting', 1000, 1100),
      ];
      const layout = layoutTimeline(spans, width);
      expect(layout.phases.map((phase) => phase.label)).toEqual([
        'one_after_another',
        'all_at_once',
      ]);
      for (const phase of layout.phases) {
        expect(phase.labelX).toBeGreaterThanOrEqual(layout.plotLeft);
        expect(phase.labelX + phase.label.length * timelineSizes.charWidth).toBeLessThanOrEqual(
          layout.width - timelineSizes.rightPad,
        );
        expect(layout.top).toBeGreaterThan(phase.labelY);
      }
      const [first, second] = layout.phases;
      const overlap =
        (first?.labelX ?? 0) + (first?.label.length ?? 0) * timelineSizes.charWidth >
        (second?.labelX ?? 0);
      if (overlap) expect(second?.labelY).not.toBe(first?.labelY);
    },
  );

  it('fits the lane-label column to the longest lane name', () => {
    expect(layoutTimeline([span('request 9', 'running', 0, 1)]).plotLeft).toBe(
      9 * timelineSizes.charWidth + 10,
    );
    expect(layoutTimeline([span('x'.repeat(40), 'running', 0, 1)]).plotLeft).toBe(
      timelineSizes.labelWidth,
    );
  });

  it('zooms to a phase: its time fills the plot, spans outside it are left out', () => {
    const spans = [
      span('', 'phase', 0, 0, 'slow'),
      span('', 'phase', 1000, 1000, 'fast'),
      span('a', 'waiting', 0, 1000),
      span('a', 'waiting', 1000, 1100),
    ];
    const [, fast] = findPhaseRanges(spans);
    expect(fast).toEqual({ label: 'fast', startMs: 1000, endMs: 1100 });
    const layout = layoutTimeline(spans, 640, fast);
    expect(layout.bars).toHaveLength(1);
    expect(layout.bars[0]?.x).toBeCloseTo(layout.plotLeft);
    expect(layout.bars[0]?.width).toBeCloseTo(640 - layout.plotLeft - timelineSizes.rightPad);
    // Zoomed to 0.1 s, each tick names its own time (not "1 s" six times over).
    expect(layout.ticks.map((tick) => tick.label)).toEqual([
      '1 s',
      '1.02 s',
      '1.04 s',
      '1.06 s',
      '1.08 s',
      '1.1 s',
    ]);
    expect(describeTimeline(layout)).toBe(
      'Timeline of 1 lane from 1000 to 1100 ms. The table below lists every span.',
    );
  });

  it('draws nested spans with the more specific state on top', () => {
    const layout = layoutTimeline([
      span('a', 'blocked', 10, 20),
      span('a', 'running', 0, 30),
      span('a', 'mark', 5),
    ]);
    expect(layout.bars.map((bar) => bar.state)).toEqual(['running', 'blocked', 'mark']);
  });

  it('puts time and duration in each bar’s tooltip', () => {
    const [bar] = layoutTimeline([span('request 1', 'waiting', 0, 100.04, 'I/O')]).bars;
    expect(bar?.title).toBe('request 1, waiting: I/O, 0.0–100.0 ms (100.0 ms)');
  });

  it('labels ticks in ms, then seconds', () => {
    const layout = layoutTimeline([span('a', 'running', 0, 1100)]);
    expect(layout.ticks.map((tick) => tick.label)).toEqual([
      '0 ms',
      '200 ms',
      '400 ms',
      '600 ms',
      '800 ms',
      '1 s',
    ]);
  });

  it('describes itself for screen readers', () => {
    const layout = layoutTimeline([span('a', 'running', 0, 10), span('b', 'running', 0, 10)]);
    expect(describeTimeline(layout)).toBe(
      'Timeline of 2 lanes over 10 ms. The table below lists every span.',
    );
  });
});
