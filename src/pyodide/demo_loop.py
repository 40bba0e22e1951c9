"""Make Pyodide schedule and block the way CPython on a server does, for the demos.

Two things differ in Pyodide, and both would teach the wrong lesson:

- ``time.sleep`` switches stacks and lets the browser run other tasks meanwhile, so a
  "blocking" sleep inside ``async def`` would not block anything.
- ``asyncio`` runs on Pyodide's WebLoop, which hands ready callbacks to the browser through
  one queue and timers through another; the browser may run a stream of ready callbacks
  ahead of a due timer, which CPython's loop never does.

So demos get a busy-waiting ``time.sleep`` and an ``asyncio.run`` on :class:`DemoLoop`:
CPython's own ``BaseEventLoop`` scheduling (ready queue, timer heap), whose only way to
wait is to sleep until the next timer. The whole run is then synchronous inside the
worker, and Stop still interrupts it because it keeps executing Python bytecode.
"""

import asyncio
import selectors
import signal
import time


def blocking_sleep(seconds):
    """Hold the thread for ``seconds``, like CPython's ``time.sleep``."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


class _TimerOnlySelector(selectors.BaseSelector):
    """There are no sockets here: the loop only ever waits for its next timer."""

    def register(self, fileobj, events, data=None):
        raise NotImplementedError("sockets are not available in these browser demos")

    def unregister(self, fileobj):
        raise KeyError(fileobj)

    def select(self, timeout=None):
        if timeout is None:
            # Nothing is scheduled and nothing can arrive: CPython would wait forever too.
            while True:
                blocking_sleep(1)
        blocking_sleep(max(0.0, timeout))
        return []

    def get_map(self):
        return {}

    def close(self):
        pass


class DemoLoop(asyncio.BaseEventLoop):
    """CPython's event loop scheduling, waiting by sleeping until the next timer."""

    def __init__(self):
        super().__init__()
        self._selector = _TimerOnlySelector()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


def run(main, *, debug=None, loop_factory=None):
    """``asyncio.run`` as in CPython 3.12+, on a fresh :class:`DemoLoop` by default."""
    if asyncio.events._get_running_loop() is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    with asyncio.Runner(debug=debug, loop_factory=loop_factory or DemoLoop) as runner:
        return runner.run(main)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def install():
    """Patch ``time.sleep``, ``asyncio.run`` and ``asyncio.new_event_loop`` for demo code."""
    time.sleep = blocking_sleep
    asyncio.run = run
    asyncio.new_event_loop = DemoLoop
    # asyncio.Runner replaces the default SIGINT handler with one that only cancels the
    # main task, which a CPU-bound task never notices; Stop must end the run at once.
    signal.signal(signal.SIGINT, _interrupt)
