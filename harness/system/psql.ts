/**
 * SQL through psql from the same installation as the server: no new npm dependency, a client
 * that matches the server's version exactly (inside the chroot too), and nothing to configure
 * (trust authentication over the run's private Unix socket). Setup runs one psql per script;
 * sampling keeps one psql session open, so sampling costs one idle backend and no connection
 * (fork, authentication) per sample.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnTracked, stopGroup } from './processes.ts';
import { PostgresError } from './postgres-install.ts';

/** Where and as whom psql connects. */
export interface PsqlTarget {
  /** argv prefix that runs a client program (chroot for a rootfs), see buildClientArgv. */
  prefix: readonly string[];
  binDir: string;
  socketDir: string;
  port: number;
  user: string;
  database: string;
}

/** psql arguments: no psqlrc, stop on the first error, unaligned tab-separated tuples only. */
export function buildPsqlArgv(target: PsqlTarget, stopOnError = true): string[] {
  return [
    ...target.prefix,
    `${target.binDir}/psql`,
    '-X',
    '-q',
    '-v',
    `ON_ERROR_STOP=${stopOnError ? 1 : 0}`,
    '-A',
    '-t',
    '-F',
    '\t',
    '-h',
    target.socketDir,
    '-p',
    String(target.port),
    '-U',
    target.user,
    '-d',
    target.database,
  ];
}

/** Rows of psql's unaligned, tuples-only output (`-A -t -F '\t'`). */
export function parsePsqlRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** The environment for PostgreSQL programs: C locale, and no PG* variable of the caller's. */
export function buildPostgresEnv(
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const cleared = Object.fromEntries(
    Object.keys(env)
      .filter((k) => k.startsWith('PG'))
      .map((k) => [k, undefined]),
  );
  return { ...cleared, LC_ALL: 'C', LANG: 'C' };
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return { stdout: () => stdout, stderr: () => stderr };
}

/** Run an SQL script; resolves with psql's stdout, rejects with its stderr (bounded in time). */
export function runPsql(target: PsqlTarget, sql: string, timeoutMs: number): Promise<string> {
  const argv = buildPsqlArgv(target);
  const child = spawnTracked(argv, { stdio: ['pipe', 'pipe', 'pipe'], env: buildPostgresEnv() });
  const output = collect(child);
  child.stdin?.end(sql);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) void stopGroup(child.pid, 1000);
      reject(new PostgresError(`psql did not finish within ${timeoutMs / 1000} s:\n${sql}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new PostgresError(`could not run psql (${argv.join(' ')}): ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output.stdout());
      else
        reject(
          new PostgresError(
            `psql failed (${signal ?? `exit ${code}`}): ${output.stderr().trim() || '(no message)'}`,
          ),
        );
    });
  });
}

/**
 * One query's reply in a session: the rows before its end line, which reads
 * `<marker> <ERROR> <LAST_ERROR_MESSAGE>` (psql variables set after every query); null until
 * the end line has arrived.
 */
export function parseSessionReply(
  text: string,
  marker: string,
): { rows: string[][]; error: string | null; rest: string } | null {
  const end = new RegExp(`(^|\\n)${marker} (true|false) ?(.*)\\n`).exec(text);
  if (!end) return null;
  return {
    rows: parsePsqlRows(text.slice(0, end.index)),
    error: end[2] === 'true' ? end[3] || 'unknown error' : null,
    rest: text.slice(end.index + end[0].length),
  };
}

/** A psql process kept open to run one query after another over a single connection. */
export class PsqlSession {
  readonly #child: ChildProcess;
  #stdout = '';
  #queries = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(target: PsqlTarget) {
    this.#child = spawnTracked(buildPsqlArgv(target, false), {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: buildPostgresEnv(),
    });
    this.#child.stdout?.on('data', (c: Buffer) => (this.#stdout += c.toString()));
  }

  /** Run one query and return its rows; queries run one after another. */
  query(sql: string, timeoutMs = 5000): Promise<string[][]> {
    const run = this.#queue.then(() => this.#run(sql, timeoutMs));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #run(sql: string, timeoutMs: number): Promise<string[][]> {
    const marker = `--worker-models-end-${++this.#queries}--`;
    const child = this.#child;
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.off('exit', ended);
      };
      const check = (): void => {
        const reply = parseSessionReply(this.#stdout, marker);
        if (!reply) return;
        finish();
        this.#stdout = reply.rest;
        if (reply.error) reject(new PostgresError(`psql session: ${reply.error} (in: ${sql})`));
        else resolve(reply.rows);
      };
      const ended = (): void => {
        finish();
        reject(new PostgresError(`psql session ended before answering: ${sql}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new PostgresError(`psql session: no answer within ${timeoutMs} ms to: ${sql}`));
      }, timeoutMs);
      child.stdout?.on('data', check);
      child.once('exit', ended);
      child.stdin?.write(
        `${sql.replace(/;\s*$/, '')};\n\\echo ${marker} :ERROR :LAST_ERROR_MESSAGE\n`,
      );
    });
  }

  /** End the session and its process. */
  async close(): Promise<void> {
    this.#child.stdin?.end();
    if (this.#child.pid !== undefined) await stopGroup(this.#child.pid, 1000);
  }
}
