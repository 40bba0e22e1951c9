"""FastAPI with an async driver: `hello`, `db`, `slow-query`, `info`, under uvicorn or gunicorn's
ASGI workers.

DB_DRIVER picks how the endpoints reach PostgreSQL; the URLs and bodies never change:
- `asyncpg` (default): `async def` endpoints, an asyncpg pool
  (https://magicstack.github.io/asyncpg/current/usage.html#connection-pools), default size 10
  (asyncpg.create_pool min_size = max_size = 10).
- `psycopg-async`: `async def` endpoints, psycopg_pool.AsyncConnectionPool
  (https://www.psycopg.org/psycopg3/docs/advanced/pool.html), default size 4.
- `psycopg-sync-in-async`: the classic mistake: `async def` endpoints that call the blocking
  psycopg ConnectionPool, so every query stops the event loop.
- `psycopg-sync-def`: what FastAPI's docs advise for a library without `await`
  (https://fastapi.tiangolo.com/async/, "In a hurry?"): plain `def` endpoints, which FastAPI runs
  in its thread pool (AnyIO's, 40 threads by default), with the same blocking pool.

The pool is opened and closed in the lifespan handler (https://fastapi.tiangolo.com/advanced/events/),
so a worker that cannot reach the database fails at startup.
"""

import inspect
import logging
import os
import threading
from contextlib import asynccontextmanager
from typing import Optional

from fastapi import FastAPI, Response

import db_common as common

DRIVERS = ("asyncpg", "psycopg-async", "psycopg-sync-in-async", "psycopg-sync-def")
DRIVER = os.environ.get("DB_DRIVER", "asyncpg")
if DRIVER not in DRIVERS:
    raise SystemExit(f"DB_DRIVER must be one of {', '.join(DRIVERS)}, got {DRIVER!r}")

logger = logging.getLogger("fastapi_app")
CONNECT_TIMEOUT = max(2, round(common.DB_CONNECT_TIMEOUT_S))
OPEN_TIMEOUT = common.DB_CONNECT_TIMEOUT_S + common.DB_POOL_TIMEOUT_S


class Store:
    """One pool per process, sized by DB_POOL_SIZE or the driver's own default."""

    pool_class = ""
    default_size = 0

    def __init__(self):
        self.size, self.size_source = common.pool_size(self.default_size)
        self.min_size = common.pool_min_size(self.size)


class AsyncpgStore(Store):
    """asyncpg pool; acquire() waits forever unless given a timeout, so it always gets one."""

    pool_class = "asyncpg.Pool"
    default_size = 10

    async def open(self):
        import asyncpg

        self.pool = await asyncpg.create_pool(common.DATABASE_URL, min_size=self.min_size,
                                              max_size=self.size, timeout=CONNECT_TIMEOUT)

    async def close(self):
        await self.pool.close()

    async def fetch(self, item_id, seconds):
        async with self.pool.acquire(timeout=common.DB_POOL_TIMEOUT_S) as conn:
            if seconds is None:
                return await conn.fetchrow("SELECT id, name FROM items WHERE id = $1", item_id)
            return await conn.fetchrow("SELECT id, name, pg_sleep($2) FROM items WHERE id = $1",
                                       item_id, seconds)


class PsycopgAsyncStore(Store):
    pool_class = "psycopg_pool.AsyncConnectionPool"
    default_size = 4

    async def open(self):
        from psycopg_pool import AsyncConnectionPool

        self.pool = AsyncConnectionPool(
            common.DATABASE_URL, min_size=self.min_size, max_size=self.size,
            timeout=common.DB_POOL_TIMEOUT_S, kwargs={"connect_timeout": CONNECT_TIMEOUT},
            open=False)
        await self.pool.open(wait=True, timeout=OPEN_TIMEOUT)

    async def close(self):
        await self.pool.close()

    async def fetch(self, item_id, seconds):
        async with self.pool.connection() as conn:
            if seconds is None:
                cursor = await conn.execute(common.LOOKUP_SQL, (item_id,))
            else:
                cursor = await conn.execute(common.SLOW_LOOKUP_SQL, (seconds, item_id))
            return await cursor.fetchone()


class PsycopgSyncStore(Store):
    """The blocking pool, for both the mistake (called from `async def`) and the `def` fix."""

    pool_class = "psycopg_pool.ConnectionPool"
    default_size = 4

    async def open(self):
        from psycopg_pool import ConnectionPool

        self.pool = ConnectionPool(
            common.DATABASE_URL, min_size=self.min_size, max_size=self.size,
            timeout=common.DB_POOL_TIMEOUT_S, kwargs={"connect_timeout": CONNECT_TIMEOUT},
            open=False)
        self.pool.open(wait=True, timeout=OPEN_TIMEOUT)

    async def close(self):
        self.pool.close()

    def fetch_blocking(self, item_id, seconds):
        with self.pool.connection() as conn:
            if seconds is None:
                return conn.execute(common.LOOKUP_SQL, (item_id,)).fetchone()
            return conn.execute(common.SLOW_LOOKUP_SQL, (seconds, item_id)).fetchone()

    async def fetch(self, item_id, seconds):
        return self.fetch_blocking(item_id, seconds)  # the mistake: blocks the event loop


STORES = {"asyncpg": AsyncpgStore, "psycopg-async": PsycopgAsyncStore}
store = STORES.get(DRIVER, PsycopgSyncStore)()


@asynccontextmanager
async def lifespan(app):
    await store.open()
    yield
    await store.close()


if "lifespan" in inspect.signature(FastAPI).parameters:
    app = FastAPI(lifespan=lifespan)
else:  # FastAPI < 0.93 (Debian 12 has 0.92): the same handler set on Starlette's router
    app = FastAPI()
    app.router.lifespan_context = lifespan


def _json(body, status=200):
    return Response(content=body, status_code=status, media_type=common.JSON_TYPE)


def _parse(id, ms, slow):
    """(item id, sleep ms or None) or a 400 response."""
    try:
        return common.pick_id(id), common.read_sleep_ms(ms) if slow else None
    except common.BadRequest as exc:
        return _json(common.bad_request_body(exc), 400), None


def _answer(row, sleep_ms):
    if row is None:
        return _json(common.NOT_FOUND_BODY, 404)
    return _json(common.item_body(row[0], row[1], sleep_ms))


def _fail(exc):
    status, kind = common.classify_db_error(exc)
    logger.warning("database error: %s: %s", type(exc).__name__, exc)
    return _json(common.error_body(kind, exc), status)


async def _lookup(id, ms, slow):
    item_id, sleep_ms = _parse(id, ms, slow)
    if isinstance(item_id, Response):
        return item_id
    try:
        row = await store.fetch(item_id, None if sleep_ms is None else sleep_ms / 1000)
    except Exception as exc:  # noqa: BLE001  every driver failure becomes a JSON answer
        return _fail(exc)
    return _answer(row, sleep_ms)


def _lookup_blocking(id, ms, slow):
    item_id, sleep_ms = _parse(id, ms, slow)
    if isinstance(item_id, Response):
        return item_id
    try:
        row = store.fetch_blocking(item_id, None if sleep_ms is None else sleep_ms / 1000)
    except Exception as exc:  # noqa: BLE001
        return _fail(exc)
    return _answer(row, sleep_ms)


@app.get("/hello")
async def hello():
    return _json(common.HELLO_BODY)


if DRIVER == "psycopg-sync-def":

    @app.get("/db")
    def db(id: Optional[str] = None):
        return _lookup_blocking(id, None, slow=False)

    @app.get("/slow-query")
    def slow_query(id: Optional[str] = None, ms: Optional[str] = None):
        return _lookup_blocking(id, ms, slow=True)

else:

    @app.get("/db")
    async def db(id: Optional[str] = None):
        return await _lookup(id, None, slow=False)

    @app.get("/slow-query")
    async def slow_query(id: Optional[str] = None, ms: Optional[str] = None):
        return await _lookup(id, ms, slow=True)


def _describe_driver():
    if DRIVER == "asyncpg":
        return {"driver": "asyncpg"}
    return {"driver": "psycopg", "psycopg": common.describe_psycopg()}


@app.get("/info")
async def info():
    import anyio.to_thread

    body = common.describe_app({
        "framework": "fastapi",
        "frameworkVersion": common.version_of("fastapi"),
        "interface": "asgi",
        "dbDriverMode": DRIVER,
        "endpoints": "def (thread pool)" if DRIVER == "psycopg-sync-def" else "async def",
        "threadPoolTokens": anyio.to_thread.current_default_thread_limiter().total_tokens,
        "threads": threading.active_count(),
        **_describe_driver(),
        "pool": {"class": store.pool_class, "size": store.size, "minSize": store.min_size,
                 "sizeSource": store.size_source},
    })
    return _json(body)
