"""The plain WSGI app (wsgi_app.py) plus `/leak?ms=N&kib=K`: keeps K KiB, then serves /io?ms=N."""

from leak import keep
from wsgi_app import app as plain_app


def app(environ, start_response):
    if environ.get("PATH_INFO") == "/leak":
        keep(environ.get("QUERY_STRING", ""))
        environ["PATH_INFO"] = "/io"
    return plain_app(environ, start_response)
