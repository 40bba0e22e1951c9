"""A blocking call inside async def stalls every task on the loop; await lets them run."""

import asyncio
import time

import timeline

TICK = 0.01  # the heartbeat should tick every 10 ms


async def heartbeat(ticks: list[float]) -> None:
    while True:
        timeline.mark("heartbeat", "tick")
        ticks.append(time.perf_counter())
        await asyncio.sleep(TICK)


async def handler_blocking() -> None:
    with timeline.span("handler", "blocked", "time.sleep(0.3)"):
        time.sleep(0.3)  # holds the thread: the loop cannot run anything else


async def handler_fixed() -> None:
    with timeline.span("handler", "waiting", "await asyncio.sleep(0.3)"):
        await asyncio.sleep(0.3)  # hands the thread back to the loop while it waits


async def measure(handler) -> float:
    ticks: list[float] = []
    beat = asyncio.create_task(heartbeat(ticks))
    await asyncio.sleep(0.05)
    await handler()
    await asyncio.sleep(0.05)
    beat.cancel()
    return max(later - earlier for earlier, later in zip(ticks, ticks[1:]))


for handler in (handler_blocking, handler_fixed):
    timeline.phase(handler.__name__)
    gap = asyncio.run(measure(handler))
    print(f"{handler.__name__}: longest gap between heartbeats {gap * 1000:.0f} ms")

timeline.show()
