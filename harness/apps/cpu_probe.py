"""Run inside the target Python, pinned like the servers: time a fixed CPU loop when asked.

Usage: cpu_probe.py TRIALS LOOPS. The harness (measure/cpu-probe.ts) starts it once per run and
writes a line to its stdin just before and just after every measured window; for each line it
times TRIALS trials of LOOPS loops of the `cpu` endpoint's kernel and prints one JSON line,
`{"trials": [loops per ms, ...]}`. It exits when its input ends.

Each trial is timed in this thread's CPU time, not wall time: another task sharing the CPU (the
server finishing requests the window left) delays a trial but does not make it cost more CPU
time, while a CPU that runs slower, which makes every request cost more, does. Contention is
measured separately (measure/noise.ts).
"""

import json
import sys
import time

from workload import burn_loops


def time_trials(trials, loops):
    """Loops per ms of CPU time of each of `trials` back-to-back runs of `burn_loops(loops)`."""
    rates = []
    for _ in range(trials):
        start = time.thread_time_ns()
        burn_loops(loops)
        rates.append(loops / ((time.thread_time_ns() - start) / 1e6))
    return rates


def main():
    trials, loops = int(sys.argv[1]), int(sys.argv[2])
    # Warm up the interpreter (specialising bytecode on 3.11+) before the first reading.
    burn_loops(loops * trials)
    while sys.stdin.readline():
        sys.stdout.write(json.dumps({"trials": time_trials(trials, loops)}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
