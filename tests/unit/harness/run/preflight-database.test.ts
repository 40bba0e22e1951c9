import { describe, expect, it } from 'vitest';
import { findDatabaseProblems, isAtLeast } from '../../../../harness/run/preflight-database.ts';
import { buildScenarios } from '../../../../harness/scenarios/index.ts';
import { MODELS, type ProbeResult } from '../../../../harness/system/models.ts';
import { createTarget } from '../../../../harness/system/target.ts';

function makeProbe(modules: string[], django: string | null): ProbeResult {
  return {
    python: { executable: '/usr/bin/python3', version: '3.14.0', implementation: 'CPython' },
    modules: Object.fromEntries(modules.map((m) => [m, true])),
    packages: { django },
    workers: { gunicornAsgi: true, uvicornWorkerClass: 'uvicorn.workers.UvicornWorker' },
    loopsPerMs: 20000,
  };
}

const ALL = ['flask', 'django', 'fastapi', 'psycopg', 'psycopg_pool', 'asyncpg'];
const ctx = { models: MODELS, serverCpuCount: 1 };
const host = createTarget(undefined, undefined);

describe.each([
  { version: '5.2.18', ok: true },
  { version: '5.1', ok: true },
  { version: '5.0.9', ok: false },
  { version: '3.2.25', ok: false },
  { version: '10.0', ok: true },
  { version: null, ok: false },
])('isAtLeast($version, 5, 1)', ({ version, ok }) => {
  it(`is ${ok}`, () => expect(isAtLeast(version, 5, 1)).toBe(ok));
});

describe.each([
  {
    name: 'everything there',
    scenario: 'db-frameworks',
    modules: ALL,
    django: '5.2.18',
    binDir: '/usr/lib/postgresql/15/bin',
    problems: [],
  },
  {
    name: 'no asyncpg',
    scenario: 'quick-db',
    modules: ALL.filter((m) => m !== 'asyncpg'),
    django: null,
    binDir: '/usr/lib/postgresql/15/bin',
    problems: [
      'quick-db: the fastapi app needs Python module asyncpg: apt-get install -y python3-asyncpg',
    ],
  },
  {
    name: "Debian 12's Django 3.2 where a point uses Django's pool",
    scenario: 'db-frameworks',
    modules: ALL,
    django: '3.2.25',
    binDir: '/usr/lib/postgresql/15/bin',
    problems: [
      'db-frameworks: Django 3.2.25 has no connection pool (added in 5.1); record it on the sid root (--rootfs)',
    ],
  },
  {
    name: 'no PostgreSQL where --pg-bin points',
    scenario: 'quick-db',
    modules: ALL,
    django: null,
    binDir: '/nonexistent/bin',
    problems: [
      'quick-db: PostgreSQL programs missing on this machine: /nonexistent/bin/postgres, /nonexistent/bin/initdb, /nonexistent/bin/psql. Install them: apt-get install -y postgresql (Debian 12: PostgreSQL 15)',
    ],
  },
])('findDatabaseProblems: $name', ({ scenario, modules, django, binDir, problems }) => {
  it(`finds ${problems.length} problem(s), each with its fix`, () => {
    const scenarios = buildScenarios([scenario], ctx);
    expect(findDatabaseProblems(scenarios, makeProbe(modules, django), host, binDir)).toEqual(
      problems,
    );
  });
});

it('a scenario without a database has nothing to check', () => {
  expect(
    findDatabaseProblems(buildScenarios(['sweep-io'], ctx), makeProbe([], null), host, '/x'),
  ).toEqual([]);
});
