"""Run inside the target Python: report versions, detect worker classes, calibrate `cpu`.

Prints one JSON object. The harness runs it pinned to the server CPUs, so the calibration
matches the CPU the servers will burn on.
"""

import importlib.metadata as metadata
import importlib.util
import json
import platform
import sys
import time

from workload import burn_loops

PACKAGES = ["gunicorn", "gunicorn-h1c", "uvicorn", "uvicorn-worker", "gevent", "greenlet", "uvloop",
            "httptools", "h11", "click", "zope.event", "zope.interface", "packaging", "setproctitle",
            "websockets",
            # The database apps (flask_app.py, django_items/, fastapi_app.py) and their drivers.
            "flask", "werkzeug", "django", "asgiref", "fastapi", "starlette", "pydantic", "anyio",
            "psycopg", "psycopg-c", "psycopg-binary", "psycopg-pool", "psycopg2", "asyncpg",
            "psycogreen"]
MODULES = ["gunicorn", "gunicorn_h1c", "uvicorn", "gevent", "greenlet", "uvloop", "httptools",
           "uvicorn_worker", "flask", "django", "fastapi", "psycopg", "psycopg_pool", "psycopg2",
           "asyncpg", "psycogreen"]


def read_versions():
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def detect_worker_classes():
    found = {}
    try:
        from gunicorn.workers import SUPPORTED_WORKERS

        # gunicorn >= 24 registers its native ASGI worker under the short name "asgi".
        found["gunicornAsgi"] = "asgi" in SUPPORTED_WORKERS
    except ImportError:
        found["gunicornAsgi"] = False
    try:
        from gunicorn.config import KNOWN_SETTINGS

        # gunicorn >= 25.0 chooses its HTTP parser with the http_parser setting (auto, fast, python).
        found["gunicornHttpParser"] = any(s.name == "http_parser" for s in KNOWN_SETTINGS)
    except ImportError:
        found["gunicornHttpParser"] = False
    # uvicorn 0.30 deprecated uvicorn.workers in favour of the separate uvicorn-worker package.
    if importlib.util.find_spec("uvicorn_worker") is not None:
        found["uvicornWorkerClass"] = "uvicorn_worker.UvicornWorker"
    elif importlib.util.find_spec("uvicorn") is not None and importlib.util.find_spec("uvicorn.workers") is not None:
        found["uvicornWorkerClass"] = "uvicorn.workers.UvicornWorker"
    else:
        found["uvicornWorkerClass"] = None
    return found


def calibrate_loops_per_ms(trials=40, loops=50_000):
    """Best of many short trials (~3 ms each): on a shared machine a short trial is likely to
    fit in one undisturbed time slice, and the fastest one is the least disturbed."""
    best = 0.0
    burn_loops(loops)  # warm up the interpreter (specialising bytecode on 3.11+)
    for _ in range(trials):
        start = time.perf_counter()
        burn_loops(loops)
        elapsed_ms = (time.perf_counter() - start) * 1000
        best = max(best, loops / elapsed_ms)
    return best


def main():
    result = {
        "python": {
            "executable": sys.executable,
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
        },
        "modules": {m: importlib.util.find_spec(m) is not None for m in MODULES},
        "packages": read_versions(),
        "workers": detect_worker_classes(),
        "loopsPerMs": calibrate_loops_per_ms() if "--calibrate" in sys.argv else None,
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
