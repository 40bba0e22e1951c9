/**
 * `npm run bench -- --quick --scenario quick-open-loop` against real servers (Debian 12's
 * gunicorn and uvicorn for /usr/bin/python3, as CI installs them): open-loop points recorded
 * end to end, with a rate from each source (configuration, probe, closed-loop point). Only
 * consistency and physics are asserted, never speed: the machine may be busy.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSanityProblems } from '../../harness/measure/sanity.ts';
import { readDataset } from '../../harness/run/dataset-io.ts';
import { computeMedian } from '../../src/bench/stats.ts';
import { sleep } from '../../harness/system/processes.ts';
import { findLeftovers, findRunProcess, LONG, startBench } from './harness-support.ts';

describe('npm run bench -- --quick --scenario quick-open-loop (real servers)', () => {
  it(
    'records open-loop points whose rates, counts and latencies add up, and leaves nothing running',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'bench-it-open-loop-'));
      const args = [
        '--quick',
        '--scenario',
        'quick-open-loop',
        '--out',
        out,
        '--python',
        '/usr/bin/python3',
      ];
      const run = startBench(args, randomUUID(), false);
      expect(await run.exited, run.stderr()).toBe(0);
      expect(await findLeftovers(run.runId)).toEqual([]);
      expect(readdirSync(out)).toEqual(['quick-open-loop.json']);
      const dataset = readDataset(join(out, 'quick-open-loop.json'));

      // Valid (readDataset parses it) and sane: counts add up, achieved <= offered, latency
      // covers service time, rates are their shares of the recorded capacities.
      expect(findSanityProblems(dataset)).toEqual([]);
      expect(dataset.settings.openLoop).toMatchObject({ windowFixedS: 1, warmupS: 1 });
      // The start log estimates the open-loop windows from the rates (harness/run/estimate.ts).
      expect(run.stderr()).toMatch(
        /estimated:\nquick-open-loop: 4 points x 3 repetitions, .*; open loop: 1 s warm-up \+ 1 s windows: \d+ windows, \d+ server starts, about \d+\.\d min/,
      );

      const open = dataset.points.filter((p) => p.openLoop);
      expect(open).toHaveLength(3);
      expect(new Set(dataset.capacities?.map((c) => c.from))).toEqual(
        new Set(['configuration', 'probe', 'point']),
      );
      // The matched point offers exactly the rate the closed-loop point achieved (its median).
      const closed = dataset.points.find((p) => !p.openLoop);
      const matched = dataset.capacities?.find((c) => c.from === 'point');
      expect(matched?.pointId).toBe(closed?.id);
      expect(matched?.rps).toBe(
        computeMedian(closed?.repetitions.map((r) => r.throughputRps) ?? []),
      );
      expect(dataset.capacities?.find((c) => c.from === 'probe')?.probe?.requests).toBeGreaterThan(
        0,
      );

      for (const point of open) {
        expect(point.openLoop?.completed).toBeGreaterThan(0);
        for (const rep of point.repetitions) {
          const o = rep.openLoop;
          if (!o) throw new Error(`${point.id}: no open-loop numbers`);
          // Far below every server's capacity: every request answered, so achieved = offered.
          expect(rep.errorsTotal, point.id).toBe(0);
          expect(o.achievedRps, point.id).toBe(o.offeredRps);
          // io waits 50 ms: no answer sooner, from the intended time or from the send.
          if (point.endpoint === 'io') expect(o.serviceMs.p50, point.id).toBeGreaterThanOrEqual(49);
          expect(o.generatorCpu.share, point.id).toBeGreaterThan(0);
          expect(rep.clientCpuCores).toBe(o.generatorCpu.share);
          expect(rep.groups?.['server']?.pssBytesMax, point.id).toBeGreaterThan(0);
        }
      }
    },
    LONG,
  );
});

describe('interrupting an open-loop recording (Ctrl-C)', () => {
  it(
    'stops the generator with every group, and writes no dataset',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'bench-it-open-loop-abort-'));
      const args = [
        '--quick',
        '--scenario',
        'quick-open-loop',
        '--out',
        out,
        '--python',
        '/usr/bin/python3',
      ];
      const run = startBench(args, randomUUID(), true);
      const generator = async (): Promise<number | undefined> => {
        for (let i = 0; i < 1200; i++) {
          const pid = findRunProcess(run.runId, /open-loop\/cli\.ts/);
          if (pid !== undefined) return pid;
          await sleep(100);
        }
        return undefined;
      };
      expect(await generator(), run.stderr()).toBeDefined();
      process.kill(-run.pid, 'SIGINT');
      await run.exited;
      expect(await findLeftovers(run.runId)).toEqual([]);
      expect(readdirSync(out)).toEqual([]);
      expect(run.stderr()).toMatch(/SIGINT/);
    },
    LONG,
  );
});
