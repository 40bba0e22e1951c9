import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../support/python.ts';

/*
 * harness/apps/leak.py (what `/leak` keeps) and workload.describe_protocol_library (which HTTP
 * library Hypercorn and Daphne parse with), under CPython. The servers' objects are stand-ins
 * carrying the real modules' names, so neither server is needed here; the tiny recordings in
 * the sid root check the real ones.
 */
const appsDir = fileURLToPath(new URL('../../../../harness/apps/', import.meta.url));
const python = findPython();

const runner = `
import functools, json, sys
sys.path.insert(0, ".")
import leak
from workload import describe_protocol_library

def stand_in(module, name, bases=(object,), **body):
    return type(name, bases, {"__module__": module, **body})

async def stream_send(self, event): pass
async def app_send(self, message): pass
def init_stream(self): self.send = H11Protocol().stream_send

H11Protocol = stand_in("hypercorn.protocol.h11", "H11Protocol", stream_send=stream_send)
HTTPStream = stand_in("hypercorn.protocol.http_stream", "HTTPStream",
                      __init__=init_stream, app_send=app_send)
TwistedRequest = stand_in("twisted.web.http", "Request")
WebRequest = stand_in("daphne.http_protocol", "WebRequest", (TwistedRequest,))

async def handle_reply(protocol, message): pass

def app(send):
    return describe_protocol_library(sys._getframe(0))

sizes = [leak.read_kib(q) for q in json.loads(sys.stdin.read())]
before = len(leak._kept)
kept = leak.keep("kib=3")
print(json.dumps({
    "kib": sizes,
    "kept": [kept, len(leak._kept) - before, len(leak._kept[-1]), leak._kept[-1][:1].hex()],
    "hypercorn": app(HTTPStream().app_send),
    "daphne": app(functools.partial(handle_reply, WebRequest())),
    "other": app(lambda message: None),
}))
`;

const queries = [
  { query: 'ms=50&kib=2048', kib: 2048 },
  { query: 'ms=50', kib: 0 },
  { query: 'kib=lots', kib: 0 },
  { query: 'kib=-5', kib: 0 },
  { query: 'kib=999999', kib: 65536 },
];

interface Output {
  kib: number[];
  kept: [number, number, number, string];
  hypercorn: Record<string, string>;
  daphne: Record<string, string>;
  other: Record<string, string>;
}

describe.skipIf(python === null)('leak.py and describe_protocol_library under CPython', () => {
  let out: Output;
  beforeAll(() => {
    out = JSON.parse(
      execFileSync(python ?? 'python3', ['-c', runner], {
        cwd: appsDir,
        input: JSON.stringify(queries.map((q) => q.query)),
        encoding: 'utf8',
      }),
    ) as Output;
  });

  it.each(queries.map((q, i) => ({ ...q, i })))('read_kib($query) is $kib', ({ kib, i }) => {
    expect(out.kib[i]).toBe(kib);
  });

  it('keeps the requested KiB, written so the pages count', () => {
    expect(out.kept).toEqual([3, 1, 3 * 1024, '01']);
  });

  it.each([
    {
      server: 'hypercorn',
      found: { httpParser: 'h11', httpParserSource: 'hypercorn.protocol.h11.H11Protocol' },
    },
    {
      server: 'daphne',
      found: {
        httpParser: 'twisted.web.http',
        httpParserSource: 'daphne.http_protocol.WebRequest (twisted.web.http.Request)',
      },
    },
    { server: 'other', found: {} },
  ] as const)('finds what parses HTTP under $server', ({ server, found }) => {
    expect(out[server]).toEqual(found);
  });
});
