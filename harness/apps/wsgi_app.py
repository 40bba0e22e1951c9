"""Plain WSGI app under test: `hello`, `io?ms=N`, `cpu?ms=N`, `info`.

`io` waits with `time.sleep`, the way a WSGI app waits on a blocking driver: it holds a
sync worker or a gthread thread for the whole wait, and under the gevent worker it yields,
because gunicorn's gevent worker calls `monkey.patch_all()` before loading the app.
"""

import time

from workload import HELLO_BODY, JSON_HEADERS, burn_ms, describe_runtime, read_ms

_HEADERS = [(k.decode(), v.decode()) for k, v in JSON_HEADERS]


def _respond(start_response, status, body):
    start_response(status, _HEADERS + [("content-length", str(len(body)))])
    return [body]


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/hello":
        return _respond(start_response, "200 OK", HELLO_BODY)
    if path == "/io":
        ms = read_ms(environ.get("QUERY_STRING", ""))
        time.sleep(ms / 1000)
        return _respond(start_response, "200 OK", b'{"waitedMs":%d}' % ms)
    if path == "/cpu":
        ms = read_ms(environ.get("QUERY_STRING", ""))
        burn_ms(ms)
        return _respond(start_response, "200 OK", b'{"burnedMs":%d}' % ms)
    if path == "/info":
        body = describe_runtime({"interface": "wsgi", "server": environ.get("SERVER_SOFTWARE", "")})
        return _respond(start_response, "200 OK", body)
    return _respond(start_response, "404 Not Found", b'{"error":"not found"}')
