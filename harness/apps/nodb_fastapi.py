"""fastapi_app.py loaded without a database (see nodb.py): its lifespan never opens the pool."""

from contextlib import asynccontextmanager

import nodb  # noqa: F401  sets DATABASE_URL before db_common reads it
from fastapi_app import app


@asynccontextmanager
async def _no_database(app):
    yield


app.router.lifespan_context = _no_database
