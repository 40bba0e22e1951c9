/** Synthetic /proc text for the noise and thread tests: obviously made-up tick counts. */

/** A /proc/PID/task/TID/stat line: utime and stime, nice (field 19), CPU (39), policy (41). */
export function makeThreadStat(
  tid: number,
  comm: string,
  t: { utime: number; stime?: number; nice?: number; cpu?: number; policy?: number },
): string {
  const fields = Array.from({ length: 50 }, () => '0');
  fields[14 - 3] = String(t.utime);
  fields[15 - 3] = String(t.stime ?? 0);
  fields[19 - 3] = String(t.nice ?? 0);
  fields[39 - 3] = String(t.cpu ?? 0);
  fields[41 - 3] = String(t.policy ?? 0);
  return `${tid} (${comm}) ${fields.join(' ')}\n`;
}

/** One CPU's /proc/stat columns, in ticks. */
export interface CpuColumns {
  user?: number;
  nice?: number;
  system?: number;
  idle?: number;
  softirq?: number;
  steal?: number;
}

/** /proc/stat text for CPUs 0 and 1 (user nice system idle iowait irq softirq steal guest guest_nice). */
export function makeProcStat(cpu0: CpuColumns, cpu1: CpuColumns): string {
  const line = (n: number, c: CpuColumns): string =>
    `cpu${n} ${c.user ?? 0} ${c.nice ?? 0} ${c.system ?? 0} ${c.idle ?? 0} 0 0 ${c.softirq ?? 0} ${c.steal ?? 0} 0 0`;
  return `cpu  0 0 0 0 0 0 0 0 0 0\n${line(0, cpu0)}\n${line(1, cpu1)}\nintr 1\n`;
}
