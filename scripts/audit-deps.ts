/**
 * Fails on any high or critical advisory in the production dependencies (`dependencies`:
 * what builds the site or ships to the browser). Asking needs the registry's audit endpoint;
 * when it cannot be reached, this says so loudly and passes, so a network problem does not
 * fail CI, unless AUDIT_DEPS_STRICT=1.
 *
 * Usage: node scripts/audit-deps.ts
 */
import { spawnSync } from 'node:child_process';
import { readNpmAudit } from './lib/npm-audit.ts';

const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
const outcome = readNpmAudit(audit.stdout);
switch (outcome.kind) {
  case 'clean':
    console.log(
      `npm audit: no high or critical advisory in the ${outcome.dependencies} production dependencies.`,
    );
    break;
  case 'advisories':
    console.error('npm audit: high or critical advisories in the production dependencies:');
    for (const line of outcome.lines) console.error(`  ${line}`);
    console.error(
      'Update them (npm audit fix --omit=dev, or a newer release), then run this again.',
    );
    process.exitCode = 1;
    break;
  case 'unreachable':
    console.warn(
      `npm audit: NOT CHECKED, the registry's audit endpoint did not answer: ${outcome.reason}\n` +
        '  The production dependencies were not audited. Run `npm run audit:deps` where the\n' +
        '  registry is reachable; AUDIT_DEPS_STRICT=1 makes this an error.',
    );
    if (process.env['AUDIT_DEPS_STRICT'] === '1') process.exitCode = 2;
    break;
}
