"""Turns bad parameters and database failures into JSON answers, in `process_exception` as
Django's middleware docs describe (https://docs.djangoproject.com/en/stable/topics/http/middleware/),
so pool exhaustion and refused connections are measurable 503s, not HTML 500 pages."""

import logging

from django.db import DatabaseError
from django.http import HttpResponse

import db_common as common

logger = logging.getLogger(__name__)


class JsonErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, common.BadRequest):
            return HttpResponse(common.bad_request_body(exc), status=400,
                                content_type=common.JSON_TYPE)
        if isinstance(exc, DatabaseError):
            status, kind = common.classify_db_error(exc)
            logger.warning("database error: %s: %s", type(exc).__name__, exc)
            return HttpResponse(common.error_body(kind, exc), status=status,
                                content_type=common.JSON_TYPE)
        return None
