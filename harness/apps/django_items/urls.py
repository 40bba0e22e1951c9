"""URLconf (https://docs.djangoproject.com/en/stable/topics/http/urls/): the same paths as every
other app under test, without trailing slashes."""

from django.urls import path

from . import views

urlpatterns = [
    path("hello", views.hello),
    path("db", views.db),
    path("slow-query", views.slow_query),
    path("info", views.info),
]
