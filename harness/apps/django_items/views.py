"""Sync function views (https://docs.djangoproject.com/en/stable/topics/http/views/) using the
ORM. Under ASGI, Django runs each of them through asgiref's sync_to_async (thread_sensitive)
in a thread of its own per request (django/core/handlers/asgi.py wraps every request in a
ThreadSensitiveContext; asgiref gives each context a one-thread executor)."""

import sys
import threading

from django.conf import settings
from django.db import connection
from django.db.models import Func, TextField, Value
from django.http import HttpResponse

import db_common as common

from .models import Item


def _json(body, status=200):
    return HttpResponse(body, status=status, content_type=common.JSON_TYPE)


def _respond(queryset, item_id, slept_ms=None):
    try:
        item = queryset.get(pk=item_id)
    except Item.DoesNotExist:
        return _json(common.NOT_FOUND_BODY, 404)
    return _json(common.item_body(item.id, item.name, slept_ms))


def hello(request):
    return _json(common.HELLO_BODY)


def db(request):
    return _respond(Item.objects.all(), common.pick_id(request.GET.get("id")))


def slow_query(request):
    item_id = common.pick_id(request.GET.get("id"))
    ms = common.read_sleep_ms(request.GET.get("ms"))
    # pg_sleep in the select list of the lookup itself: one query holds the connection while
    # the database waits.
    slow = Item.objects.annotate(
        slept=Func(Value(ms / 1000), function="pg_sleep", output_field=TextField()))
    return _respond(slow, item_id, ms)


def _describe_connections():
    database = settings.DATABASES["default"]
    described = {
        "mode": settings.DB_CONNECTIONS,
        "modeSource": settings.DB_CONNECTIONS_NOTE,
        "connMaxAge": database["CONN_MAX_AGE"],
        "poolSupported": settings.POOL_UNSUPPORTED is None,
    }
    if settings.POOL_UNSUPPORTED:
        described["poolUnsupportedBecause"] = settings.POOL_UNSUPPORTED
    pool = database["OPTIONS"].get("pool")
    if pool:
        described["pool"] = {"class": "psycopg_pool.ConnectionPool (Django's)", **pool,
                             "sizeSource": settings.POOL_SIZE_SOURCE}
    return described


def _describe_driver():
    driver = connection.Database.__name__  # psycopg (3) or psycopg2
    described = {"driver": driver}
    if driver == "psycopg":
        described["psycopg"] = common.describe_psycopg()
    else:
        import psycopg2.extensions

        callback = psycopg2.extensions.get_wait_callback()
        described["psycopg2WaitCallback"] = (
            f"{callback.__module__}.{callback.__name__}" if callback else None)
    return described


def info(request):
    scope = getattr(request, "scope", None)  # only ASGIRequest has one
    body = common.describe_app({
        "framework": "django",
        "frameworkVersion": common.version_of("django"),
        "interface": "asgi" if scope is not None else "wsgi",
        "server": request.META.get("SERVER_SOFTWARE", "") if scope is None else "",
        "syncToAsync": scope is not None,
        "thread": threading.current_thread().name,
        "threads": threading.active_count(),
        **_describe_driver(),
        "connections": _describe_connections(),
    })
    return _json(body)
