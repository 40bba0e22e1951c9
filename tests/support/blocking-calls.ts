/** What the blocking-call tests share: the fixture apps and the frames they look for. */

/** Apps and gunicorn configs for the tests, copied into the sid root (see sid-root.ts). */
export const BLOCKING_CALLS_FIXTURES = new URL(
  '../integration/fixtures/blocking-calls/',
  import.meta.url,
).pathname;

/** A traceback line of the blocking function, as faulthandler and Python's logging print it. */
export const BLOCKING_FRAME = /File "[^"]*blocking_(app|wsgi)\.py", line \d+,? in legacy_report/;
