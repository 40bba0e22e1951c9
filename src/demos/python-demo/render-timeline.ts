import type { Span } from '../../pyodide/protocol.ts';
import {
  describeTimeline,
  layoutTimeline,
  timelineSizes,
  type TimeRange,
} from './timeline-layout.ts';

const SVG = 'http://www.w3.org/2000/svg';

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * Draws spans as an SVG swimlane chart. Colours come from CSS classes (`tl-running` …) that
 * use Starlight's theme variables, so the chart follows `html[data-theme]` without redrawing.
 */
export function drawTimelineSvg(
  spans: readonly Span[],
  width?: number,
  range?: TimeRange,
): SVGSVGElement {
  const layout = layoutTimeline(spans, width, range);
  const s = timelineSizes;
  const svg = svgElement('svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'img',
    'aria-label': describeTimeline(layout),
    class: 'tl',
  });
  const axisY = layout.height - s.axisHeight;
  for (const tick of layout.ticks) {
    svg.append(
      svgElement('line', {
        x1: tick.x,
        x2: tick.x,
        y1: layout.top - 4,
        y2: axisY,
        class: 'tl-grid',
      }),
    );
    svg.append(svgElement('text', { x: tick.x, y: axisY + 14, class: 'tl-tick' }, tick.label));
  }
  for (const lane of layout.lanes) {
    const y = lane.y + s.laneHeight / 2 + 4;
    svg.append(svgElement('text', { x: layout.plotLeft - 6, y, class: 'tl-lane' }, lane.name));
  }
  for (const bar of layout.bars) {
    const shape =
      bar.state === 'mark'
        ? svgElement('line', {
            x1: bar.x,
            x2: bar.x,
            y1: bar.y + 2,
            y2: bar.y + bar.height - 2,
            class: 'tl-mark',
          })
        : svgElement('rect', {
            x: bar.x,
            y: bar.y,
            width: bar.width,
            height: bar.height,
            rx: 2,
            class: `tl-${bar.state}`,
          });
    shape.append(svgElement('title', {}, bar.title));
    svg.append(shape);
  }
  for (const phase of layout.phases) {
    svg.append(
      svgElement('line', {
        x1: phase.x,
        x2: phase.x,
        y1: phase.labelY + 3,
        y2: axisY,
        class: 'tl-phase',
      }),
    );
    svg.append(
      svgElement(
        'text',
        { x: phase.labelX, y: phase.labelY, class: 'tl-phase-label' },
        phase.label,
      ),
    );
  }
  return svg;
}

/** The same spans as a table, for screen readers and for readers who want the numbers. */
export function drawTimelineTable(spans: readonly Span[]): HTMLTableElement {
  const table = document.createElement('table');
  table.innerHTML =
    '<thead><tr><th>Lane</th><th>State</th><th>Label</th><th>Start (ms)</th><th>End (ms)</th></tr></thead>';
  const body = table.createTBody();
  for (const span of spans) {
    const row = body.insertRow();
    const cells = [
      span.lane,
      span.state,
      span.label ?? '',
      span.start.toFixed(1),
      span.end.toFixed(1),
    ];
    for (const value of cells) row.insertCell().textContent = value;
  }
  return table;
}
