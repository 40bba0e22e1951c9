/**
 * The parts of the dataset schema (schema.ts) that describe a database behind the request: the
 * framework apps and how they reach PostgreSQL (fields of a point and of a server), the database
 * group's own description and the metrics it measures per repetition. Every field is optional
 * in the dataset, so datasets recorded without a database parse as before.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

/** The framework apps that talk to a database (harness/apps): absent for the plain apps. */
export const AppIdSchema = z.enum(['flask', 'django', 'fastapi']).describe('Framework app');

/** The database driver an app uses. */
export const DriverSchema = z.enum(['psycopg', 'asyncpg']).describe('Database driver');

/**
 * How a request calls the driver: `sync` (a blocking call in a worker process, thread or
 * greenlet), `async` (awaited on the event loop), `sync-in-async` (the mistake: a blocking call
 * inside `async def`, which stops the event loop for its duration), `sync-to-async` (Django's
 * sync view under ASGI, run by asgiref's sync_to_async in a thread per request), `thread-pool`
 * (FastAPI's plain `def` endpoint, run in AnyIO's thread pool).
 */
export const DbAccessSchema = z
  .enum(['sync', 'async', 'sync-in-async', 'sync-to-async', 'thread-pool'])
  .describe('How a request calls the database driver');

/**
 * How an app holds its database connections: `pool` (one pool per process, `poolSize`
 * connections at most), `persistent` (Django's CONN_MAX_AGE: one connection per thread, kept
 * across requests), `per-request` (Django's default CONN_MAX_AGE = 0: opened and closed by each
 * request).
 */
export const DbConnectionsSchema = z
  .enum(['pool', 'persistent', 'per-request'])
  .describe('How an app holds its database connections');

/** Where the app's connections go: straight to PostgreSQL, or through PgBouncer. */
export const DbRouteSchema = z
  .enum(['direct', 'pgbouncer'])
  .describe("Where the app's database connections go");

/** The fields a point of a database scenario adds (spread into PointSchema). */
export const dbPointFields = {
  /** The framework app served (a database app); absent: the plain wsgi_app/asgi_app. */
  app: AppIdSchema.optional(),
  /** The app's database driver. */
  driver: DriverSchema.optional(),
  /** How a request calls the driver. */
  dbAccess: DbAccessSchema.optional(),
  /** How the app holds its database connections. */
  dbConnections: DbConnectionsSchema.optional(),
  /** Where those connections go; absent: straight to PostgreSQL. */
  dbRoute: DbRouteSchema.optional(),
  /**
   * Database connections one server process holds at most: its pool's size (`pool`), its
   * threads (`persistent`); absent for `per-request`, bounded only by the database.
   */
  poolSize: z.number().int().positive().optional(),
  /**
   * Connections the pool opens at start when it may grow from there to `poolSize` on demand;
   * absent for a fixed-size pool (opened in full at start).
   */
  poolMinSize: count.optional(),
  /**
   * How long a request waits for a pooled connection before the app answers 503, seconds;
   * absent: the apps' default, 5 s (harness/apps/db_common.py; the server's `runtime` says).
   */
  poolTimeoutS: z.number().positive().optional(),
};

/** The fields a server configuration of a database scenario adds (spread into ServerSchema). */
export const dbServerFields = {
  /** The app's entry point (`module:attribute`) when it is not the plain wsgi_app/asgi_app. */
  app: z.string().min(1).optional(),
  /**
   * The environment the harness set for the app (DB_POOL_SIZE, DB_DRIVER,
   * DJANGO_DB_CONNECTIONS, ...), besides what the services export (DATABASE_URL, DB_ROWS).
   */
  env: z.record(z.string(), z.string()).optional(),
};

/** The fields a repetition of a database scenario adds (spread into RepetitionSchema). */
export const dbRepetitionFields = {
  /**
   * Completed responses by HTTP status, and for the database apps' JSON error bodies by status
   * and kind (`"200"`, `"404 not found"`, `"503 pool-timeout"`, `"503 database-unavailable"`,
   * `"500 database-error"`): they add up to `requests`. Recorded for the database endpoints;
   * absent elsewhere.
   */
  statusCounts: z.record(z.string(), count).optional(),
};

/**
 * The metrics the PostgreSQL group measures of itself per repetition
 * (`groups.postgres.metrics`), from pg_stat_activity every 250 ms and from its log.
 */
export const DatabaseMetricsSchema = z.object({
  /** Most client connections open at once (the sampler's own excluded). */
  peakConnections: count,
  /** Most of those running a query at once (`state = 'active'`). */
  peakActiveConnections: count,
  /** Samples of pg_stat_activity taken in the window. */
  connectionSamples: count,
  /**
   * Connection attempts the database refused in the window ("too many clients", the role's
   * limit, or the slots reserved for superusers), counted in its log.
   */
  refusedConnections: count,
});

/** What a database group reports about itself (`groups[].database`). */
export const DatabaseSchema = z.object({
  /** The database server. */
  engine: z.literal('postgresql'),
  /** `server_version`, e.g. `18.6 (Debian 18.6-3)`. */
  serverVersion: z.string().min(1),
  /** `server_version_num`, e.g. 180006. */
  serverVersionNum: z.number().int().positive(),
  /** `max_connections`: client connections the server admits at once, superusers included. */
  maxConnections: z.number().int().positive(),
  /** `superuser_reserved_connections`: slots only superusers may use. */
  superuserReservedConnections: count,
  /** `reserved_connections` (PostgreSQL >= 16; 0 before). */
  reservedConnections: count,
  /** Connections the app's role (not a superuser) can open: max minus both reserves. */
  appConnectionLimit: count,
  /** `shared_buffers`, as PostgreSQL prints it (e.g. `128MB`). */
  sharedBuffers: z.string().min(1),
  /** Rows in `items` (integer primary key, text column). */
  rows: z.number().int().positive(),
  /** Size of the table, bytes. */
  tableBytes: count,
  /** Size of its indexes (the primary key), bytes. */
  indexBytes: count,
  /** initdb --locale. */
  locale: z.string().min(1),
  /** Why the database runs on its CPUs (the group's `cpus`) and what that implies. */
  placementNote: z.string().min(1),
});

export type AppId = z.infer<typeof AppIdSchema>;
export type Driver = z.infer<typeof DriverSchema>;
export type DbAccess = z.infer<typeof DbAccessSchema>;
export type DbConnections = z.infer<typeof DbConnectionsSchema>;
export type DbRoute = z.infer<typeof DbRouteSchema>;
export type BenchDatabase = z.infer<typeof DatabaseSchema>;
export type BenchDatabaseMetrics = z.infer<typeof DatabaseMetricsSchema>;
