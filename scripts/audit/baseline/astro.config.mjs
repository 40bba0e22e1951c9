// @ts-check
/**
 * A bare Starlight site, the audit's yardstick: the same installed Astro and Starlight, the
 * same build settings as the real site, one ordinary page and nothing else. Built by
 * `npm run audit` into dist-audit-baseline/ at the repository's root.
 */
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
  site: 'http://localhost:4321',
  outDir: '../../../dist-audit-baseline',
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: 'Baseline',
      description: 'A bare Starlight site that the Lighthouse audit compares pages against.',
      lastUpdated: false,
    }),
  ],
});
