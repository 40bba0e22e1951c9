"""Plain ASGI app under test: `hello`, `io?ms=N`, `cpu?ms=N`, `block?ms=N`, `info`.

`io` waits with `await asyncio.sleep`, so the event loop serves other requests meanwhile.
`block` is the classic mistake: `time.sleep` inside `async def` stops the whole loop, so one
worker serves one `block` request at a time, like a sync worker but without the pre-fork pool.
"""

import asyncio
import os
import sys
import time

from workload import (HELLO_BODY, JSON_HEADERS, PID_HEADER, PORT_HEADER, burn_ms,
                      describe_http_parser, describe_runtime, read_ms)

_PID_HEADER = PID_HEADER.encode()
_PORT_HEADER = PORT_HEADER.encode()


async def _send_body(scope, send, status, body):
    # Which worker process answered and on which client connection (see workload.py).
    client = scope.get("client") or ("", "")
    headers = JSON_HEADERS + [(b"content-length", str(len(body)).encode()),
                              (_PID_HEADER, str(os.getpid()).encode()),
                              (_PORT_HEADER, str(client[1]).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _run_lifespan(receive, send):
    # Answer lifespan events so servers that run lifespan by default log no errors.
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _describe_loop():
    loop = asyncio.get_running_loop()
    return f"{type(loop).__module__}.{type(loop).__qualname__}"


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        await _run_lifespan(receive, send)
        return
    if scope["type"] != "http":
        return
    path = scope["path"]
    query = scope.get("query_string", b"").decode("latin-1")
    if path == "/hello":
        await _send_body(scope, send, 200, HELLO_BODY)
    elif path == "/io":
        ms = read_ms(query)
        await asyncio.sleep(ms / 1000)
        await _send_body(scope, send, 200, b'{"waitedMs":%d}' % ms)
    elif path == "/cpu":
        ms = read_ms(query)
        burn_ms(ms)
        await _send_body(scope, send, 200, b'{"burnedMs":%d}' % ms)
    elif path == "/block":
        ms = read_ms(query)
        time.sleep(ms / 1000)  # the mistake under test: blocks the event loop
        await _send_body(scope, send, 200, b'{"blockedMs":%d}' % ms)
    elif path == "/info":
        extra = {"interface": "asgi", "loop": _describe_loop(), "asgi": scope.get("asgi", {})}
        extra.update(describe_http_parser(sys._getframe(1)))
        await _send_body(scope, send, 200, describe_runtime(extra))
    else:
        await _send_body(scope, send, 404, b'{"error":"not found"}')
