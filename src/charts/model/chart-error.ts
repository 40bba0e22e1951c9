/** Errors of the chart pipeline, worded so a failed build says which chart, file and field. */

/** Where a dataset lives in the repository, for messages. */
export function describeDatasetFile(dataset: string): string {
  return `bench-data/${dataset}.json`;
}

/** A chart definition or reference that does not fit the data; stops the build. */
export class ChartError extends Error {
  override name = 'ChartError';

  /** @param chart the chart id (or the reference, for `<Measured>`); @param problem what is wrong. */
  constructor(chart: string, problem: string) {
    super(`Chart "${chart}": ${problem}`);
  }
}
