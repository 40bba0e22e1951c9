"""Flask + psycopg 3 + psycopg_pool.ConnectionPool, sync views: `hello`, `db`, `slow-query`, `info`.

Written as the docs advise:
- one module-level app, views as plain functions
  (https://flask.palletsprojects.com/en/stable/quickstart/);
- one pool per process, created once and shared by every thread or greenlet, a connection
  borrowed per request with `with pool.connection()` and closed at exit
  (https://www.psycopg.org/psycopg3/docs/advanced/pool.html, "Pool life cycle"); opened with
  `wait=True` so a worker that cannot reach the database fails at boot, not on the first request;
- errors turned into responses by registered error handlers
  (https://flask.palletsprojects.com/en/stable/errorhandling/).

gunicorn loads this module in each worker after forking, so every worker has its own pool and
its own pool threads. Do not run it with --preload: the pool would open in the master, and its
threads (and connections) do not survive fork. Under gunicorn's gevent worker the module is imported
after `monkey.patch_all()`, so the pool's threads are greenlets and psycopg waits on the
patched `select` module: psycopg 3 needs no psycogreen (that is for psycopg2); /info says
which wait function psycopg chose (see db_common.describe_psycopg).
"""

import atexit

import psycopg
from flask import Flask, Response, request
from psycopg_pool import ConnectionPool

import db_common as common

# psycopg_pool's own default when DB_POOL_SIZE is unset (ConnectionPool min_size=4,
# https://www.psycopg.org/psycopg3/docs/api/pool.html).
POOL_SIZE, POOL_SIZE_SOURCE = common.pool_size(4)
POOL_MIN_SIZE = common.pool_min_size(POOL_SIZE)

pool = ConnectionPool(
    common.DATABASE_URL,
    min_size=POOL_MIN_SIZE,
    max_size=POOL_SIZE,
    timeout=common.DB_POOL_TIMEOUT_S,
    kwargs={"connect_timeout": max(2, round(common.DB_CONNECT_TIMEOUT_S))},
    open=False,
)
pool.open(wait=True, timeout=common.DB_CONNECT_TIMEOUT_S + common.DB_POOL_TIMEOUT_S)
atexit.register(pool.close)

app = Flask(__name__)


def _json(body, status=200):
    return Response(body, status=status, mimetype=common.JSON_TYPE)


@app.errorhandler(common.BadRequest)
def _bad_request(exc):
    return _json(common.bad_request_body(exc), 400)


@app.errorhandler(psycopg.Error)
def _database_error(exc):
    status, kind = common.classify_db_error(exc)
    app.logger.warning("database error: %s: %s", type(exc).__name__, exc)
    return _json(common.error_body(kind, exc), status)


def _lookup(item_id, sleep_ms=None):
    with pool.connection() as conn:
        if sleep_ms is None:
            row = conn.execute(common.LOOKUP_SQL, (item_id,)).fetchone()
        else:
            row = conn.execute(common.SLOW_LOOKUP_SQL, (sleep_ms / 1000, item_id)).fetchone()
    if row is None:
        return _json(common.NOT_FOUND_BODY, 404)
    return _json(common.item_body(row[0], row[1], sleep_ms))


@app.get("/hello")
def hello():
    return _json(common.HELLO_BODY)


@app.get("/db")
def db():
    return _lookup(common.pick_id(request.args.get("id")))


@app.get("/slow-query")
def slow_query():
    item_id = common.pick_id(request.args.get("id"))
    return _lookup(item_id, common.read_sleep_ms(request.args.get("ms")))


@app.get("/info")
def info():
    body = common.describe_app({
        "framework": "flask",
        "frameworkVersion": common.version_of("flask"),
        "interface": "wsgi",
        "server": request.environ.get("SERVER_SOFTWARE", ""),
        "multithread": request.environ.get("wsgi.multithread"),
        "driver": "psycopg",
        "psycopg": common.describe_psycopg(),
        "pool": {
            "class": "psycopg_pool.ConnectionPool",
            "size": POOL_SIZE,
            "minSize": POOL_MIN_SIZE,
            "sizeSource": POOL_SIZE_SOURCE,
            "stats": pool.get_stats(),
        },
    })
    return _json(body)
