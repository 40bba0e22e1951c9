"""WSGI entry point, as `startproject` writes it
(https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/), plus what gevent needs with
psycopg2: gunicorn's design docs say psycopg2 under the gevent worker needs psycogreen
(https://gunicorn.org/design/), which installs a wait callback so psycopg2 yields to the hub.
psycopg 3 (Django >= 4.2 uses it when installed) needs nothing: it cooperates with gevent's
patched `select` by itself (see db_common.describe_psycopg)."""

import os
import sys
from importlib.util import find_spec

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_items.settings")
os.environ.setdefault("DJANGO_ITEMS_INTERFACE", "wsgi")

_gevent = sys.modules.get("gevent.monkey")  # imported by gunicorn's gevent worker only
_uses_psycopg2 = django.VERSION < (4, 2) or find_spec("psycopg") is None
if _gevent is not None and _gevent.is_module_patched("socket") and _uses_psycopg2:
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
