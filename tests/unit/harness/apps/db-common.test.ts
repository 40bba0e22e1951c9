import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../support/python.ts';

/*
 * harness/apps/db_common.py, what every database app shares: parameter parsing, the bodies,
 * and the mapping of driver exceptions to HTTP answers. Exceptions are synthetic classes with
 * the drivers' names (matched by name, so no driver is needed here); one Python run for all.
 */
const appsDir = fileURLToPath(new URL('../../../../harness/apps/', import.meta.url));
const python = findPython();

const runner = `
import json, os, sys
os.environ.update(DATABASE_URL="postgresql://bench@127.0.0.1:1/bench", DB_ROWS="1000")
sys.path.insert(0, ".")
import db_common as c

def make(chain):
    """An exception of class chain[0] raised from one of chain[1] ... (as Django wraps)."""
    error = None
    for spec in reversed(chain):
        names = spec.split(">")  # "PoolTimeout>OperationalError": class and its base
        base = Exception
        for name in reversed(names):
            base = type(name, (base,), {})
        new = base("boom")
        new.__cause__ = error
        error = new
    return error

def attempt(run):
    try:
        return {"ok": run()}
    except (c.BadRequest, SystemExit) as error:
        return {"error": str(error)}

cases = json.loads(sys.stdin.read())
out = {
    "classify": [list(c.classify_db_error(make(chain))) for chain in cases["classify"]],
    "pickId": [attempt(lambda v=v: c.pick_id(v)) for v in cases["pickId"]],
    "sleepMs": [attempt(lambda v=v: c.read_sleep_ms(v)) for v in cases["sleepMs"]],
    "bodies": [c.item_body(7, "x").decode(), c.item_body(7, "x", 300).decode(),
               c.error_body("pool-timeout", make(["PoolTimeout"])).decode()],
    "randomIds": [f(c.pick_id(None) for _ in range(2000)) for f in (min, max)],
}
for value in cases["poolSize"]:
    os.environ["DB_POOL_SIZE"] = value
    out.setdefault("poolSize", []).append(attempt(lambda: list(c.pool_size(4))))
for value in cases["poolMinSize"]:
    os.environ["DB_POOL_MIN_SIZE"] = value
    out.setdefault("poolMinSize", []).append(attempt(lambda: c.pool_min_size(5)))
print(json.dumps(out))
`;

const classify = [
  { chain: ['PoolTimeout>OperationalError'], answer: [503, 'pool-timeout'] },
  { chain: ['TimeoutError'], answer: [503, 'pool-timeout'] },
  { chain: ['TooManyRequests>OperationalError'], answer: [503, 'pool-queue-full'] },
  // Django wraps the driver's error in its own OperationalError, the cause keeps the original.
  { chain: ['OperationalError', 'PoolTimeout>OperationalError'], answer: [503, 'pool-timeout'] },
  { chain: ['OperationalError'], answer: [503, 'database-unavailable'] },
  { chain: ['TooManyConnectionsError'], answer: [503, 'database-unavailable'] },
  { chain: ['ConnectionRefusedError>ConnectionError'], answer: [503, 'database-unavailable'] },
  { chain: ['UndefinedTable>ProgrammingError'], answer: [500, 'database-error'] },
];
const pickId = [
  { value: '42', result: { ok: 42 } },
  { value: 'abc', result: { error: "id must be a whole number, got 'abc'" } },
  { value: '0', result: { error: 'id must be between 1 and 2147483647, got 0' } },
  { value: '2147483648', result: { error: 'id must be between 1 and 2147483647, got 2147483648' } },
];
const sleepMs = [
  { value: null, result: { ok: 0 } },
  { value: '250', result: { ok: 250 } },
  { value: '1.5', result: { error: "ms must be a whole number, got '1.5'" } },
  { value: '60001', result: { error: 'ms must be between 0 and 60000, got 60001' } },
];
const poolSize = [
  { value: '', result: { ok: [4, 'driver default'] } },
  { value: '8', result: { ok: [8, 'DB_POOL_SIZE'] } },
  { value: '0', result: { error: "DB_POOL_SIZE must be a number >= 1, got '0'" } },
  { value: 'many', result: { error: "DB_POOL_SIZE must be a number >= 1, got 'many'" } },
];
const poolMinSize = [
  { value: '', result: { ok: 5 } },
  { value: '1', result: { ok: 1 } },
  { value: '0', result: { ok: 0 } },
  { value: '6', result: { error: 'DB_POOL_MIN_SIZE must be at most DB_POOL_SIZE (5), got 6' } },
];

interface Output {
  classify: unknown[];
  pickId: unknown[];
  sleepMs: unknown[];
  poolSize: unknown[];
  poolMinSize: unknown[];
  bodies: string[];
  randomIds: number[];
}

describe.skipIf(!python)('db_common.py', () => {
  let out: Output;
  beforeAll(() => {
    const input = JSON.stringify({
      classify: classify.map((c) => c.chain),
      pickId: pickId.map((c) => c.value),
      sleepMs: sleepMs.map((c) => c.value),
      poolSize: poolSize.map((c) => c.value),
      poolMinSize: poolMinSize.map((c) => c.value),
    });
    const stdout = execFileSync(python ?? 'python3', ['-c', runner], {
      cwd: appsDir,
      input,
      encoding: 'utf8',
    });
    out = JSON.parse(stdout) as Output;
  });

  describe.each(classify.map((c, i) => ({ ...c, i })))(
    'classify_db_error($chain)',
    ({ i, answer }) => {
      it(`answers ${answer.join(' ')}`, () => expect(out.classify[i]).toEqual(answer));
    },
  );
  describe.each(pickId.map((c, i) => ({ ...c, i })))('pick_id($value)', ({ i, result }) => {
    it('reads the id or says what is wrong', () => expect(out.pickId[i]).toEqual(result));
  });
  describe.each(sleepMs.map((c, i) => ({ ...c, i })))('read_sleep_ms($value)', ({ i, result }) => {
    it('reads the milliseconds or says what is wrong', () =>
      expect(out.sleepMs[i]).toEqual(result));
  });
  describe.each(poolSize.map((c, i) => ({ ...c, i })))('DB_POOL_SIZE=$value', ({ i, result }) => {
    it('sizes the pool or stops with the variable named', () =>
      expect(out.poolSize[i]).toEqual(result));
  });

  describe.each(poolMinSize.map((c, i) => ({ ...c, i })))(
    'DB_POOL_MIN_SIZE=$value with a pool of 5',
    ({ i, result }) => {
      it('opens that many at start (all by default), never more than the pool', () =>
        expect(out.poolMinSize[i]).toEqual(result));
    },
  );

  it('serialises bodies the one way every app uses', () => {
    expect(out.bodies).toEqual([
      '{"id": 7, "name": "x"}',
      '{"id": 7, "name": "x", "sleptMs": 300}',
      '{"error": "pool-timeout", "detail": "PoolTimeout: boom"}',
    ]);
  });

  it('draws random ids within 1..DB_ROWS', () => {
    const [lowest = 0, highest = 0] = out.randomIds;
    expect(lowest).toBeGreaterThanOrEqual(1);
    expect(highest).toBeLessThanOrEqual(1000);
  });
});
