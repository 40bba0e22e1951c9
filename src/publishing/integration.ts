import type { AstroIntegration } from 'astro';
import { describeLocalSite, isPublicSite } from './site-address.ts';

/**
 * Warns, loudly and at the start of every build, when the build has no public address
 * (`SITE`): its pages would name localhost in what readers copy (see `site-address.ts`).
 * Only builds warn: `astro check` and `astro dev` read the same config and need no address.
 */
export function siteAddressCheck(): AstroIntegration {
  let site: string | undefined;
  return {
    name: 'site-address',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site;
      },
      'astro:build:start': ({ logger }) => {
        if (isPublicSite(site)) return;
        const rule = '!'.repeat(72);
        logger.warn(`\n${rule}\n${describeLocalSite(site)}\n${rule}`);
      },
    },
  };
}
