"""django_items' WSGI entry point loaded without a database (see nodb.py)."""

import nodb  # noqa: F401  sets DATABASE_URL before the settings read it
from django_items.wsgi import application  # noqa: E402,F401
