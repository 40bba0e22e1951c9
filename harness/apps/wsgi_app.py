"""Plain WSGI app under test: `hello`, `io?ms=N`, `cpu?ms=N`, `info`.

`io` waits with `time.sleep`, the way a WSGI app waits on a blocking driver: it holds a
sync worker or a gthread thread for the whole wait, and under the gevent worker it yields,
because gunicorn's gevent worker calls `monkey.patch_all()` before loading the app.
"""

import os
import sys
import time

from workload import (HELLO_BODY, JSON_HEADERS, PID_HEADER, PORT_HEADER, burn_ms,
                      describe_http_parser, describe_runtime, read_ms)

_HEADERS = [(k.decode(), v.decode()) for k, v in JSON_HEADERS]


def _respond(environ, start_response, status, body):
    # Which worker process answered and on which client connection (the client's port): the
    # harness counts requests per process and per connection from these (see workload.py).
    start_response(status, _HEADERS + [("content-length", str(len(body))),
                                       (PID_HEADER, str(os.getpid())),
                                       (PORT_HEADER, str(environ.get("REMOTE_PORT", "")))])
    return [body]


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/hello":
        return _respond(environ, start_response, "200 OK", HELLO_BODY)
    if path == "/io":
        ms = read_ms(environ.get("QUERY_STRING", ""))
        time.sleep(ms / 1000)
        return _respond(environ, start_response, "200 OK", b'{"waitedMs":%d}' % ms)
    if path == "/cpu":
        ms = read_ms(environ.get("QUERY_STRING", ""))
        burn_ms(ms)
        return _respond(environ, start_response, "200 OK", b'{"burnedMs":%d}' % ms)
    if path == "/info":
        extra = {"interface": "wsgi", "server": environ.get("SERVER_SOFTWARE", "")}
        extra.update(describe_http_parser(sys._getframe(1)))
        return _respond(environ, start_response, "200 OK", describe_runtime(extra))
    return _respond(environ, start_response, "404 Not Found", b'{"error":"not found"}')
