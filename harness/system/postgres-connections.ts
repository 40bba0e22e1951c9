/**
 * How many connections the app holds open: pg_stat_activity, read over one long-lived psql
 * session so that sampling costs no new connection per sample.
 */
import { PostgresError } from './postgres-install.ts';
import type { PsqlSession } from './psql.ts';

/** Client connections other than the asking one: all of them, and those running a query. */
export const CONNECTIONS_SQL = `SELECT count(*), count(*) FILTER (WHERE state = 'active')
  FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`;

/** Connections at one moment. */
export interface ConnectionCount {
  total: number;
  active: number;
}

/** Peaks seen while a sampler ran. */
export interface ConnectionSample {
  /** Most client connections open at once, the sampler's own excluded. */
  peak: number;
  /** Most of those running a query at once. */
  peakActive: number;
  samples: number;
}

/** A running sampler of pg_stat_activity. */
export interface ConnectionSampler {
  /** Stop sampling, close the session, and return the peaks (rejects if a sample failed). */
  stop(): Promise<ConnectionSample>;
}

/** Count the client connections now. */
export async function countConnections(session: PsqlSession): Promise<ConnectionCount> {
  const [row] = await session.query(CONNECTIONS_SQL);
  const [total, active] = (row ?? []).map(Number);
  if (total === undefined || active === undefined || Number.isNaN(total + active)) {
    throw new PostgresError(`unexpected answer to the connections query: ${JSON.stringify(row)}`);
  }
  return { total, active };
}

/** Sample every `intervalMs` until stop(); a failed sample ends sampling and fails stop(). */
export function sampleConnections(session: PsqlSession, intervalMs: number): ConnectionSampler {
  const sample: ConnectionSample = { peak: 0, peakActive: 0, samples: 0 };
  let running = true;
  let failure: Error | null = null;
  const loop = (async () => {
    while (running) {
      try {
        const { total, active } = await countConnections(session);
        sample.peak = Math.max(sample.peak, total);
        sample.peakActive = Math.max(sample.peakActive, active);
        sample.samples += 1;
      } catch (error) {
        failure = error as Error;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await session.close();
      if (failure) throw new PostgresError(`connection sampler failed: ${failure.message}`);
      return sample;
    },
  };
}
