/**
 * Measure the CPU-speed probe itself (measure/cpu-probe.ts), with no server running: what one
 * reading costs in wall time (a window pays two), how far apart the baselines of several runs
 * lie, and how far readings spread against the fastest baseline, i.e. how often the default
 * threshold would call an idle CPU slow. Nothing is asserted; the numbers are only as quiet as
 * the machine was, so the server CPUs' contention over the measurement is printed beside them.
 *
 *   npx node harness/run/measure-cpu-probe.ts [--rootfs DIR | --python PATH] [--baselines 5]
 *     [--readings 200] [--gap-ms 100] [--threshold 0.05]
 */
import { setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import { computeMedian } from '../../src/bench/stats.ts';
import { CPU_PROBE_PLAN, computeSlowdown, takeBaseline } from '../measure/cpu-probe.ts';
import { startCpuProbeProcess } from '../measure/cpu-probe-process.ts';
import { measureServerCpuContention, readServerCpus, sumGroupTicks } from '../measure/noise.ts';
import { killEverythingNow, sleep } from '../system/processes.ts';
import { createTarget, installApps } from '../system/target.ts';

const SERVER_CPUS = [0];
const { values } = parseArgs({
  options: {
    python: { type: 'string' },
    rootfs: { type: 'string' },
    baselines: { type: 'string', default: '5' },
    readings: { type: 'string', default: '200' },
    'gap-ms': { type: 'string', default: '100' },
    threshold: { type: 'string', default: '0.05' },
  },
});
const [baselines, readings, gapMs, threshold] = [
  values.baselines,
  values.readings,
  values['gap-ms'],
  values.threshold,
].map(Number) as [number, number, number, number];

/** The q-quantile of some values (nearest rank). */
const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  setPriority(-5); // the harness's default priority, which the probe inherits as in a recording
  const target = createTarget(values.python, values.rootfs);
  installApps(target);
  const probe = startCpuProbeProcess(target, SERVER_CPUS, CPU_PROBE_PLAN);
  const cpusBefore = readServerCpus(SERVER_CPUS);
  const probeTicksBefore = sumGroupTicks([probe.pid]);
  const runBaselines: number[] = [];
  for (let i = 0; i < baselines; i++) {
    runBaselines.push((await takeBaseline(() => probe.read(), CPU_PROBE_PLAN)).baselineLoopsPerMs);
    await sleep(1000);
  }
  const wallMs: number[] = [];
  const rates: number[] = [];
  for (let i = 0; i < readings; i++) {
    const started = performance.now();
    rates.push(await probe.read());
    wallMs.push(performance.now() - started);
    await sleep(gapMs);
  }
  const contention = measureServerCpuContention(
    cpusBefore,
    readServerCpus(SERVER_CPUS),
    SERVER_CPUS,
    sumGroupTicks([probe.pid]) - probeTicksBefore,
  );
  await probe.stop();
  const best = Math.max(...runBaselines);
  const slowdowns = rates.map((r) => computeSlowdown(best, r)).sort((a, b) => a - b);
  const walls = [...wallMs].sort((a, b) => a - b);
  const loops = CPU_PROBE_PLAN.trials * CPU_PROBE_PLAN.loopsPerTrial;
  const lines = [
    `target: ${values.rootfs ?? values.python ?? '/usr/bin/python3'}; probe ${CPU_PROBE_PLAN.trials} x ${CPU_PROBE_PLAN.loopsPerTrial} loops per reading`,
    `server CPU ${SERVER_CPUS.join(',')} contended ${pct(contention.contention)} over the measurement by other work`,
    `baselines of ${baselines} runs, loops/ms: ${runBaselines.map((b) => Math.round(b)).join(', ')}; spread (max - min) / max ${pct((best - Math.min(...runBaselines)) / best)}`,
    `one reading, wall ms: median ${computeMedian(walls).toFixed(1)}, p90 ${quantile(walls, 0.9).toFixed(1)}, max ${quantile(walls, 1).toFixed(1)}; CPU ms at the median rate ${(loops / computeMedian(rates)).toFixed(1)}; a window pays two`,
    `${readings} readings ${gapMs} ms apart against the fastest baseline: slowdown median ${pct(computeMedian(slowdowns))}, p90 ${pct(quantile(slowdowns, 0.9))}, p99 ${pct(quantile(slowdowns, 0.99))}, max ${pct(quantile(slowdowns, 1))}; above ${threshold}: ${slowdowns.filter((s) => s > threshold).length} of ${readings}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`measure-cpu-probe: ${(error as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(killEverythingNow);
