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
  'benchmarks',
  'choosing',
  'methodology',
  'glossary',
] as const;
