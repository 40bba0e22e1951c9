"""The plain ASGI app (asgi_app.py) plus `/leak?ms=N&kib=K`: keeps K KiB, then serves /io?ms=N."""

from asgi_app import app as plain_app
from leak import keep


async def app(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/leak":
        keep(scope.get("query_string", b"").decode("latin-1"))
        scope = dict(scope, path="/io")
    await plain_app(scope, receive, send)
