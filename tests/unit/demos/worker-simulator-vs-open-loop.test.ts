import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, type DatasetEntry } from '../../../src/bench/catalog.ts';
import { BenchDatasetSchema, type BenchDataset } from '../../../src/bench/schema.ts';
import {
  collectOpenLoopPoints,
  type OpenLoopPointCase,
} from '../../../src/demos/simulator/collect-open-loop-points.ts';
import { simulatorSliders } from '../../../src/demos/simulator/simulator-controls.ts';
import type { OpenLoopPrediction } from '../../../src/demos/simulator/open-loop-rows.ts';
import { python, runSimulator } from '../../support/python.ts';

/*
 * The simulator's open loop against the recorded open-loop points (issue 13), as
 * worker-simulator-vs-measurements.test.ts holds its closed loop to the closed-loop ones. Every
 * point with `openLoop` in every dataset in bench-data/ (`open-loop`, `closed-vs-open`) that
 * the simulator can model is replayed by `simulate_open` with the recording's own load (rate,
 * arrivals, warm-up, window, 2 s timeout, connection cap) and server (workers, threads, CPUs),
 * at the page's default overhead. It checks:
 *
 * - every point: the model's window requests add up (answered + timed out = scheduled) and it
 *   never achieves more than it was offered;
 * - at half a measured capacity or less: model and recording both serve the offered rate
 *   (achieved within 2 % of offered), neither keeps a growing queue, and the model's p50 from
 *   arrival is within a factor of 2 of the recording's (the model leaves out HTTP's cost, small
 *   beside a 50 ms wait but not beside 5 ms of CPU);
 * - where the capacity comes from the configuration (Little's law: sync and gthread on io,
 *   the model's own arithmetic): both agree on whether a queue grows, none at 75 % or below,
 *   one at 150 % and above.
 *
 * "A queue grows" (for both): more than 10 % of the window's requests still unanswered as it
 * closed, or more than 1 % timed out. At 90 % and 100 % whether it grows within a few seconds
 * depends on chance and on the few percent by which model and server differ, so nothing is
 * asserted there. Until a dataset with open-loop points is in bench-data/ this is skipped; once
 * the catalog charts one (`open-loop` or `closed-vs-open` moved to DATASETS), its absence fails.
 * Where a check fails on a real recording, the model and the server part ways there: say so in
 * the chapter, as "A model beside the measurements" does for the closed loop, and narrow the
 * check to where they agree.
 */
const root = new URL('../../../', import.meta.url);
const overheadMs = simulatorSliders(1).find((s) => s.param === 'overhead_ms')?.value ?? NaN;
const OPEN_LOOP_KINDS: readonly string[] = ['open-loop', 'closed-vs-open'];

/** Every dataset in bench-data/ with at least one open-loop point. */
function readOpenLoopDatasets(): BenchDataset[] {
  const dir = fileURLToPath(new URL('bench-data/', root));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .map((f) => BenchDatasetSchema.parse(JSON.parse(readFileSync(dir + f, 'utf8'))))
    .filter((d) => d.points.some((p) => p.openLoop));
}

interface OpenPrediction extends OpenLoopPrediction {
  offeredRps: number;
  completed: number;
}

/** A growing queue: over 10 % of the window's requests unanswered as it closed, or 1 % timed out. */
const queueGrows = (outstandingShare: number, timeoutShare: number): boolean =>
  outstandingShare > 0.1 || timeoutShare > 0.01;
const modelQueueGrows = (m: OpenPrediction): boolean =>
  queueGrows(m.outstandingAtEnd / m.scheduled, m.timeouts / m.scheduled);

const datasets = readOpenLoopDatasets();
const charted = (DATASETS as readonly DatasetEntry[]).filter((d) =>
  OPEN_LOOP_KINDS.includes(d.kind),
);

it('every open-loop dataset the catalog charts is in bench-data/', () => {
  const present = datasets.map((d) => d.id);
  for (const entry of charted) expect(present, entry.id).toContain(entry.id);
});

describe.skipIf(!python || datasets.length === 0)('the open loop against the recordings', () => {
  let compared: { point: OpenLoopPointCase; model: OpenPrediction }[] = [];
  beforeAll(() => {
    const points = datasets.flatMap(collectOpenLoopPoints);
    const predictions = runSimulator<OpenPrediction>(
      points.map((p) => ({ ...p.args, overhead_ms: overheadMs })),
      300_000,
      'simulate_open',
    );
    compared = points.map((point, i) => {
      const model = predictions[i];
      if (!model) throw new Error(`no prediction for ${point.pointId}`);
      return { point, model };
    });
  }, 360_000);

  it('has open-loop points the model can replay', () => {
    expect(compared.length).toBeGreaterThan(0);
  });

  it("every point: the model's requests add up, and it never achieves more than offered", () => {
    for (const { point, model } of compared) {
      expect(model.completed + model.timeouts, point.pointId).toBe(model.scheduled);
      expect(model.achievedRps, point.pointId).toBeLessThanOrEqual(model.offeredRps);
    }
  });

  it('at half a measured capacity or less: both serve the offered rate at about service time', () => {
    const low = compared.filter(
      ({ point }) => point.share <= 0.5 && point.capacityFrom !== 'point',
    );
    for (const { point, model } of low) {
      const { recorded } = point;
      expect(model.achievedRps / model.offeredRps, point.pointId).toBeGreaterThan(0.98);
      expect(recorded.achievedRps / recorded.offeredRps, point.pointId).toBeGreaterThan(0.98);
      expect(modelQueueGrows(model), point.pointId).toBe(false);
      expect(queueGrows(recorded.outstandingShare, recorded.timeoutShare), point.pointId).toBe(
        false,
      );
      const ratio = (model.p50Ms ?? NaN) / (recorded.p50Ms ?? NaN);
      expect(ratio, point.pointId).toBeGreaterThan(0.5);
      expect(ratio, point.pointId).toBeLessThan(2);
    }
  });

  it("where Little's law gives the capacity: both agree on whether a queue grows", () => {
    const decided = compared.filter(
      ({ point }) =>
        point.capacityFrom === 'configuration' && (point.share <= 0.75 || point.share >= 1.5),
    );
    for (const { point, model } of decided) {
      const expected = point.share >= 1.5;
      const { outstandingShare, timeoutShare } = point.recorded;
      expect(queueGrows(outstandingShare, timeoutShare), `${point.pointId} recorded`).toBe(
        expected,
      );
      expect(modelQueueGrows(model), `${point.pointId} model`).toBe(expected);
    }
  });
});
