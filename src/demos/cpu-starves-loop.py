"""A CPU-heavy handler on the event loop starves the quick ones, unless it yields."""

import asyncio
import time

import timeline

CHUNKS = 60  # the heavy handler's work, in 5 ms slices of CPU time
QUICK = 4  # quick requests that arrive while it works


def crunch() -> int:
    """About 5 ms of pure-Python work: nothing in here ever waits."""
    deadline = time.perf_counter() + 0.005
    total = 0
    while time.perf_counter() < deadline:
        total += sum(range(100))
    return total


async def heavy(yield_between_chunks: bool) -> None:
    for _ in range(CHUNKS):
        with timeline.span("heavy", "running"):
            crunch()
        if yield_between_chunks:
            await asyncio.sleep(0)  # let the loop run other ready tasks


async def quick(i: int, arrives_at: float, latencies: list[float]) -> None:
    lane = f"quick {i}"
    await asyncio.sleep(arrives_at - time.perf_counter())  # the request arrives
    timeline.record(lane, "blocked", arrives_at, time.perf_counter(), "queued: the loop is busy")
    with timeline.span(lane, "waiting", "I/O"):
        await asyncio.sleep(0.005)  # a fast database call
    with timeline.span(lane, "running"):
        sum(range(1_000))
    latencies.append(time.perf_counter() - arrives_at)


async def serve(yield_between_chunks: bool) -> list[float]:
    latencies: list[float] = []
    start = time.perf_counter()
    # Requests arrive every 60 ms whatever the loop is doing, like clients on the network.
    arrivals = [asyncio.create_task(quick(i, start + 0.06 * (i + 1), latencies)) for i in range(QUICK)]
    await heavy(yield_between_chunks)
    await asyncio.gather(*arrivals)
    return latencies


for yields in (False, True):
    name = "with await asyncio.sleep(0)" if yields else "without yielding"
    timeline.phase(name)
    start = time.perf_counter()
    latencies = asyncio.run(serve(yields))
    print(
        f"{name}: quick requests took {min(latencies) * 1000:.0f}-"
        f"{max(latencies) * 1000:.0f} ms; all done in {time.perf_counter() - start:.2f} s"
    )

timeline.show()
