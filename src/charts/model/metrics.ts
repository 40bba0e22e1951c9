/**
 * Constants of the benchmark charts: metrics, point fields, palettes and sizes. No data and no
 * pixels here; `to-chart-data.ts` and `to-chart-config.ts` read them.
 */
import { MODEL_LABELS } from '../bench/catalog.ts';
import type { BenchPoint, BenchRepetition, ModelId, Stat } from '../bench/schema.ts';
import { toStat } from '../bench/stats.ts';

/** The metrics a chart can show, in the order the metric switch lists them. */
export const METRIC_IDS = [
  'throughput',
  'p50',
  'p99',
  'errors',
  'memory',
  'idleMemory',
  'rss',
  'cpu',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** How one metric is read from a point and how it is labelled. */
export interface MetricSpec {
  /** Short name for controls and tooltips. */
  label: string;
  /** Axis title. */
  axisLabel: string;
  /** Unit shown after every value. */
  unit: string;
  /** Column name stem for CSV files (ASCII, no spaces). */
  csvName: string;
  /** Divides the recorded value, e.g. bytes to MiB; the result is what the chart shows. */
  divisor: number;
  /**
   * Fraction digits shown: the recorded resolution (wrk reports latency in microseconds), so a
   * tooltip shows the value as measured; CSV and JSON keep full precision.
   */
  digits: number;
  /** The metric's median, min and max across a point's repetitions; null when none measured it. */
  summary: (point: BenchPoint) => Stat | null;
  /** The metric in one repetition; null when nothing was measured. */
  repetition: (repetition: BenchRepetition) => number | null;
}

const MIB = 1024 * 1024;

/** Every metric: where it is in the dataset (schema field names carry the unit) and its label. */
export const METRICS: Record<MetricId, MetricSpec> = {
  throughput: {
    label: 'Throughput',
    axisLabel: 'Throughput (req/s)',
    unit: 'req/s',
    csvName: 'throughput_rps',
    divisor: 1,
    digits: 2,
    summary: (p) => p.summary.throughputRps,
    repetition: (r) => r.throughputRps,
  },
  p50: {
    label: 'Median latency (p50)',
    axisLabel: 'p50 latency (ms)',
    unit: 'ms',
    csvName: 'p50_ms',
    divisor: 1,
    digits: 3,
    summary: (p) => p.summary.latencyMs.p50,
    repetition: (r) => r.latencyMs.p50,
  },
  p99: {
    label: 'Tail latency (p99)',
    axisLabel: 'p99 latency (ms)',
    unit: 'ms',
    csvName: 'p99_ms',
    divisor: 1,
    digits: 3,
    summary: (p) => p.summary.latencyMs.p99,
    repetition: (r) => r.latencyMs.p99,
  },
  errors: {
    label: 'Errors',
    axisLabel: 'Errors per measured window',
    unit: 'errors',
    csvName: 'errors',
    divisor: 1,
    digits: 0,
    summary: (p) => p.summary.errorsTotal,
    repetition: (r) => r.errorsTotal,
  },
  memory: {
    label: 'Memory under load (peak PSS)',
    axisLabel: 'Peak PSS of the server tree (MiB)',
    unit: 'MiB',
    csvName: 'peak_pss_mib',
    divisor: MIB,
    digits: 2,
    summary: (p) => p.summary.pssBytesMax,
    repetition: (r) => r.pssBytesMax,
  },
  idleMemory: {
    label: 'Memory at rest (PSS)',
    axisLabel: 'PSS of the server tree at rest (MiB)',
    unit: 'MiB',
    csvName: 'idle_pss_mib',
    divisor: MIB,
    digits: 2,
    summary: (p) => p.summary.idlePssBytes,
    repetition: (r) => r.idlePssBytes,
  },
  rss: {
    label: 'Memory under load (summed peak RSS)',
    axisLabel: 'Summed peak RSS of the server tree (MiB)',
    unit: 'MiB',
    csvName: 'peak_rss_mib',
    divisor: MIB,
    digits: 2,
    // The harness keeps RSS per repetition only (to show how it double-counts shared pages);
    // its spread is computed here the way the harness computes every other summary.
    summary: (p) => toStat(p.repetitions.map((r) => r.rssBytesMax)),
    repetition: (r) => r.rssBytesMax,
  },
  cpu: {
    label: 'Server CPU',
    axisLabel: 'Server CPU (cores busy)',
    unit: 'cores',
    csvName: 'server_cpu_cores',
    divisor: 1,
    digits: 3,
    summary: (p) => p.summary.serverCpuCores,
    repetition: (r) => r.serverCpuCores,
  },
};

/** Numeric point fields a chart can put on its x axis or split series by. */
export const NUMERIC_FIELDS = [
  'concurrency',
  'workers',
  'threads',
  'slowClients',
  'endpointMs',
] as const;
/** Every point field a chart can split series by or filter on. */
export const POINT_FIELDS = ['model', 'endpoint', ...NUMERIC_FIELDS] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];
export type PointField = (typeof POINT_FIELDS)[number];

/** How a value of a point field reads in a series label. */
export const FIELD_LABELS: Record<PointField, (value: string | number) => string> = {
  model: (value) => MODEL_LABELS[value as ModelId] ?? String(value),
  endpoint: (value) => `/${value}`,
  concurrency: (value) => `${value} connections`,
  workers: (value) => `${value} ${value === 1 ? 'worker' : 'workers'}`,
  threads: (value) => `${value} ${value === 1 ? 'thread' : 'threads'}`,
  slowClients: (value) => `${value} slow clients`,
  endpointMs: (value) => `${value} ms`,
};

export type ThemeName = 'light' | 'dark';

/** Colours and type of one theme; the browser and the build-time images use the same values. */
export interface ChartTheme {
  name: ThemeName;
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  fontFamily: string;
  /** Series colours in order; chosen from Okabe and Ito's colour-blind-safe set, per theme. */
  series: readonly string[];
}

const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, 'DejaVu Sans', 'Liberation Sans', sans-serif";

/** Chart themes matching Starlight's light and dark colours. */
export const THEMES: Record<ThemeName, ChartTheme> = {
  light: {
    name: 'light',
    background: '#ffffff',
    text: '#17181c',
    mutedText: '#545861',
    grid: '#d5d7dc',
    fontFamily: FONT_FAMILY,
    series: ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56689e', '#000000'],
  },
  dark: {
    name: 'dark',
    background: '#17181c',
    text: '#f2f3f5',
    mutedText: '#bfc2c9',
    grid: '#3a3d45',
    fontFamily: FONT_FAMILY,
    series: ['#56b4e9', '#ff8c3a', '#2fd3a0', '#f0a3cf', '#f0e442', '#b5bff5', '#ffffff'],
  },
};

/** Point marker per series, so series differ by shape as well as colour. */
export const POINT_STYLES = [
  'circle',
  'rect',
  'triangle',
  'rectRot',
  'star',
  'crossRot',
  'cross',
] as const;

/** Size of exported and build-time images, in CSS pixels (rendered at 2x). */
export const EXPORT_SIZE = { width: 960, height: 540, pixelRatio: 2 } as const;

/** Start the chart when it comes this close to the viewport. */
export const LAZY_ROOT_MARGIN = '400px 0px';
