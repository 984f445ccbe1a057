"""Probes for load balancers and orchestrators: never cached, no page rendering, no content queries."""

import logging
import uuid

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from mesoinfo.pagecache.cache import generations

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """The process is alive and answers; it does not touch the database (a restart would not help it)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready for traffic: the database and the caches answer. 503 otherwise, so the balancer looks elsewhere."""
    checks = {"database": _database(), "cache": _cache(caches["default"]) and _generation()}
    ready = all(checks.values())
    words = {True: "ok", False: "unavailable"}
    body = {"status": words[ready]} | {name: words[ok] for name, ok in checks.items()}
    return JsonResponse(body, status=200 if ready else 503)


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("readyz: database unavailable: %s", error)
        return False


def _cache(cache):
    token = uuid.uuid4().hex
    try:
        cache.set("readyz", token, 10)
        return cache.get("readyz") == token
    except Exception as error:  # whatever the backend raises when its server is gone
        logger.warning("readyz: cache unavailable: %s", error)
        return False


def _generation():
    try:
        generations().get()
        return True
    except Exception as error:
        logger.warning("readyz: page cache generation unavailable: %s", error)
        return False
