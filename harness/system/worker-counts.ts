/**
 * How many workers each model runs for a number of server CPUs, as its own documentation
 * advises (issue 14: the main comparison), and the equal count the first recordings gave every
 * Gunicorn model (kept as a labelled variant). The sentences quoted here are repeated in
 * bench-data/README.md; the docs were read in Gunicorn's `docs/content/` (the 26.x line the
 * Debian sid root runs, 26.2.2), Uvicorn's `docs/` (0.5x) and gevent's `docs/` (25.x).
 *
 * - Gunicorn, every worker class: "Start with this formula and adjust under load:
 *   `workers = (2 × CPU cores) + 1`" (design, "How Many Workers?",
 *   https://gunicorn.org/design/#how-many-workers); the quickstart says the same: "A good
 *   starting point is `2 * CPU_CORES + 1` workers" (https://gunicorn.org/quickstart/).
 * - Gunicorn `gthread` threads: "A positive integer generally in the ``2-4 x $(NUM_CORES)``
 *   range" (settings, `threads`, https://gunicorn.org/reference/settings/#threads). We take
 *   4 x cores, the top of the range, because most sweep endpoints wait rather than compute.
 * - Gunicorn's ASGI workers: the ASGI guide's performance tips say "Tune worker count based on
 *   CPU cores: `gunicorn myapp:app --worker-class asgi --workers $(nproc)`"
 *   (https://gunicorn.org/asgi/#performance-tips), i.e. one per core. The design page's "ASGI"
 *   worker tab shows `-k uvicorn.workers.UvicornWorker` and sends readers to that guide ("See
 *   the ASGI Guide for details", https://gunicorn.org/design/#worker-types), so the same advice
 *   is applied to Uvicorn's worker class under Gunicorn. Uvicorn's own page for it gives an
 *   example, not a rule: "The following will start Gunicorn with four worker processes:
 *   `gunicorn -w 4 -k uvicorn.workers.UvicornWorker`" (https://uvicorn.dev/deployment/#gunicorn).
 * - Gunicorn `gevent`: Gunicorn's docs give no count of their own for it beyond the general
 *   formula (the design page's example is `gunicorn myapp:app -k gevent --workers 4
 *   --worker-connections 1000`), and gevent's docs give none for processes: they say "The
 *   greenlets all run in the same OS thread and are scheduled cooperatively"
 *   (https://www.gevent.org/intro.html#cooperative-multitasking). So gevent runs Gunicorn's
 *   `(2 × cores) + 1`, and its `worker_connections` stays at Gunicorn's default, 1000.
 * - Uvicorn `--workers`: "Number of worker processes. Defaults to the `$WEB_CONCURRENCY`
 *   environment variable if available, or 1" (https://uvicorn.dev/settings/#production);
 *   its Docker page answers "how many workers should I run?" with "The image above uses a
 *   single Uvicorn worker. The recommended approach is to let your orchestration system manage
 *   the number of deployed containers" (https://uvicorn.dev/deployment/docker/). No
 *   formula per core: one event loop per core, the reading the ASGI guide above makes explicit.
 */

/** Which advice a worker count follows. */
export type WorkerAdvice = 'gunicorn-2n+1' | 'one-per-core';

/** Gunicorn's general formula: `(2 × cores) + 1`. */
export const countGunicornWorkers = (cpus: number): number => 2 * cpus + 1;

/** One process per core (Gunicorn's ASGI guide; one uvicorn event loop per core). */
export const countOnePerCore = (cpus: number): number => cpus;

/** gthread's threads per worker: the top of Gunicorn's `2-4 x $(NUM_CORES)` range. */
export const countGthreadThreads = (cpus: number): number => 4 * cpus;

/** The worker count a piece of advice gives for `cpus` server CPUs. */
export function countAdvisedWorkers(advice: WorkerAdvice, cpus: number): number {
  return advice === 'one-per-core' ? countOnePerCore(cpus) : countGunicornWorkers(cpus);
}
