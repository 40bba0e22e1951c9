/**
 * Preflight of the database scenarios, before anything starts: every Python module their apps
 * import, a Django new enough for its pool where a point uses it, and a PostgreSQL installation
 * (and PgBouncer) where a scenario runs one; each problem with its fix.
 */
import { existsSync } from 'node:fs';
import type { ScenarioSpec } from '../scenarios/scenario.ts';
import { listDbModules } from '../system/db-apps.ts';
import type { ProbeResult } from '../system/models.ts';
import { POSTGRES_GROUP } from '../system/postgres-group.ts';
import { findPostgresInstall, PostgresError } from '../system/postgres-install.ts';
import { PGBOUNCER_GROUP, PGBOUNCER_PROGRAM } from '../system/pgbouncer.ts';
import { resolveHostPath, type Target } from '../system/target.ts';
import { suggestInstall } from './preflight.ts';
import { findDbFields } from './run-task.ts';

/** Debian's package of a module the database apps import, where its name is not python3-NAME. */
const DEBIAN_NAMES: Record<string, string> = { psycopg_pool: 'psycopg-pool' };

/** Whether a dotted version is at least `major.minor`. */
export function isAtLeast(
  version: string | null | undefined,
  major: number,
  minor: number,
): boolean {
  const [a = 0, b = 0] = (version ?? '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return a > major || (a === major && b >= minor);
}

/** Every problem that would stop the database scenarios, each naming its fix. */
export function findDatabaseProblems(
  scenarios: readonly ScenarioSpec[],
  probe: ProbeResult,
  target: Target,
  binDir: string | undefined,
): string[] {
  const problems = new Set<string>();
  for (const scenario of scenarios) {
    for (const point of scenario.points) {
      const db = findDbFields(point);
      if (!db) continue;
      for (const module of listDbModules(db).filter((m) => !probe.modules[m]))
        problems.add(
          `${scenario.id}: the ${db.app} app needs Python module ${module}: ${suggestInstall(target, DEBIAN_NAMES[module] ?? module)}`,
        );
      const django = probe.packages['django'];
      if (db.app === 'django' && db.dbConnections === 'pool' && django && !isAtLeast(django, 5, 1))
        problems.add(
          `${scenario.id}: Django ${django} has no connection pool (added in 5.1); record it on the sid root (--rootfs)`,
        );
    }
    if (scenario.services.some((s) => s.name === POSTGRES_GROUP)) {
      try {
        findPostgresInstall(target.rootfs, binDir);
      } catch (error) {
        if (!(error instanceof PostgresError)) throw error;
        problems.add(`${scenario.id}: ${error.message}`);
      }
    }
    if (
      scenario.services.some((s) => s.name === PGBOUNCER_GROUP) &&
      !existsSync(resolveHostPath(target, PGBOUNCER_PROGRAM))
    ) {
      const where = target.rootfs ? ` in ${target.rootfs}` : '';
      const fix = target.rootfs
        ? `sh harness/env/prepare-sid.sh ${target.rootfs}`
        : 'apt-get install -y pgbouncer';
      problems.add(`${scenario.id}: no ${PGBOUNCER_PROGRAM}${where}: ${fix}`);
    }
  }
  return [...problems];
}
