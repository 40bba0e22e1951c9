import { describe, expect, it } from 'vitest';
import { fillSubtitle } from '../../../../src/charts/model/fill-subtitle.ts';
import { makeSyntheticDataset, makeSyntheticPoint } from '../../../support/bench-factory.ts';
import { catchMessage } from '../../../support/catch-message.ts';

const specs = [
  { model: 'gunicorn-sync' as const, workers: 3, concurrency: 1, endpointMs: 50 },
  { model: 'gunicorn-sync' as const, workers: 3, concurrency: 64, endpointMs: 50 },
  { model: 'uvicorn' as const, workers: 1, concurrency: 1, endpointMs: 50 },
  { model: 'uvicorn' as const, workers: 1, concurrency: 64, endpointMs: 50 },
];
const dataset = makeSyntheticDataset('synthetic', specs);
const points = specs.map(makeSyntheticPoint);
const fill = (template: string) => fillSubtitle('test-chart', template, dataset, points);

describe('fillSubtitle', () => {
  it.each([
    ['{workers@gunicorn-sync}', '3 workers'],
    ['{workers@uvicorn}', '1 worker'],
    ['{endpointMs}', '50 ms'],
    ['{concurrency.max}', '64 connections'],
    ['{concurrency.min}', '1 connection'],
    ['{serverCpus}', '1 server CPU'],
    ['sync runs { workers@gunicorn-sync }.', 'sync runs 3 workers.'],
    ['No placeholder.', 'No placeholder.'],
  ])('fills %s from the configuration', (template, text) => {
    expect(fill(template)).toBe(text);
  });

  it('refuses placeholders that name nothing or more than one value', () => {
    const messages = ['{colour}', '{workers}', '{concurrency}', '{workers@gunicorn-gevent}'].map(
      (template) => catchMessage(() => fill(template)),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "ChartError: Chart "test-chart": subtitle placeholder {colour} is unknown (use {field}, {field@model}, {field.min}, {field.max} with a field of concurrency, workers, threads, slowClients, endpointMs, poolSize, or {serverCpus})",
        "ChartError: Chart "test-chart": subtitle placeholder {workers} needs one workers across the points, found: 1, 3",
        "ChartError: Chart "test-chart": subtitle placeholder {concurrency} needs one concurrency across the points, found: 1, 64",
        "ChartError: Chart "test-chart": subtitle placeholder {workers@gunicorn-gevent} needs one workers across the gunicorn-gevent points, found: none",
      ]
    `);
  });
});
