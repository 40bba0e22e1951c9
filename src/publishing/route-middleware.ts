import { defineRouteMiddleware, type StarlightRouteData } from '@astrojs/starlight/route-data';
import { isPublicSite } from './site-address.ts';

type HeadEntry = StarlightRouteData['head'][number];

/** Starlight's head entries that give a page's absolute address as the one to share. */
function isSelfAddress({ tag, attrs }: HeadEntry): boolean {
  return (
    (tag === 'link' && attrs?.['rel'] === 'canonical') ||
    (tag === 'meta' && attrs?.['property'] === 'og:url')
  );
}

/**
 * In a build without a public address (`site-address.ts`), Starlight would still name
 * `http://localhost:<port>/...` as every page's canonical address and link preview URL:
 * leave those out rather than present the reader's own computer as a stable address.
 * (Chart and embed pages set their own head and leave them out the same way.)
 */
export const onRequest = defineRouteMiddleware((context) => {
  if (isPublicSite(context.site)) return;
  const route = context.locals.starlightRoute;
  route.head = route.head.filter((entry) => !isSelfAddress(entry));
});
