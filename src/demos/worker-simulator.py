"""A worker-model simulator: a discrete-event simulation of four ways to serve requests.

Nothing here runs a server or measures anything: it replays, in simulated milliseconds, what
the assumptions below imply, so the results are only as good as those assumptions.

The load is a closed loop, like wrk: C connections, each sending its next request the moment
the previous answer arrives. Or it is an open loop, like the harness's open-loop generator:
requests arrive RATE a second on a schedule fixed in advance (evenly spaced, or Poisson: gaps
drawn at random, so arrivals bunch up by chance), whatever the server does. At most 1024 are
out at once (the generator's connection cap); one due while all are out waits for a free one.
Each latency counts from the request's arrival, its intended send time, so every request that
was due while the server was busy shows the wait. The schedule runs a warm-up, then a window;
the window's requests are followed to their end, and one unanswered 2 s after its arrival is
given up as a timeout (the server, which cannot tell, still does its work). Above capacity
there is no steady state: the queue grows as long as the load lasts, and latency with it.
Every request needs OVERHEAD + CPU ms of CPU time (the overhead
stands for the server's own work: parsing HTTP, writing the answer; one number for every
model, which real servers do not share), then waits IO ms without using the CPU, like a
database call. The server has CORES CPUs.

- sync (gunicorn's sync worker): W processes, each holding one request from its first CPU
  instruction to the end of its wait. Requests queue in one shared listen backlog and the
  next idle worker takes the oldest.
- gthread: W processes x T threads. A connection stays with the process that accepted it
  (keep-alive); the model deals connections out evenly, which real accept() calls do not
  promise. Inside a process the GIL lets one thread run Python at a time and passes on every
  5 ms (sys.getswitchinterval()); a waiting thread has released it.
- asyncio (uvicorn): P processes, one event loop each, connections dealt out evenly. Every
  request becomes a task at once: waits overlap without limit, CPU work runs one task at a
  time and no other task can interrupt it.
- gevent: the same as asyncio inside a process, but a process takes at most
  worker_connections connections; the rest are never served.
- The CPUs: processes share CORES cores. A process with work queues for a core (first come,
  first served) and runs for at most 5 ms before the next one in line gets it, a stand-in
  for the kernel's time slices.
- A database connection pool (POOL connections per process; 0: no pool, and a wait needs no
  connection): the wait stands for a query, so a request holds one of its own process's
  connections for the whole wait (a request without a wait needs none). Without a free one it
  queues for one, first come, first served, as psycopg_pool's and asyncpg's waiters do; after
  POOL_TIMEOUT ms (1 s, as the recordings set it) it gives up and is answered as an error,
  which the clients count like any answer. Its CPU work was done before the wait, and the
  error costs none. Who waits: psycopg_pool blocks the calling thread, so a sync worker or a
  gthread thread stays taken while it waits for a connection; under gevent only the greenlet
  waits and under asyncio only the task (asyncpg's acquire), so their processes keep taking
  requests.
- A stall (STALL ms at STALL_AT, for experiments in code; none unless you set them): the first
  process runs STALL ms of CPU work that belongs to no request, a blocking call or a long
  pause, and takes up its requests only after it.

Left out: connection set-up, the kernel's real scheduler, GC pauses, memory, the closed loop's
timeout (wrk gives up after 2 s), any difference between the models' per-request costs
beyond what OVERHEAD says, and the database itself: it never refuses a connection
(max_connections) and never runs out of CPU, and a pool holds its full size from the start.
"""

import heapq
import itertools
import math
import random
from collections import deque

import timeline

PARAMS = globals().get("PARAMS", {})  # sent by the page's sliders; absent under CPython

SLICE_MS = 5.0  # GIL switch interval, and the stand-in for a kernel time slice
# Real waits vary; identical ones lock the threads into step, an artefact of exactness. Each
# wait is drawn from +/-10% around IO (seeded: the same settings give the same answer).
JITTER = 0.1
MAX_LANES = 12  # timeline lanes drawn
MAX_SPANS = 600  # timeline spans drawn; a busy loop would otherwise draw thousands
# i x gap can land a hair below an edge it is meant to be on (1500 ms as 1499.9999...): the
# open loop puts an arrival in the warm-up or the window as if it were exact.
EDGE_MS = 1e-6
MODELS = {
    "sync": "gunicorn sync",
    "gthread": "gunicorn gthread",
    "asyncio": "uvicorn (asyncio)",
    "gevent": "gunicorn gevent",
}


class Job:
    """One request, from the moment its connection sends it (open loop: from its arrival)."""

    __slots__ = ("conn", "sent", "cpu_left", "ready_at", "proc", "lane", "thread", "queued_at",
                 "sent_at", "settled")

    def __init__(self, conn, sent):
        self.conn, self.sent = conn, sent  # conn None: a stall, not a request
        self.cpu_left = 0.0
        self.ready_at = sent
        self.proc = None
        self.lane = None
        self.queued_at = None  # while it waits for a pooled connection: since when
        self.sent_at = sent  # open loop: when it left the client (None while it waits there)
        self.settled = False  # open loop: answered, or given up by the client


class Process:
    """One server process: its threads (or event loop), its ready work and its own backlog."""

    def __init__(self, index, model, threads, pool):
        self.index = index
        self.free_conns = pool or math.inf  # pooled database connections; no pool: no limit
        self.conn_queue = deque()  # requests waiting for one, oldest first
        self.loop = loop = model in ("asyncio", "gevent")
        self.free_slots = math.inf if loop else threads  # a loop takes every request at once
        self.free_threads = None if loop else deque(range(threads))
        self.gil_switches = model == "gthread"  # threads take turns; a task runs until it awaits
        self.waiting, self.waiting_since, self.most_waiting = 0, 0.0, 0  # a loop's tasks in I/O
        if loop:
            self.lanes = [f"loop {index + 1}", f"loop {index + 1} I/O"]
        elif model == "sync":
            self.lanes = [f"worker {index + 1}"]
        else:
            self.lanes = [f"w{index + 1} thread {t + 1}" for t in range(threads)]
        self.ready = deque()  # jobs with CPU work to do, in the order they became ready
        self.current = None  # the job on the CPU (or preempted by the kernel, for a loop)
        self.on_core = self.queued = False
        self.backlog = deque()  # requests waiting for a free thread of this process


class Simulation:
    """The event queue, the shared CPUs and the four models' request paths."""

    def __init__(self, model, io_ms, cpu_ms, overhead_ms, cores, workers, threads, trace,
                 pool=0, pool_timeout_ms=1000.0):
        self.model, self.io_ms, self.cpu_ms = model, io_ms, cpu_ms + overhead_ms
        self.pool_timeout_ms = pool_timeout_ms
        self.procs = [Process(i, model, threads, pool) for i in range(workers)]
        self.idle = deque(self.procs)  # sync workers waiting for a request
        if model == "sync":  # one listen backlog, shared by every worker
            shared = deque()
            for proc in self.procs:
                proc.backlog = shared
        self.now = 0.0
        self.events = []
        self.sequence = itertools.count()
        self.free_cores = cores
        self.core_line = deque()  # processes waiting for a core
        self.trace = trace
        self.spans = []  # (lane, state, start, end, label) within the traced window
        self.latencies = []  # (answered at, latency, whether it was an error)
        self.done = 0
        self.random = random.Random(5)

    def after(self, delay, action, *args):
        heapq.heappush(self.events, (self.now + delay, next(self.sequence), action, args))

    def record(self, lane, state, start, end, label=None):
        if self.trace and lane and start < self.trace and len(self.spans) < MAX_SPANS:
            self.spans.append((lane, state, start, min(end, self.trace), label))

    def draw_timeline(self):
        """Hands the spans to the timeline, lane by lane in process order."""
        order = {lane: i for i, lane in enumerate(l for p in self.procs for l in p.lanes)}
        for span in sorted(self.spans, key=lambda span: order[span[0]]):
            timeline.record_at(*span)

    def record_loop_waits(self, proc, change):
        """A loop's tasks wait side by side: one lane per loop shows when any of them waits."""
        if proc.waiting == 0:
            proc.waiting_since, proc.most_waiting = self.now, 0
        proc.waiting += change
        proc.most_waiting = max(proc.most_waiting, proc.waiting)
        if proc.waiting == 0 or self.now >= self.trace:
            self.flush_loop_waits(proc)

    def flush_loop_waits(self, proc):
        if proc.waiting_since < self.now and 2 * proc.index + 1 < MAX_LANES:
            label = f"up to {proc.most_waiting} tasks waiting"
            self.record(proc.lanes[1], "waiting", proc.waiting_since, self.now, label)
        proc.waiting_since, proc.most_waiting = self.now, proc.waiting

    # The CPUs: a process queues for a core and runs one slice of one job at a time.
    def make_ready(self, job):
        job.ready_at = self.now
        job.proc.ready.append(job)
        self.want_core(job.proc)

    def want_core(self, proc):
        if proc.on_core or proc.queued:
            return
        if self.free_cores > 0:
            self.free_cores -= 1
            self.start_slice(proc)
        else:
            proc.queued = True
            self.core_line.append(proc)

    def start_slice(self, proc):
        proc.on_core, proc.queued = True, False
        job = proc.current or proc.ready.popleft()
        proc.current = job
        length = min(job.cpu_left, SLICE_MS)
        # A thread that had to wait for the GIL or a core shows it; a loop's lane is shared by
        # all its tasks, so there a wait would hide the work.
        if not proc.loop and job.ready_at < self.now:
            self.record(job.lane, "blocked", job.ready_at, self.now, "waiting for the CPU")
        self.record(job.lane, "running", self.now, self.now + length)
        self.after(length, self.end_slice, proc, job, length)

    def end_slice(self, proc, job, length):
        job.cpu_left -= length
        job.ready_at = self.now
        finished = job.cpu_left <= 1e-9
        if finished or proc.gil_switches:  # threads: the GIL passes to the next ready one
            proc.current = None
        if not finished and proc.gil_switches:
            proc.ready.append(job)
        # Give the core back first; this process rejoins the back of the line if it has work.
        proc.on_core = False
        self.free_cores += 1
        if (proc.current or proc.ready) and not proc.queued:
            proc.queued = True
            self.core_line.append(proc)
        if self.core_line:
            self.free_cores -= 1
            self.start_slice(self.core_line.popleft())
        if finished and job.conn is not None:  # a stall is over when its CPU work is
            self.start_wait(job)

    def stall(self, ms):
        """The first process runs `ms` of CPU work of no request before its next request's."""
        proc = self.procs[0]
        job = Job(None, self.now)
        job.proc, job.lane, job.cpu_left = proc, proc.lanes[0], ms
        proc.ready.appendleft(job)
        self.want_core(proc)

    # A request's path: a thread (or task), its CPU work, its wait, the answer.
    def begin(self, job, proc):
        job.proc = proc
        proc.free_slots -= 1
        thread = 0 if proc.loop else proc.free_threads.popleft()
        job.thread = thread
        lane = proc.index * len(proc.lanes) + thread
        job.lane = proc.lanes[thread] if lane < MAX_LANES else None
        job.cpu_left = self.cpu_ms
        if job.cpu_left > 0:
            self.make_ready(job)
        else:
            self.start_wait(job)

    def start_wait(self, job):
        proc = job.proc
        if self.io_ms <= 0:
            self.answer(job)
            return
        if proc.loop and self.trace:  # a task waiting for a connection waits as well
            self.record_loop_waits(proc, +1)
        if proc.free_conns > 0:
            proc.free_conns -= 1
            self.query(job)
        else:  # every connection is taken: queue for one, and give up after the pool timeout
            job.queued_at = self.now
            proc.conn_queue.append(job)
            self.after(self.pool_timeout_ms, self.give_up, job)

    def query(self, job):
        """The wait itself, holding one of its process's connections (if it has a pool)."""
        wait = self.io_ms * self.random.uniform(1 - JITTER, 1 + JITTER)
        if not job.proc.loop:
            self.record(job.lane, "waiting", self.now, self.now + wait, "I/O")
        self.after(wait, self.release, job)

    def release(self, job):
        """The query is done: its connection goes to the oldest request waiting for one."""
        proc = job.proc
        if proc.conn_queue:
            waiter = proc.conn_queue.popleft()
            self.end_conn_wait(waiter)
            self.query(waiter)
        else:
            proc.free_conns += 1
        self.answer(job)

    def give_up(self, job):
        """The pool timeout: a request still without a connection is answered as an error."""
        if job.queued_at is None:  # it got one in time
            return
        job.proc.conn_queue.remove(job)
        self.end_conn_wait(job)
        self.answer(job, error=True)

    def end_conn_wait(self, job):
        if not job.proc.loop:  # the thread (or sync worker) was taken all along
            self.record(job.lane, "blocked", job.queued_at, self.now, "waiting for a connection")
        job.queued_at = None

    def answer(self, job, error=False):
        self.done += 1
        self.latencies.append((self.now, self.now - job.sent, error))
        proc = job.proc
        if proc.loop and self.io_ms > 0 and self.trace:
            self.record_loop_waits(proc, -1)
        proc.free_slots += 1
        if not proc.loop:
            proc.free_threads.appendleft(job.thread)
        if proc.backlog:
            self.begin(proc.backlog.popleft(), proc)
        elif self.model == "sync":
            self.idle.append(proc)
        self.answered(job, error)

    def answered(self, job, error):
        """Closed loop: the connection sends its next request at once."""
        self.after(0, self.send, job.conn)

    def send(self, conn):
        self.dispatch(Job(conn, self.now))

    def dispatch(self, job):
        """A request reaches the server: a free worker or thread takes it, or it queues."""
        conn = job.conn
        if self.model == "sync":  # one listen backlog: the next idle worker takes it
            if self.idle:
                self.begin(job, self.idle.popleft())
            else:
                self.procs[0].backlog.append(job)
            return
        proc = self.procs[conn % len(self.procs)]
        if proc.free_slots > 0:
            self.begin(job, proc)
        else:
            proc.backlog.append(job)


class OpenLoop(Simulation):
    """The open-loop load: arrivals on a schedule, the generator's cap, timeouts, the window."""

    def __init__(self, rate_rps, arrival, warmup_ms, window_ms, timeout_ms, connections,
                 seed, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gap_ms = 1000 / rate_rps
        self.poisson = arrival == "poisson"
        self.schedule = random.Random(seed)  # its own, so the arrivals do not move the waits
        self.start, self.end = warmup_ms, warmup_ms + window_ms
        self.timeout_ms = timeout_ms
        self.free_clients = connections
        self.client_queue = deque()  # due while every connection was out, oldest first
        self.arrived = 0
        self.scheduled = self.queued = self.timeouts = 0  # the window's requests
        self.completed = []  # the window's answered requests: (arrival, latency, service, error)
        self.unsettled = 0  # the window's requests neither answered nor given up
        self.outstanding_at_end = None  # set when the window closes

    def schedule_next(self):
        """The next intended send time: i x gap from the start, or an exponential gap."""
        if self.poisson:
            at = self.now + self.schedule.expovariate(1 / self.gap_ms) if self.arrived else 0.0
        else:
            at = self.arrived * self.gap_ms  # from the index, so no rounding adds up
        if at < self.end - EDGE_MS:
            self.after(at - self.now, self.arrive)
        else:
            self.after(self.end - self.now, self.close_window)

    def in_window(self, at):
        return self.start - EDGE_MS <= at < self.end - EDGE_MS

    def arrive(self):
        job = Job(self.arrived, self.now)
        self.arrived += 1
        in_window = self.in_window(self.now)
        self.scheduled += in_window
        self.unsettled += in_window
        if self.timeout_ms:
            self.after(self.timeout_ms, self.time_out, job)
        if self.free_clients > 0:
            self.free_clients -= 1
            self.dispatch(job)
        else:
            job.sent_at = None
            self.queued += in_window
            self.client_queue.append(job)
        self.schedule_next()

    def close_window(self):
        self.outstanding_at_end = self.unsettled

    def free_client(self):
        """A connection is free: the oldest request still waiting for one takes it."""
        while self.client_queue:
            job = self.client_queue.popleft()
            if not job.settled:  # one given up while it waited is never sent
                job.sent_at = self.now
                self.dispatch(job)
                return
        self.free_clients += 1

    def settle(self, job):
        job.settled = True
        if self.in_window(job.sent):
            self.unsettled -= 1

    def time_out(self, job):
        """The client gives up on a request; the server, which cannot tell, still serves it."""
        if job.settled:
            return
        self.settle(job)
        self.timeouts += self.in_window(job.sent)
        if job.sent_at is not None:  # it held a connection, which the client closes
            self.free_client()

    def answered(self, job, error):
        if job.settled:  # given up: the answer reaches nobody
            return
        self.settle(job)
        if self.in_window(job.sent):
            self.completed.append((job.sent, self.now - job.sent, self.now - job.sent_at, error))
        self.free_client()

    def finished(self):
        return self.outstanding_at_end is not None and self.unsettled == 0


def percentile(sorted_values, q):
    """Nearest-rank percentile, as load generators report it; None when there are no values."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def run_until(sim, done, trace_ms, stall_at_ms, stall_ms):
    """Plays the events until `done()`, with the stall if there is one; then the timeline."""
    if stall_ms:
        sim.after(stall_at_ms, sim.stall, stall_ms)
    while sim.events and not done():
        sim.now, _, action, args = heapq.heappop(sim.events)
        action(*args)
    if trace_ms:
        for proc in sim.procs:
            if proc.loop:
                sim.flush_loop_waits(proc)
        sim.draw_timeline()


def simulate(model, io_ms, cpu_ms, connections, workers, threads=1, cores=1, overhead_ms=0.0,
             worker_connections=1000, pool=0, pool_timeout_ms=1000.0, trace_ms=0.0,
             stall_at_ms=0.0, stall_ms=0.0, keep_latencies=False):
    """Runs one model under the closed loop until enough answers arrived; returns throughput
    and latency (and with keep_latencies, every measured latency in the order they ended)."""
    threads = threads if model == "gthread" else 1
    sim = Simulation(model, io_ms, cpu_ms, overhead_ms, cores, workers, threads, trace_ms,
                     pool, pool_timeout_ms)
    served = connections
    if model == "gevent":
        served = min(connections, workers * worker_connections)
    for conn in range(served):
        sim.after(0, sim.send, conn)

    # Skip the start (every connection arrives at once), then count a fixed number of answers.
    warmup = served + 100
    measured = 2000 + 2 * served
    run_until(sim, lambda: sim.done >= warmup + measured, trace_ms, stall_at_ms, stall_ms)
    window = sim.latencies[warmup:]
    started = sim.latencies[warmup - 1][0]
    per_second = 1000 / (sim.now - started) if sim.now > started else 0
    errors = sum(1 for _, _, error in window if error)
    latencies = sorted(latency for _, latency, _ in window)
    return {
        "model": model,
        "workers": workers,
        "threads": threads,
        "served": served,
        "pool": pool,
        "throughputRps": len(window) * per_second,
        "okThroughputRps": (len(window) - errors) * per_second,
        "poolTimeoutRps": errors * per_second,
        "p50Ms": percentile(latencies, 0.50),
        "p99Ms": percentile(latencies, 0.99),
        "spansCapped": len(sim.spans) >= MAX_SPANS,
        **({"latenciesMs": [latency for _, latency, _ in window]} if keep_latencies else {}),
    }


def simulate_open(model, io_ms, cpu_ms, rate_rps, workers, threads=1, cores=1, overhead_ms=0.0,
                  worker_connections=1000, pool=0, pool_timeout_ms=1000.0, arrival="constant",
                  warmup_ms=1500.0, window_ms=3000.0, timeout_ms=2000.0, connections=1024,
                  seed=1, trace_ms=0.0, stall_at_ms=0.0, stall_ms=0.0, keep_latencies=False):
    """Runs one model under the open loop (timeout_ms 0: no timeout) until every request of
    the window is answered or given up; returns what the harness's open-loop generator reports
    (and with keep_latencies, every answered window request's latency in arrival order)."""
    threads = threads if model == "gthread" else 1
    if model == "gevent":  # connections past worker_connections wait unaccepted: here, unsent
        connections = min(connections, workers * worker_connections)
    sim = OpenLoop(rate_rps, arrival, warmup_ms, window_ms, timeout_ms, connections, seed,
                   model, io_ms, cpu_ms, overhead_ms, cores, workers, threads, trace_ms,
                   pool, pool_timeout_ms)
    sim.schedule_next()
    run_until(sim, sim.finished, trace_ms, stall_at_ms, stall_ms)
    per_second = 1000 / window_ms
    delivered = [error for at, _, error in sim.latencies if sim.start <= at < sim.end]
    errors = sum(delivered)
    done = sorted(sim.completed)
    latencies = sorted(latency for _, latency, _, _ in done)
    services = sorted(service for _, _, service, _ in done)
    return {
        "model": model,
        "workers": workers,
        "threads": threads,
        "pool": pool,
        "rateRps": rate_rps,
        "arrival": arrival,
        "scheduled": sim.scheduled,
        "offeredRps": sim.scheduled * per_second,
        "completed": len(done),
        "achievedRps": len(done) * per_second,
        "non2xx": sum(1 for *_, error in done if error),
        "timeouts": sim.timeouts,
        "outstandingAtEnd": sim.outstanding_at_end,
        "queued": sim.queued,
        # What the server delivered over the window, as wrk counts it: warm-up requests too
        # (and answers to ones the client gave up on, which it never reads).
        "throughputRps": len(delivered) * per_second,
        "okThroughputRps": (len(delivered) - errors) * per_second,
        "poolTimeoutRps": errors * per_second,
        "p50Ms": percentile(latencies, 0.50),
        "p99Ms": percentile(latencies, 0.99),
        "maxMs": latencies[-1] if latencies else None,
        "serviceP50Ms": percentile(services, 0.50),
        "serviceP99Ms": percentile(services, 0.99),
        "spansCapped": len(sim.spans) >= MAX_SPANS,
        **({"latenciesMs": [latency for _, latency, _, _ in done]} if keep_latencies else {}),
    }


STRINGS = ("timeline", "load", "arrival")  # the parameters that are not numbers


def read_params():
    """The sliders' values, or the defaults: the recorded sweep-io settings at 16 connections;
    open loop, the recordings' 1.5 s warm-up and 2 s timeout."""
    p = {"io_ms": 50, "cpu_ms": 0, "overhead_ms": 0.1, "connections": 16, "workers": 3,
         "threads": 4, "loops": 1, "cores": 1, "worker_connections": 1000, "pool": 0,
         "pool_timeout_ms": 1000, "timeline": "sync", "load": "closed", "rate_rps": 90,
         "arrival": "constant", "window_s": 3, "warmup_s": 1.5, "timeout_s": 2, **PARAMS}
    return {key: value if key in STRINGS else float(value) for key, value in p.items()}


def run_all(p):
    if p["io_ms"] + p["cpu_ms"] + p["overhead_ms"] <= 0:
        raise SystemExit("A request that takes no time at all has no throughput to predict.")
    if p["load"] not in ("closed", "open"):
        raise SystemExit(f"load must be 'closed' or 'open', not {p['load']!r}.")
    if p["arrival"] not in ("constant", "poisson"):
        raise SystemExit(f"arrival must be 'constant' or 'poisson', not {p['arrival']!r}.")
    if p["load"] == "open" and (p["rate_rps"] <= 0 or p["window_s"] <= 0):
        raise SystemExit("An open loop needs an arrival rate and a window above 0.")
    trace_ms = min(1000.0, max(20.0, round(4 * (p["io_ms"] + p["cpu_ms"] + p["overhead_ms"]))))
    results = {}
    for model in MODELS:
        processes = p["loops"] if model == "asyncio" else p["workers"]
        common = dict(
            threads=int(p["threads"]), cores=int(p["cores"]), overhead_ms=p["overhead_ms"],
            worker_connections=int(p["worker_connections"]), pool=int(p["pool"]),
            pool_timeout_ms=p["pool_timeout_ms"],
            trace_ms=trace_ms if model == p["timeline"] else 0.0,
        )
        if p["load"] == "open":
            results[model] = simulate_open(
                model, p["io_ms"], p["cpu_ms"], p["rate_rps"], int(processes),
                arrival=p["arrival"], warmup_ms=1000 * p["warmup_s"],
                window_ms=1000 * p["window_s"], timeout_ms=1000 * p["timeout_s"], **common)
        else:
            results[model] = simulate(
                model, p["io_ms"], p["cpu_ms"], int(p["connections"]), int(processes), **common)
    return results, trace_ms


def describe_load(p):
    cores = int(p["cores"])
    cpus = f"{cores} server CPU{'' if cores == 1 else 's'}"
    if p["load"] == "closed":
        return f"{int(p['connections'])} connections, {cpus}"
    spacing = "Poisson arrivals" if p["arrival"] == "poisson" else "evenly spaced"
    return (f"{p['rate_rps']:g} requests a second, {spacing}, for {p['warmup_s']:g} s of "
            f"warm-up and a {p['window_s']:g} s window; {cpus}")


def show_shape(model, r):
    shape = f"{r['workers']}x{r['threads']}" if model == "gthread" else f"{r['workers']}"
    return f"{MODELS[model]:<18}{shape:>8}"


def show_errors(r):
    if r["poolTimeoutRps"]:
        print(f"{'':<18}{r['poolTimeoutRps']:.1f} req/s of them errors: no connection in time")


def show_closed(p, results):
    print(f"{'model':<18}{'workers':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for model, r in results.items():
        print(f"{show_shape(model, r)}{r['throughputRps']:>9.1f}"
              f"{r['p50Ms']:>9.1f}{r['p99Ms']:>9.1f}")
        if r["served"] < p["connections"]:
            print(f"{'':<18}only {r['served']} connections served (worker_connections)")
        show_errors(r)


def show_open(p, results):
    print("req/s: the window's requests answered in time, per second; latency from each")
    print("request's arrival; waiting: the window's requests unanswered as it closed;")
    print(f"timed out: unanswered {p['timeout_s']:g} s after their arrival\n")
    print(f"{'model':<18}{'workers':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'waiting':>9}{'timed out':>10}")
    for model, r in results.items():
        p50, p99 = (f"{v:>9.1f}" if v is not None else f"{'-':>9}" for v in (r["p50Ms"], r["p99Ms"]))
        print(f"{show_shape(model, r)}{r['achievedRps']:>9.1f}{p50}{p99}"
              f"{r['outstandingAtEnd']:>9}{r['timeouts']:>10}")
        show_errors(r)


def show(p, results, trace_ms):
    print(describe_load(p))
    print(f"each request: {p['io_ms']:g} ms wait, {p['cpu_ms']:g} ms CPU, "
          f"{p['overhead_ms']:g} ms server overhead")
    if p["pool"]:
        print(f"each process: a pool of {int(p['pool'])} database connections, held for the "
              f"wait; a request gives up after {p['pool_timeout_ms']:g} ms without one")
    print()
    (show_open if p["load"] == "open" else show_closed)(p, results)
    if p["timeline"] in MODELS:
        capped = results[p["timeline"]]["spansCapped"]
        spans = f"the first {MAX_SPANS} spans, " if capped else ""
        start = "the clients connect" if p["load"] == "closed" else "the first arrival"
        print(f"\nTimeline: {MODELS[p['timeline']]}, the first {trace_ms:g} simulated ms\n"
              f"after {start} ({spans}at most {MAX_LANES} lanes).")


params = read_params()
results, trace_ms = run_all(params)
show(params, results, trace_ms)
# The page reads RESULT to put each prediction beside the recorded measurement.
RESULT = {"params": params, "models": results}
timeline.show()
