"""Ten requests that each wait 0.1 s on I/O: one after another, then with asyncio.gather."""

import asyncio
import time

import timeline


async def fetch(i: int) -> int:
    lane = f"request {i}"
    with timeline.span(lane, "running", "parse"):
        sum(range(2_000))  # a little CPU work before the call
    with timeline.span(lane, "waiting", "I/O"):
        await asyncio.sleep(0.1)  # stands in for a database or HTTP call
    return i


async def one_after_another() -> list[int]:
    return [await fetch(i) for i in range(10)]


async def all_at_once() -> list[int]:
    return await asyncio.gather(*(fetch(i) for i in range(10)))


for variant in (one_after_another, all_at_once):
    timeline.phase(variant.__name__)
    start = time.perf_counter()
    asyncio.run(variant())
    print(f"{variant.__name__}: {time.perf_counter() - start:.2f} s")

timeline.show()
