"""What the nodb_*.py entry points share: the database apps (flask_app.py, django_items/,
fastapi_app.py) loaded without a database, for the framework-memory scenario. Each entry point
imports its app as it is, with its framework and driver modules; only no connection is opened:
- Flask opens its psycopg pool at import; `ConnectionPool.open` becomes a no-op first.
- FastAPI opens its pool in its lifespan handler; the app's lifespan is replaced by an empty one.
- Django connects lazily, on the first query: nothing to change.
DATABASE_URL, which db_common.py requires, names a port where nothing listens, so a query that
ran after all would fail at once instead of reaching a real database. /hello and /info answer
without one.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgresql://no-database@127.0.0.1:9/none")
