"""gunicorn config file: freeze the garbage collector's objects before each fork, as CPython's
gc docs advise for pre-fork servers (https://docs.python.org/3/library/gc.html#gc.freeze):

  "If a process will fork() without exec(), avoiding unnecessary copy-on-write in child
  processes will maximize memory sharing and reduce overall memory usage. This requires both
  avoiding creation of freed "holes" in memory pages in the parent process and ensuring that GC
  collections in child processes won't touch the gc_refs counter of long-lived objects
  originating in the parent process. To accomplish both, call gc.disable() early in the parent
  process, gc.freeze() right before fork(), and gc.enable() early in child processes."

gunicorn executes this file in the master when it reads its configuration, before it loads the
app (with --preload, the master imports the app after this). It calls `pre_fork` in the master
just before `os.fork()` and `post_fork` in the new worker first thing
(`Arbiter.spawn_worker` in gunicorn/arbiter.py, 26.2.2). The harness passes it with
`--config` (ServerOptions.gcFreeze); it only makes sense with --preload, where the app's objects
are the master's.
"""

import gc
import sys

gc.disable()


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
    # One line per worker in the server's log: the evidence that the hooks ran.
    print(f"gc_freeze_conf: worker {worker.pid} starts with {gc.get_freeze_count()} frozen objects",
          file=sys.stderr, flush=True)
