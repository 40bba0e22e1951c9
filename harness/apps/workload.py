"""Work shared by the WSGI and ASGI apps, so both models do exactly the same thing per request.

Only the standard library is imported here: the apps must run on any Python the harness
is pointed at (Debian 12, Debian sid chroot, a venv) with nothing but the servers installed.
"""

import json
import os
import sys
from urllib.parse import parse_qs

# Loops of `burn_loops` that take one millisecond on the server CPU. The harness measures it
# once per environment (see calibrate.py), records it in the dataset and passes it in here, so
# `cpu?ms=5` means five milliseconds of pure-Python work on *this* interpreter.
LOOPS_PER_MS = float(os.environ.get("BENCH_CPU_LOOPS_PER_MS", "20000"))

HELLO_BODY = json.dumps({"message": "Hello, world!"}).encode()
JSON_HEADERS = [(b"content-type", b"application/json")]
# Every response names the worker process that answered and the client's port, which tells
# the client's connections apart (wrk opens them all from 127.0.0.1). The harness's wrk script
# counts requests per process and per connection from them when a point asks for it.
PID_HEADER = "x-worker-pid"
PORT_HEADER = "x-client-port"


def burn_loops(loops):
    """Pure-Python arithmetic that holds the GIL the whole time (no C fast path to release it)."""
    total = 0
    for i in range(loops):
        total += i * i % 7
    return total


def burn_ms(ms):
    return burn_loops(int(LOOPS_PER_MS * ms))


def read_ms(query_string):
    """Parse `ms=N` from a query string; a missing or bad value means 0 so the app never 500s."""
    values = parse_qs(query_string).get("ms", ["0"])
    try:
        return max(0.0, min(float(values[0]), 60_000.0))
    except ValueError:
        return 0.0


def describe_http_parser(frame):
    """Which HTTP parser parsed the request being served, read from the server's own objects
    on the call stack (not inferred from what is installed):

    - gunicorn's WSGI workers (sync, gthread, gevent) pass the parsed `req` down to the app's
      caller; since 25.0 it holds `_use_fast`, the choice of `http_parser` (gunicorn_h1c when
      True). Older gunicorn parses in Python only.
    - gunicorn's asgi worker awaits the app from its protocol, whose `_callback_parser` is an
      `H1CProtocol` (gunicorn_h1c) or a `PythonProtocol`.
    - uvicorn (alone or as gunicorn's worker class) awaits it from a RequestResponseCycle of
      `uvicorn.protocols.http.httptools_impl` or `h11_impl`.
    """
    while frame is not None:
        local = frame.f_locals
        req = local.get("req")
        if req is not None and type(req).__module__ == "gunicorn.http.message":
            use_fast = getattr(req, "_use_fast", None)
            source = "gunicorn.http.message.Request._use_fast" if use_fast is not None else (
                "gunicorn.http.message.Request (no _use_fast: gunicorn < 25 parses in Python)")
            return {"httpParser": "gunicorn-h1c" if use_fast else "gunicorn-python",
                    "httpParserSource": source}
        owner = local.get("self")
        parser = getattr(owner, "_callback_parser", None) if owner is not None else None
        if parser is not None:
            kind = type(parser)
            name = f"{kind.__module__}.{kind.__qualname__}"
            return {"httpParser": "gunicorn-h1c" if kind.__module__.startswith("gunicorn_h1c")
                    else "gunicorn-python", "httpParserSource": name}
        module = type(owner).__module__ if owner is not None else ""
        if module.startswith("uvicorn.protocols.http."):
            impl = module.rsplit(".", 1)[-1]
            return {"httpParser": {"httptools_impl": "httptools", "h11_impl": "h11"}.get(impl, impl),
                    "httpParserSource": f"{module}.{type(owner).__qualname__}"}
        frame = frame.f_back
    return {"httpParser": "unknown", "httpParserSource": None}


def describe_runtime(extra):
    """What the server actually runs: recorded once per server so a dataset says which loop,
    which patching and which interpreter answered."""
    info = {
        "pid": os.getpid(),
        "python": sys.version.split()[0],
        "implementation": sys.implementation.name,
        "loopsPerMs": LOOPS_PER_MS,
    }
    try:
        from gevent import monkey

        info["geventPatchedTime"] = bool(monkey.is_module_patched("time"))
        info["geventPatchedSocket"] = bool(monkey.is_module_patched("socket"))
    except ImportError:
        pass
    info.update(extra)
    return json.dumps(info).encode()
