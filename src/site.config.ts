/** Site-wide values, kept in one place so pages and tests agree on them. */
export const siteConfig = {
  title: 'Worker Models',
  tagline: 'How Python web servers run your code',
  description:
    'A companion to the talk "Demystifying Process and Worker Models in Python Web Frameworks": ' +
    'pre-fork workers, threads, asyncio event loops and greenlets, explained and measured.',
  talk: {
    title: 'Demystifying Process and Worker Models in Python Web Frameworks',
    speaker: 'Ashutosh Pednekar',
  },
  /** The author citations name: the project, not one person. */
  author: 'The Worker Models project',
  /** Port of `astro dev` and `astro preview`, as the README promises. */
  port: 4321,
} as const;

/**
 * The chapters in reading order. The sidebar is built from this list, so a chapter is
 * listed only once it exists (a missing slug fails the build).
 */
export const chapters = [
  'how-a-request-reaches-your-code',
  'prefork-sync',
  'gthread',
  'event-loop',
  'gunicorn-asgi',
  'finding-blocking-calls',
  'gevent',
  'databases',
  'production',
  'benchmarks',
  'choosing',
  'methodology',
  'glossary',
] as const;

/** A chapter's slug, as `chapters` lists it. */
export type ChapterSlug = (typeof chapters)[number];

/**
 * Chapters split into pages, one per part: the chapter's own page (its overview) comes first,
 * then `pages` in reading order, each a file `content/<slug>.mdx`. The sidebar shows such a
 * chapter as a group labelled with its title, and the overview lists the pages. A new part is a
 * file and a line here.
 */
export const chapterPages: Partial<
  Record<ChapterSlug, { title: string; pages: readonly string[] }>
> = {
  production: {
    title: 'In production',
    pages: ['production/cpu-limits', 'production/memory', 'production/running'],
  },
  benchmarks: {
    title: 'What the benchmarks show',
    pages: [
      'benchmarks/hello',
      'benchmarks/io',
      'benchmarks/cpu',
      'benchmarks/workers-threads',
      'benchmarks/blocking-loop',
      'benchmarks/slow-clients',
      'benchmarks/memory',
      'benchmarks/open-loop',
      'benchmarks/simulator',
    ],
  },
};

/** Every page of the chapters in reading order: each chapter, then its pages. */
export const chapterPageSlugs: readonly string[] = chapters.flatMap((slug) => [
  slug,
  ...(chapterPages[slug]?.pages ?? []),
]);

/**
 * Anchors of a chapter's page that moved to one of its pages when it was split, and where each
 * went (a page slug, with the fragment when the new page has it), so that old links still land.
 * The chapter's page keeps an element with each old id, which sends the reader on
 * (`MovedAnchors.astro`).
 */
export const movedAnchors: Partial<Record<ChapterSlug, Record<string, string>>> = {
  // The benchmarks chapter was one page until 2026-12.
  benchmarks: {
    'a-small-json-answer-what-a-request-costs': 'benchmarks/hello/',
    'keep-alive-sync-versus-gthread': 'benchmarks/hello/#keep-alive-sync-versus-gthread',
    'the-asgi-servers': 'benchmarks/hello/#the-asgi-servers',
    'uvicorn-with-and-without-its-accelerators':
      'benchmarks/hello/#uvicorn-with-and-without-its-accelerators',
    'chart-sweep-hello': 'benchmarks/hello/#chart-sweep-hello',
    'chart-sweep-hello-sync-gthread': 'benchmarks/hello/#chart-sweep-hello-sync-gthread',
    'chart-sweep-hello-asgi': 'benchmarks/hello/#chart-sweep-hello-asgi',
    'chart-uvicorn-loops': 'benchmarks/hello/#chart-uvicorn-loops',
    'a-request-that-waits-50-ms': 'benchmarks/io/',
    'gunicorns-three-wsgi-workers': 'benchmarks/io/#gunicorns-three-wsgi-workers',
    'the-asgi-servers-on-a-wait': 'benchmarks/io/#the-asgi-servers-on-a-wait',
    'chart-sweep-io': 'benchmarks/io/#chart-sweep-io',
    'chart-sweep-io-gunicorn': 'benchmarks/io/#chart-sweep-io-gunicorn',
    'chart-sweep-io-gevent-sync': 'benchmarks/io/#chart-sweep-io-gevent-sync',
    'chart-sweep-io-asgi': 'benchmarks/io/#chart-sweep-io-asgi',
    '5-ms-of-cpu-where-no-model-helps': 'benchmarks/cpu/',
    'chart-sweep-cpu': 'benchmarks/cpu/#chart-sweep-cpu',
    'chart-sweep-cpu-uvicorn-sync': 'benchmarks/cpu/#chart-sweep-cpu-uvicorn-sync',
    'workers-and-threads': 'benchmarks/workers-threads/',
    'chart-workers-threads': 'benchmarks/workers-threads/#chart-workers-threads',
    'chart-gthread-threads': 'benchmarks/workers-threads/#chart-gthread-threads',
    'blocking-the-event-loop': 'benchmarks/blocking-loop/',
    'chart-blocking-loop': 'benchmarks/blocking-loop/#chart-blocking-loop',
    'slow-clients': 'benchmarks/slow-clients/',
    'chart-slow-clients': 'benchmarks/slow-clients/#chart-slow-clients',
    'chart-slow-clients-gevent-sync': 'benchmarks/slow-clients/#chart-slow-clients-gevent-sync',
    'memory-at-rest-and-under-load': 'benchmarks/memory/',
    'chart-memory': 'benchmarks/memory/#chart-memory',
    'a-model-beside-the-measurements': 'benchmarks/simulator/',
    'demo-worker-simulator': 'benchmarks/simulator/#demo-worker-simulator',
  },
};

/**
 * Starlight's `pagefind` option, which our search box (src/components/Search.astro) also hands to
 * Pagefind's UI. Pagefind adds a bonus to pages whose title holds the query (5 by default), and
 * every chart page's title names its subject (PostgreSQL, Django, cgroup): a search for a subject
 * listed seven charts before the chapter that explains it. A small bonus still puts the gthread
 * chapter first for "gthread" and the database chapter first for "postgres".
 */
export const pagefindOptions = {
  ranking: {
    // Starlight's defaults (its schemas/pagefind.ts), not Pagefind's: Starlight hands its parsed
    // option to the UI, and with Pagefind's own weights the open-loop page came before the
    // gthread chapter for "gthread" (search.spec.ts).
    pageLength: 0.1,
    termFrequency: 0.1,
    termSaturation: 2,
    termSimilarity: 9,
    diacriticSimilarity: 0.8,
    metaWeights: { title: 0.1 },
  },
};
