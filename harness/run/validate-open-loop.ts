/**
 * Check the open-loop generator against real servers (servers pinned to the server CPUs, the
 * generator, wrk and this script to the client CPUs), in three parts:
 *   rate     below capacity the achieved rate equals the offered rate within 2 %: both the
 *            achieved rate (the window's requests answered in time, exact, equal to the
 *            offer whenever none fails) and the rate of answers arriving in the window
 *            (which falls short when the generator sends late or the server falls behind);
 *   ceiling  the generator's own CPU share as the rate grows, up to where something saturates;
 *   wrk      at low load the generator's p50 agrees with wrk's on the same server and endpoint.
 * Prints one table per part and writes every raw report to --out. Nothing is asserted: this
 * measures, on whatever machine it runs, and says how noisy the CPUs were.
 *
 *   npx node harness/run/validate-open-loop.ts [--part rate,ceiling,wrk] [--repeat 3]
 *     [--duration 5] [--python /usr/bin/python3 | --rootfs DIR] [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runOpenLoop } from '../measure/open-loop/run.ts';
import { OPEN_LOOP_DEFAULTS } from './open-loop-plan.ts';
import {
  readClockTicksPerSecond,
  readCpuTicks,
  readSessionsCpuTicks,
  sumCpuTicks,
} from '../measure/proc.ts';
import { runWrk } from '../measure/wrk/wrk.ts';
import { runProbe } from './preflight.ts';
import { findModel } from '../system/models.ts';
import { killEverythingNow } from '../system/processes.ts';
import { serverGroup } from '../system/server.ts';
import { createTarget, installApps } from '../system/target.ts';
import type { OpenLoopReport } from '../measure/open-loop/report.ts';
import { startNodeServer } from './validate-open-loop/node-server.ts';
import { formatTable } from './validate-open-loop/table.ts';

const SERVER_CPUS = [0];
const CLIENT_CPUS = [1];
const PARTS = ['rate', 'ceiling', 'wrk'] as const;

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: PARTS.join(',') },
    repeat: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    python: { type: 'string' },
    rootfs: { type: 'string' },
    out: { type: 'string' },
  },
});
const parts = values.part.split(',');
const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
if (unknown.length)
  throw new Error(`--part: unknown ${unknown.join(', ')}; known: ${PARTS.join(', ')}`);
const repeat = Number(values.repeat);
const durationS = Number(values.duration);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`--repeat must be a whole number >= 1`);
if (!Number.isInteger(durationS) || durationS < 1)
  throw new Error(`--duration must be whole seconds >= 1 (wrk's unit)`);
const outPath =
  values.out ?? join(mkdtempSync(join(tmpdir(), 'validate-open-loop-')), 'results.json');

process.on('exit', () => killEverythingNow());
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
execFileSync('taskset', ['-a', '-p', '-c', CLIENT_CPUS.join(','), String(process.pid)], {
  stdio: 'ignore',
});

const target = createTarget(values.python, values.rootfs);
installApps(target);
const probe = await runProbe(target, SERVER_CPUS, false);
const hz = readClockTicksPerSecond();
const logDir = mkdtempSync(join(tmpdir(), 'validate-open-loop-logs-'));
const raw: Record<string, unknown[]> = { rate: [], ceiling: [], wrk: [] };

type ServerKind = 'uvicorn' | 'gunicorn-sync' | 'node-http';
interface Running {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

function start(kind: ServerKind): Promise<Running> {
  if (kind === 'node-http') return startNodeServer(SERVER_CPUS);
  // One uvicorn process; gunicorn's advice for one core (2 x 1 + 1 = 3 sync workers).
  const workers = kind === 'uvicorn' ? 1 : 3;
  return serverGroup({ model: findModel(kind), workers, threads: 1, probe, loopsPerMs: 1 }).start({
    target,
    cpus: SERVER_CPUS,
    logDir,
    env: {},
  });
}

/** One open-loop point, with the server's CPU and other processes' share of the pinned CPUs. */
async function measurePoint(server: Running, path: string, rateRps: number) {
  const pinned = [...SERVER_CPUS, ...CLIENT_CPUS];
  const before = {
    at: performance.now(),
    cpu: sumCpuTicks(readCpuTicks(), pinned),
    server: readSessionsCpuTicks([server.pid]).get(server.pid) ?? 0,
  };
  const report = await runOpenLoop({
    url: `http://127.0.0.1:${server.port}${path}`,
    rateRps,
    durationS,
    warmupS: OPEN_LOOP_DEFAULTS.warmupS,
    timeoutS: 2,
    clientCpus: CLIENT_CPUS,
  });
  const wallS = (performance.now() - before.at) / 1000;
  const cpu = sumCpuTicks(readCpuTicks(), pinned);
  const serverTicks = (readSessionsCpuTicks([server.pid]).get(server.pid) ?? 0) - before.server;
  // The generator's CPU is known for its window only; scale it to the whole run (warm-up, drain).
  const generatorTicks = ((report.cpu.userS + report.cpu.systemS) / durationS) * wallS * hz;
  const total = cpu.total - before.cpu.total;
  const others =
    total > 0
      ? Math.max(0, (cpu.busy - before.cpu.busy - serverTicks - generatorTicks) / total)
      : 0;
  return { report, serverCores: serverTicks / hz / wallS, otherShare: others };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const f = (x: number | undefined, digits = 2): string =>
  x === undefined ? '-' : x.toFixed(digits);
const usPerRequest = (r: OpenLoopReport): number =>
  ((r.cpu.userS + r.cpu.systemS) * 1e6) / Math.max(1, r.completedInWindow);

function describePoint(
  kind: string,
  path: string,
  m: Awaited<ReturnType<typeof measurePoint>>,
): string[] {
  const r = m.report;
  return [
    kind,
    path,
    f(r.settings.rateRps, 0),
    f(r.offeredRps, 1),
    f(r.achievedRps, 1),
    pct(r.achievedRps / r.offeredRps - 1),
    pct(inWindowRps(r) / r.offeredRps - 1),
    String(
      r.errors.connect + r.errors.socket + r.errors.timeout + r.errors.other + r.errors.non2xx,
    ),
    f(r.latencyMs?.p50),
    f(r.latencyMs?.p99),
    f(r.serviceMs?.p50),
    f(r.sendLagMs.p99),
    f(r.sendLagMs.max),
    pct(r.cpu.share),
    f(usPerRequest(r), 0),
    f(m.serverCores),
    pct(m.otherShare),
    flagPoint(m),
  ];
}

/** Answers that arrived during the window, per second (warm-up requests included). */
const inWindowRps = (r: OpenLoopReport): number => r.completedInWindow / r.settings.durationS;

/** Send lag p99 above this means the generator, not the server, fell behind its schedule. */
const LATE_MS = OPEN_LOOP_DEFAULTS.lateSendLagMs;
/** The harness's noise threshold: other processes' share of the pinned CPUs. */
const NOISY_SHARE = 0.1;

/** Why a point cannot be taken at face value, or "ok". */
function flagPoint(m: Awaited<ReturnType<typeof measurePoint>>): string {
  const flags = [];
  if (m.report.sendLagMs.p99 > LATE_MS) flags.push('late');
  if (m.report.cpu.share > OPEN_LOOP_DEFAULTS.saturatedCpuShare) flags.push('gen saturated');
  if (m.otherShare > NOISY_SHARE) flags.push('noisy');
  return flags.join(', ') || 'ok';
}

/** How many points met the 2 % target, overall and among those not sent late. */
function summariseRateAccuracy(points: Array<Awaited<ReturnType<typeof measurePoint>>>): string {
  const onTime = points.filter((m) => m.report.sendLagMs.p99 <= LATE_MS);
  const count = (rate: (r: OpenLoopReport) => number): string => {
    const within = (m: (typeof points)[number]): boolean =>
      Math.abs(rate(m.report) / m.report.offeredRps - 1) <= 0.02;
    return `${points.filter(within).length} of ${points.length} points (sent on time, lag p99 <= ${LATE_MS} ms: ${onTime.filter(within).length} of ${onTime.length})`;
  };
  return [
    `achieved within 2 % of offered: ${count((r) => r.achievedRps)}`,
    `answers in the window within 2 % of offered: ${count(inWindowRps)}`,
  ].join('\n');
}
const POINT_HEADER = [
  'server',
  'path',
  'rate',
  'offered',
  'achieved',
  'achieved-offered',
  'in-window-offered',
  'errors',
  'lat p50',
  'lat p99',
  'svc p50',
  'lag p99',
  'lag max',
  'gen CPU',
  'gen µs/req',
  'server cores',
  'others',
  'flags',
];

async function runRatePart(): Promise<void> {
  const plan: Array<{ kind: ServerKind; path: string; rates: number[] }> = [
    { kind: 'uvicorn', path: '/io?ms=50', rates: [50, 200, 800] },
    { kind: 'gunicorn-sync', path: '/io?ms=50', rates: [10, 30, 50] }, // capacity 3 / 50 ms = 60/s
    { kind: 'uvicorn', path: '/hello', rates: [500, 2000] },
  ];
  const rows: string[][] = [];
  const points: Array<Awaited<ReturnType<typeof measurePoint>>> = [];
  for (const { kind, path, rates } of plan) {
    const server = await start(kind);
    try {
      for (let rep = 0; rep < repeat; rep++) {
        for (const rate of rates) {
          const m = await measurePoint(server, path, rate);
          points.push(m);
          raw['rate']?.push({ kind, path, rep, ...m });
          rows.push(describePoint(kind, path, m));
          process.stderr.write(
            `rate ${kind} ${path} ${rate}/s rep ${rep}: achieved ${f(m.report.achievedRps, 1)}\n`,
          );
        }
      }
    } finally {
      await server.stop();
    }
  }
  console.log(
    `\n## Achieved against offered, below capacity (${durationS} s windows, ${repeat} repetitions)\n`,
  );
  console.log(formatTable(POINT_HEADER, rows));
  console.log(`\n${summariseRateAccuracy(points)}`);
}

async function runCeilingPart(): Promise<void> {
  const plan: Array<{ kind: ServerKind; path: string; rates: number[] }> = [
    { kind: 'uvicorn', path: '/hello', rates: [1000, 2000, 3000, 4000, 6000, 8000, 10000, 12000] },
    { kind: 'gunicorn-sync', path: '/hello', rates: [500, 1000, 1500, 2000, 3000, 4000] },
    {
      kind: 'node-http',
      path: '/',
      rates: [2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 20000],
    },
  ];
  const rows: string[][] = [];
  for (const { kind, path, rates } of plan) {
    const server = await start(kind);
    try {
      for (let rep = 0; rep < repeat; rep++) {
        let fallenShort = 0;
        for (const rate of rates) {
          const m = await measurePoint(server, path, rate);
          raw['ceiling']?.push({ kind, path, rep, ...m });
          rows.push(describePoint(kind, path, m));
          process.stderr.write(
            `ceiling ${kind} ${rate}/s rep ${rep}: achieved ${f(m.report.achievedRps, 0)}, gen CPU ${pct(m.report.cpu.share)}, server ${f(m.serverCores)} cores\n`,
          );
          // Two rates in a row short of the offer: past saturation, stop climbing.
          fallenShort = m.report.achievedRps < 0.98 * m.report.offeredRps ? fallenShort + 1 : 0;
          if (fallenShort >= 2) break;
        }
      }
    } finally {
      await server.stop();
    }
  }
  console.log(`\n## Generator CPU as the rate grows (${durationS} s windows, ${repeat} sweeps)\n`);
  console.log(formatTable(POINT_HEADER, rows));
  await runWrkCostReference(plan.map((p) => ({ kind: p.kind, path: p.path })));
}

/** wrk's own CPU per request on the same servers (closed loop, 64 connections), for scale. */
async function runWrkCostReference(plan: Array<{ kind: ServerKind; path: string }>): Promise<void> {
  const rows: string[][] = [];
  for (const { kind, path } of plan) {
    const server = await start(kind);
    try {
      for (let rep = 0; rep < repeat; rep++) {
        const url = `http://127.0.0.1:${server.port}${path}`;
        const wrk = await runWrk({
          url,
          connections: 64,
          durationS,
          timeoutS: 2,
          clientCpus: CLIENT_CPUS,
        });
        const seconds = wrk.durationUs / 1e6;
        const cpuS = wrk.cpuTicks / hz;
        raw['ceiling']?.push({ kind, path, rep, wrk });
        rows.push([
          kind,
          path,
          f(wrk.requests / seconds, 0),
          pct(cpuS / seconds),
          f((cpuS * 1e6) / Math.max(1, wrk.requests), 1),
        ]);
      }
    } finally {
      await server.stop();
    }
  }
  console.log(`\n## For scale: wrk's own CPU per request, closed loop, 64 connections\n`);
  console.log(formatTable(['server', 'path', 'wrk req/s', 'wrk CPU', 'wrk µs/req'], rows));
}

async function runWrkPart(): Promise<void> {
  const rows: string[][] = [];
  for (const kind of ['uvicorn', 'gunicorn-sync'] as const) {
    const server = await start(kind);
    const url = `http://127.0.0.1:${server.port}/io?ms=50`;
    try {
      for (let rep = 0; rep < repeat; rep++) {
        // wrk with one connection offers about 20 req/s here; the open loop offers 10 and 20.
        await runWrk({ url, connections: 1, durationS: 1, timeoutS: 2, clientCpus: CLIENT_CPUS });
        const wrk = await runWrk({
          url,
          connections: 1,
          durationS,
          timeoutS: 2,
          clientCpus: CLIENT_CPUS,
        });
        const m10 = await measurePoint(server, '/io?ms=50', 10);
        const m20 = await measurePoint(server, '/io?ms=50', 20);
        const [open10, open20] = [m10.report, m20.report];
        raw['wrk']?.push({ kind, rep, wrk, open10, open20 });
        const wrkP50 = (wrk.latencyUs?.p50 ?? NaN) / 1000;
        rows.push([
          kind,
          String(rep),
          f(wrk.requests / (wrk.durationUs / 1e6), 1),
          f(wrkP50),
          f(open10.latencyMs?.p50),
          f(open10.serviceMs?.p50),
          pct((open10.latencyMs?.p50 ?? NaN) / wrkP50 - 1),
          f(open20.latencyMs?.p50),
          f(open20.serviceMs?.p50),
          pct((open20.latencyMs?.p50 ?? NaN) / wrkP50 - 1),
          `${flagPoint(m10)} / ${flagPoint(m20)}`,
        ]);
        process.stderr.write(
          `wrk ${kind} rep ${rep}: wrk p50 ${f(wrkP50)}, open-loop p50 ${f(open10.latencyMs?.p50)} / ${f(open20.latencyMs?.p50)}\n`,
        );
      }
    } finally {
      await server.stop();
    }
  }
  console.log(
    `\n## p50 at low load: wrk (1 connection) against the open loop, io?ms=50 (${durationS} s windows)\n`,
  );
  console.log(
    formatTable(
      [
        'server',
        'rep',
        'wrk req/s',
        'wrk p50',
        'open 10/s lat p50',
        'svc p50',
        'vs wrk',
        'open 20/s lat p50',
        'svc p50',
        'vs wrk',
        'flags 10/s / 20/s',
      ],
      rows,
    ),
  );
}

console.log(`# Open-loop generator validation, ${new Date().toISOString()}`);
console.log(
  `servers on CPU ${SERVER_CPUS.join(',')}, generator and wrk on CPU ${CLIENT_CPUS.join(',')}; python ${probe.python.executable} ${probe.python.version}; gunicorn ${probe.packages['gunicorn'] ?? '?'}, uvicorn ${probe.packages['uvicorn'] ?? '?'}; node ${process.version}`,
);
console.log(
  `"others" is the share of the pinned CPUs used by other processes during a point (approximate).`,
);
if (parts.includes('rate')) await runRatePart();
if (parts.includes('ceiling')) await runCeilingPart();
if (parts.includes('wrk')) await runWrkPart();
writeFileSync(outPath, `${JSON.stringify(raw, null, 1)}\n`);
console.log(`\nraw reports: ${outPath}`);
process.exit(0);
