/**
 * Whether a build knows the public address it will be served at. `SITE` sets Astro's `site`;
 * without it the build falls back to `http://localhost:<port>` so that `npm start` and the
 * tests work, but links copied out of such a build would send readers to their own computer.
 * Pages use this to leave out what only a public address makes useful (citations, embed
 * code, absolute link previews), and the build warns (`integration.ts`).
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True when `site` is a public address: set, and not a loopback host. */
export function isPublicSite(site: URL | string | undefined): boolean {
  if (!site) return false;
  const host = new URL(site).hostname;
  return !LOOPBACK_HOSTS.has(host) && !host.endsWith('.localhost');
}

/** The build's warning for a site without a public address, one line per fact. */
export function describeLocalSite(site: URL | string | undefined): string {
  return [
    `SITE is not set: this build names ${site ? new URL(site).origin : 'no address'} as its address.`,
    'Chart pages leave out their citations, embed code and link previews, which would point',
    "readers to their own computer. Fine for `npm start`; for publishing, build with the site's",
    'public address, e.g. SITE=https://example.org BASE=/worker-models/ npm run build',
  ].join('\n');
}
