"""flask_app.py loaded without a database (see nodb.py): its pool is never opened."""

import nodb  # noqa: F401  sets DATABASE_URL before db_common reads it
import psycopg_pool


def _skip_open(self, wait=False, timeout=30.0):
    """ConnectionPool.open without connecting: no connection and no pool thread."""


psycopg_pool.ConnectionPool.open = _skip_open

from flask_app import app  # noqa: E402,F401
