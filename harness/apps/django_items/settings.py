"""Settings, read from the environment (db_common.py lists the shared variables).

How Django holds its database connections is chosen by DJANGO_DB_CONNECTIONS
(https://docs.djangoproject.com/en/stable/ref/databases/#persistent-connections and
#connection-pool):
- `per-request`: CONN_MAX_AGE = 0, Django's default: a new connection per request, closed at
  its end.
- `persistent`: CONN_MAX_AGE = DJANGO_CONN_MAX_AGE seconds (default 600): each thread keeps its
  connection across requests. The default under WSGI (wsgi.py), except under gevent: there each
  greenlet is a thread to Django, so every request's greenlet opens a connection that no later
  request reuses; measured with gunicorn's gevent worker, 100 requests left 95 connections open
  until the garbage collector or max_connections ended them.
- `pool`: Django's psycopg pool (Django >= 5.1 with psycopg 3), OPTIONS["pool"] with
  max_size = DB_POOL_SIZE (default psycopg_pool's 4), min_size = DB_POOL_MIN_SIZE (default the
  same: a fixed pool) and timeout =
  DB_POOL_TIMEOUT_S; CONN_MAX_AGE must then be 0. The default under ASGI (asgi.py), where
  Django's docs say persistent connections should be disabled in favour of the backend's pool,
  and under gevent.
  Where Django has no pool (Debian 12's Django 3.2), asking for it explicitly stops the server
  at boot; the ASGI and gevent defaults fall back to `per-request` and /info says why.
"""

import os
import sys
from urllib.parse import unquote, urlsplit

import django
from django.core.exceptions import ImproperlyConfigured
from importlib.util import find_spec

import db_common as common

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ROOT_URLCONF = "django_items.urls"
INSTALLED_APPS = ["django_items"]
# startproject's list, minus what serves HTML pages, sessions and logins (sessions, CSRF, auth,
# messages, clickjacking): a JSON API keeps the security and common middleware.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_items.middleware.JsonErrorMiddleware",
]
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INTERFACE = os.environ.get("DJANGO_ITEMS_INTERFACE", "wsgi")
_monkey = sys.modules.get("gevent.monkey")  # imported by gunicorn's gevent worker only
GEVENT = _monkey is not None and _monkey.is_module_patched("socket")
MODES = ("per-request", "persistent", "pool")


def _find_pool_support():
    """None when this Django can pool connections, else the reason it cannot."""
    if django.VERSION < (5, 1):
        return f"Django {django.get_version()} has no connection pool (added in Django 5.1)"
    # Django >= 4.2 uses psycopg 3 when it is importable, else psycopg2.
    if find_spec("psycopg") is None:
        return "Django's pool needs psycopg 3, and only psycopg2 is installed"
    if find_spec("psycopg_pool") is None:
        return "Django's pool needs psycopg_pool, which is not installed"
    return None


POOL_UNSUPPORTED = _find_pool_support()
REQUESTED_MODE = os.environ.get("DJANGO_DB_CONNECTIONS", "")
if REQUESTED_MODE and REQUESTED_MODE not in MODES:
    raise ImproperlyConfigured(
        f"DJANGO_DB_CONNECTIONS must be one of {', '.join(MODES)}, got {REQUESTED_MODE!r}")
if REQUESTED_MODE == "pool" and POOL_UNSUPPORTED:
    raise ImproperlyConfigured(f"DJANGO_DB_CONNECTIONS=pool is not possible: {POOL_UNSUPPORTED}")

_WHY_NOT_PERSISTENT = {
    "asgi": "persistent connections are off under ASGI, as Django's docs advise",
    "gevent": "persistent connections are per greenlet under gevent, and pile up",
}
if REQUESTED_MODE:
    DB_CONNECTIONS, DB_CONNECTIONS_NOTE = REQUESTED_MODE, "DJANGO_DB_CONNECTIONS"
elif INTERFACE == "asgi" or GEVENT:
    context = "asgi" if INTERFACE == "asgi" else "gevent"
    if POOL_UNSUPPORTED:
        DB_CONNECTIONS = "per-request"
        DB_CONNECTIONS_NOTE = (f"{context} default is pool, but {POOL_UNSUPPORTED}; "
                               f"{_WHY_NOT_PERSISTENT[context]}")
    else:
        DB_CONNECTIONS = "pool"
        DB_CONNECTIONS_NOTE = f"{context} default: {_WHY_NOT_PERSISTENT[context]}"
else:
    DB_CONNECTIONS, DB_CONNECTIONS_NOTE = "persistent", "WSGI default"

POOL_SIZE, POOL_SIZE_SOURCE = common.pool_size(4)  # psycopg_pool's default min_size
POOL_MIN_SIZE = common.pool_min_size(POOL_SIZE)


def _read_conn_max_age():
    text = os.environ.get("DJANGO_CONN_MAX_AGE", "600")
    if text == "None":
        return None  # unlimited, as Django spells it
    if not text.isdigit() or int(text) < 1:
        raise ImproperlyConfigured(
            f"DJANGO_CONN_MAX_AGE must be seconds >= 1 or None, got {text!r}")
    return int(text)


def _database_from_url(url):
    """Django has no URL setting (dj-database-url is a third-party package): split it here."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgresql:// URL, got {url!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": _read_conn_max_age() if DB_CONNECTIONS == "persistent" else 0,
        "OPTIONS": {"connect_timeout": max(2, round(common.DB_CONNECT_TIMEOUT_S))},
    }


DATABASES = {"default": _database_from_url(common.DATABASE_URL)}
if DB_CONNECTIONS == "pool":
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": POOL_MIN_SIZE,
        "max_size": POOL_SIZE,
        "timeout": common.DB_POOL_TIMEOUT_S,
    }
