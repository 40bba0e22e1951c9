import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../src/pyodide/protocol.ts';
import {
  chooseTickStep,
  describeTimeline,
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
  const plotLeft = timelineSizes.labelWidth;
  const plotRight = timelineSizes.width - timelineSizes.rightPad;

  it('gives each lane a row, in order of first appearance, and ignores phases for lanes', () => {
    const layout = layoutTimeline([
      span('', 'phase', 0, 0, 'first'),
      span('b', 'running', 0, 10),
      span('a', 'waiting', 5, 20),
      span('b', 'mark', 15),
    ]);
    expect(layout.lanes.map((lane) => lane.name)).toEqual(['b', 'a']);
    expect(layout.phases).toEqual([{ x: plotLeft, label: 'first' }]);
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

  it('shortens phase labels that would run into the next phase', () => {
    const layout = layoutTimeline([
      span('', 'phase', 0, 0, 'a label far too long for the room it has'),
      span('', 'phase', 10, 10, 'short'),
      span('a', 'running', 0, 100),
    ]);
    const room = (plotRight - plotLeft) / 10 - 6;
    expect(layout.phases[0]?.label).toHaveLength(Math.floor(room / timelineSizes.charWidth));
    expect(layout.phases[0]?.label.endsWith('…')).toBe(true);
    expect(layout.phases[1]?.label).toBe('short');
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
