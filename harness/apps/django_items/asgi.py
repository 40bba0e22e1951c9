"""ASGI entry point, as `startproject` writes it
(https://docs.djangoproject.com/en/stable/howto/deployment/asgi/). The views stay sync: Django
runs them through sync_to_async, which is what this entry point lets the benchmark measure."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_items.settings")
os.environ.setdefault("DJANGO_ITEMS_INTERFACE", "asgi")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
