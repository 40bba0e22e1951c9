"""A Django project with one app in one package: an `Item` model over the harness's `items`
table and sync views for `hello`, `db`, `slow-query` and `info` (see settings.py for the
environment it reads). Served by wsgi.py under gunicorn and by asgi.py under uvicorn."""
