/** What `npm audit --json` said, reduced to what the dependency gate decides on. */
export type AuditOutcome =
  | { kind: 'clean'; dependencies: number }
  | { kind: 'advisories'; lines: string[] }
  | { kind: 'unreachable'; reason: string };

/** Severities that fail the gate. */
const failing = new Set(['high', 'critical']);

interface AuditAdvisory {
  title?: string;
  url?: string;
  severity?: string;
}

interface AuditReport {
  vulnerabilities?: Record<
    string,
    { severity?: string; via?: (string | AuditAdvisory)[]; range?: string }
  >;
  metadata?: { dependencies?: { prod?: number } };
  message?: string;
  error?: { summary?: string; code?: string };
}

/**
 * Reads the JSON that `npm audit --json` prints: a report, or an error when the registry's
 * audit endpoint cannot be reached or does not answer (some mirrors and proxies refuse it).
 * Only a high or critical advisory counts; a lower one is npm's to show, not ours to gate.
 */
export function readNpmAudit(json: string): AuditOutcome {
  let report: AuditReport;
  try {
    report = JSON.parse(json) as AuditReport;
  } catch {
    return { kind: 'unreachable', reason: `npm audit printed no report: ${json.slice(0, 200)}` };
  }
  if (!report.vulnerabilities) {
    const reason = report.message || report.error?.summary || report.error?.code || 'no report';
    return { kind: 'unreachable', reason };
  }
  const lines = Object.entries(report.vulnerabilities)
    .filter(([, entry]) => failing.has(entry.severity ?? ''))
    .map(([name, entry]) => {
      const advisories = (entry.via ?? [])
        .filter((via): via is AuditAdvisory => typeof via === 'object')
        .map((via) => `${via.title ?? 'advisory'} (${via.url ?? 'no link'})`);
      const cause =
        advisories.length > 0 ? advisories.join('; ') : `through ${entry.via?.join(', ')}`;
      return `${entry.severity}: ${name} ${entry.range ?? ''}: ${cause}`;
    })
    .sort();
  if (lines.length > 0) return { kind: 'advisories', lines };
  return { kind: 'clean', dependencies: report.metadata?.dependencies?.prod ?? 0 };
}
