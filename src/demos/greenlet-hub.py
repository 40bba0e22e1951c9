"""A toy gevent: a hub that switches between generator "greenlets" whenever one would wait."""

import heapq
import time
from collections import deque

import timeline


class Hub:
    """Runs whichever task is ready; parks each one at its next yield until its wait is over."""

    def __init__(self) -> None:
        self.ready = deque()  # tasks that can run now
        self.sleeping = []  # (wake-up time, order, task) heap
        self.order = 0

    def spawn(self, name, gen) -> None:
        self.ready.append((name, gen))

    def run(self) -> None:
        while self.ready or self.sleeping:
            if not self.ready:
                wake_at, _, task = heapq.heappop(self.sleeping)
                with timeline.span("hub", "waiting", "nothing ready"):
                    time.sleep(max(0.0, wake_at - time.perf_counter()))  # gevent waits in libev here
                self.ready.append(task)
            while self.sleeping and self.sleeping[0][0] <= time.perf_counter():
                self.ready.append(heapq.heappop(self.sleeping)[2])
            name, gen = self.ready.popleft()
            try:
                with timeline.span(name, "running"):
                    seconds = next(gen)  # run the task until it would wait
            except StopIteration:
                continue
            self.order += 1
            heapq.heappush(self.sleeping, (time.perf_counter() + seconds, self.order, (name, gen)))


def cooperative_sleep(seconds: float) -> float:
    """What monkey-patching turns time.sleep into: a request to the hub, not a real wait."""
    return seconds


def handler(name: str, requests: int):
    for i in range(requests):
        sum(range(20_000))  # some work for request i
        yield cooperative_sleep(0.05)  # "time.sleep" / "sock.recv": switch to the hub
    print(f"{name} done at {time.perf_counter() - start:.2f} s")


def unpatched_handler(name: str):
    """Calls the real time.sleep: nothing switches, so every greenlet stalls with it."""
    yield cooperative_sleep(0.02)
    with timeline.span(name, "blocked", "real time.sleep(0.2)"):
        time.sleep(0.2)
    yield cooperative_sleep(0.02)
    print(f"{name} done at {time.perf_counter() - start:.2f} s")


for unpatched in (False, True):
    timeline.phase("one real time.sleep" if unpatched else "every wait switches")
    start = time.perf_counter()
    hub = Hub()
    for n in range(3):
        hub.spawn(f"greenlet {n}", handler(f"greenlet {n}", 4))
    if unpatched:
        hub.spawn("unpatched", unpatched_handler("unpatched"))
    hub.run()
    print(f"all finished in {time.perf_counter() - start:.2f} s\n")

timeline.show()
