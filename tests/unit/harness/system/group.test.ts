import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeWithLog,
  formatCommandLine,
  readLogTail,
  waitForReady,
} from '../../../../harness/system/group.ts';

describe.each([
  { argv: ['python3', '-m', 'gunicorn'], line: 'python3 -m gunicorn' },
  { argv: ['--bind', '127.0.0.1:{port}'], line: "--bind '127.0.0.1:{port}'" },
  { argv: ['-c', "it's"], line: `-c 'it'\\''s'` },
])('formatCommandLine($argv)', ({ argv, line }) => {
  it('quotes only what needs quoting', () => expect(formatCommandLine(argv)).toBe(line));
});

describe('readLogTail and describeWithLog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'group-test-'));
  const log = join(dir, 'x.log');
  writeFileSync(log, Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n');

  it('keeps the last lines', () => expect(readLogTail(log, 2)).toBe('line 28\nline 29'));
  it('says when there is no log', () => expect(readLogTail(join(dir, 'none'))).toBe('(no log)'));
  it('puts the command, the log and its tail under the message', () => {
    expect(describeWithLog('pg exited', ['postgres', '-p', '5432'], log).split('\n').slice(0, 4))
      .toMatchInlineSnapshot(`
        [
          "pg exited",
          "  command: postgres -p 5432",
          "  log: ${log}",
          "  last log lines:",
        ]
      `);
  });
  it('has only the command without a log', () => {
    expect(describeWithLog('gone', ['x'], null)).toBe('gone\n  command: x');
  });
});

const LIVES = 'setTimeout(() => {}, 20000)';

describe.each([
  { name: 'a check that answers', script: LIVES, answer: 'yes', timeoutMs: 20_000, want: 'yes' },
  { name: 'a process that exits', script: '', answer: null, timeoutMs: 20_000, want: 'exited' },
  {
    name: 'a check that never answers',
    script: LIVES,
    answer: null,
    timeoutMs: 300,
    want: 'timeout',
  },
])('waitForReady with $name', ({ script, answer, timeoutMs, want }) => {
  it(`returns ${want}`, async () => {
    const child = spawn(process.execPath, ['-e', script]);
    try {
      expect(await waitForReady(child, () => Promise.resolve(answer), timeoutMs)).toBe(want);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
