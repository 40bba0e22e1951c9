"""What the database-backed apps (Flask, Django, FastAPI) share, so every app answers the same
URLs with byte-identical bodies and reads the same environment variables.

Standard library only: each framework app imports its own driver and calls in here for
parsing, bodies, error mapping and the facts reported at /info.

Environment (every variable optional except DATABASE_URL):
- DATABASE_URL: libpq URL, e.g. postgresql://bench@127.0.0.1:5432/bench
- DB_ROWS: rows in `items` (ids 1..DB_ROWS); /db picks one at random. Default 1000000.
- DB_POOL_SIZE: connections per process (a fixed-size pool: min = max). Unset: the driver's own
  default (psycopg_pool 4, asyncpg 10); the harness passes what each worker model needs.
- DB_POOL_MIN_SIZE: connections opened at start, when the pool may grow from there to
  DB_POOL_SIZE on demand (0 to DB_POOL_SIZE). Unset: DB_POOL_SIZE (fixed). A growing pool is
  how a process asks the database for a connection while serving requests, so a database that
  refuses (max_connections reached) answers those requests, not the boot.
- DB_POOL_TIMEOUT_S: how long a request waits for a pooled connection before the app answers
  503 {"error": "pool-timeout"}. Default 5 s: psycopg_pool's own default (30 s) equals gunicorn's
  worker timeout, so a sync worker would be killed before the pool gave up; asyncpg's acquire()
  waits forever by default.
- DB_CONNECT_TIMEOUT_S: libpq/asyncpg connect timeout. Default 5 s.
"""

import json
import os
import random
import sys
from importlib import metadata

from workload import HELLO_BODY

JSON_TYPE = "application/json"


def _read_number(name, default, kind=float, minimum=0):
    """An environment number, or exit with a message naming the variable (a server that
    started with a typo in its settings would measure the wrong thing)."""
    text = os.environ.get(name, "")
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise SystemExit(f"{name} must be a number >= {minimum}, got {text!r}")
    return value


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    raise SystemExit("DATABASE_URL is not set: the database apps need a libpq URL such as "
                     "postgresql://bench@127.0.0.1:5432/bench")
DB_ROWS = _read_number("DB_ROWS", 1_000_000, int, 1)
DB_POOL_TIMEOUT_S = _read_number("DB_POOL_TIMEOUT_S", 5.0)
DB_CONNECT_TIMEOUT_S = _read_number("DB_CONNECT_TIMEOUT_S", 5.0)

# One statement: the lookup and the wait are a single query, so the connection is held (and
# the backend busy) for the whole sleep, as with a genuinely slow query. pg_sleep runs once per
# returned row, and the primary-key lookup returns one row.
LOOKUP_SQL = "SELECT id, name FROM items WHERE id = %s"
SLOW_LOOKUP_SQL = "SELECT id, name, pg_sleep(%s) FROM items WHERE id = %s"

# Packages whose versions /info reports when installed.
_DISTRIBUTIONS = ["flask", "werkzeug", "django", "asgiref", "fastapi", "starlette", "pydantic",
                  "psycopg", "psycopg-c", "psycopg-binary", "psycopg-pool", "psycopg2", "asyncpg",
                  "psycogreen", "gevent", "greenlet", "gunicorn", "uvicorn", "uvloop"]

NOT_FOUND_BODY = json.dumps({"error": "not found"}).encode()


class BadRequest(ValueError):
    """A query parameter the app cannot use; answered 400 with the message."""


def pool_size(library_default):
    """(size, source): DB_POOL_SIZE when set, else the driver's documented default."""
    size = _read_number("DB_POOL_SIZE", None, int, 1)
    if size is None:
        return library_default, "driver default"
    return size, "DB_POOL_SIZE"


def pool_min_size(size):
    """Connections a pool of `size` opens at start: DB_POOL_MIN_SIZE when set, else `size`."""
    minimum = _read_number("DB_POOL_MIN_SIZE", size, int, 0)
    if minimum > size:
        raise SystemExit(f"DB_POOL_MIN_SIZE must be at most DB_POOL_SIZE ({size}), got {minimum}")
    return minimum


def _parse_whole(name, text, low, high):
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, got {text!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, got {value}")
    return value


def pick_id(text):
    """`?id=N` fixes the row (tests); without it a uniformly random id in 1..DB_ROWS."""
    if text is None:
        return random.randint(1, DB_ROWS)
    return _parse_whole("id", text, 1, 2**31 - 1)


def read_sleep_ms(text):
    """`?ms=N`: whole milliseconds the slow query sleeps (0 to 60 s; missing means 0)."""
    return 0 if text is None else _parse_whole("ms", text, 0, 60_000)


def item_body(item_id, name, slept_ms=None):
    """The one serialisation every app uses, so bodies are byte-identical across frameworks."""
    item = {"id": item_id, "name": name}
    if slept_ms is not None:
        item["sleptMs"] = slept_ms
    return json.dumps(item).encode()


def _exception_chain(exc):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def classify_db_error(exc):
    """(HTTP status, kind) for an exception raised while talking to the database.

    Matched by class name along the cause chain, because Django wraps driver errors in its own
    classes and the apps must not import drivers they do not use.
    """
    names = {cls.__name__ for e in _exception_chain(exc) for cls in type(e).__mro__}
    if "PoolTimeout" in names or "TimeoutError" in names:
        return 503, "pool-timeout"
    if "TooManyRequests" in names:
        return 503, "pool-queue-full"
    if names & {"OperationalError", "InterfaceError", "TooManyConnectionsError",
                "CannotConnectNowError", "PostgresConnectionError", "ConnectionError", "OSError"}:
        return 503, "database-unavailable"
    return 500, "database-error"


def bad_request_body(exc):
    return json.dumps({"error": "bad request", "detail": str(exc)}).encode()


def error_body(kind, exc=None):
    body = {"error": kind}
    if exc is not None:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        body["detail"] = f"{type(exc).__name__}: {first_line}"[:300]
    return json.dumps(body).encode()


def version_of(distribution):
    """Installed version of a distribution, or None."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _versions():
    versions = {name: version_of(name) for name in _DISTRIBUTIONS}
    return {name: version for name, version in versions.items() if version}


def describe_gevent():
    """Whether gunicorn's gevent worker patched this process (looked up, never imported, as
    psycopg itself does in psycopg/waiting.py `_is_select_patched`)."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None:
        return {"patched": False}
    return {"patched": bool(monkey.is_module_patched("socket")),
            "selectPatched": bool(monkey.is_module_patched("select"))}


def describe_psycopg():
    """How psycopg 3 waits for the socket: its C `wait_c` blocks a gevent hub, so psycopg
    (>= 3.1.14) picks a select-based wait when gevent has patched `select`
    (psycopg/waiting.py; https://www.psycopg.org/psycopg3/docs/advanced/async.html#gevent-support).
    The pure-Python build has no `wait_c` at all and always uses the (patchable) select module."""
    import psycopg
    from psycopg import waiting

    selected = getattr(waiting, "_is_select_patched", None)
    return {
        "impl": psycopg.pq.__impl__,
        "libpq": psycopg.pq.version(),
        "wait": waiting.wait.__name__,
        "waitConn": waiting.wait_conn.__name__,
        "detectsGevent": selected is not None,
        "selectPatchedSeenByPsycopg": selected() if selected else None,
    }


def describe_app(extra):
    """The /info body: what runs, with which driver and pool, so a dataset can record it."""
    info = {
        "pid": os.getpid(),
        "python": sys.version.split()[0],
        "implementation": sys.implementation.name,
        "dbRows": DB_ROWS,
        "poolTimeoutS": DB_POOL_TIMEOUT_S,
        "connectTimeoutS": DB_CONNECT_TIMEOUT_S,
        "gevent": describe_gevent(),
        "versions": _versions(),
    }
    info.update(extra)
    return json.dumps(info).encode()
