"""Probes for load balancers and orchestrators: never cached, no page rendering, no content queries.

`/healthz` (liveness) touches neither the database nor the cache: a restart would cure neither, and the page
cache lets it through without a lookup (pagecache.PROBE_PATHS). `/readyz` (readiness) asks both, each in a
thread of its own, and answers within `DEADLINE` whatever hangs: a check that has not answered by then
counts as failed. A check still hanging from an earlier probe is not started again, so a database or Redis
that hangs for minutes costs each worker one waiting thread, not one per probe.
"""

import logging
import threading
import time
import uuid

from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from mesoinfo.pagecache.cache import generations

logger = logging.getLogger(__name__)

DEADLINE = 0.8  # seconds: under the 1 s that probes commonly allow


@never_cache
def healthz(request):
    """The process is alive and answers; it touches neither the database nor the cache."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready for traffic: the database and the caches answer. 503 otherwise, so the balancer looks elsewhere."""
    deadline = time.monotonic() + DEADLINE
    checks = {name: CHECKS[name].start() for name in CHECKS}
    results = {name: check.result(deadline) for name, check in checks.items()}
    ready = all(results.values())
    words = {True: "ok", False: "unavailable"}
    body = {"status": words[ready]} | {name: words[ok] for name, ok in results.items()}
    return JsonResponse(body, status=200 if ready else 503)


class Check:
    """One check run in a thread; `start` returns it (a new run, or the one still running)."""

    def __init__(self, name, function):
        self.name, self.function = name, function
        self._lock = threading.Lock()
        self._thread = None
        self._outcome = None

    def start(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._outcome = None
                self._thread = threading.Thread(target=self._run, name=f"readyz-{self.name}", daemon=True)
                self._thread.start()
        return self

    def _run(self):
        try:
            self._outcome = bool(self.function())
        except Exception as error:  # whatever the backend raises when its server is gone
            logger.warning("readyz: %s unavailable: %s", self.name, error)
            self._outcome = False

    def result(self, deadline):
        self._thread.join(max(0.0, deadline - time.monotonic()))
        if self._thread.is_alive():
            logger.warning("readyz: %s did not answer within %s s", self.name, DEADLINE)
            return False
        return self._outcome


def database():
    # The thread's own connection (Django's are per thread), closed at once: never left half-open.
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("readyz: database unavailable: %s", error)
        return False
    finally:
        connection.close()


def cache():
    token = uuid.uuid4().hex
    backend = caches["default"]
    backend.set("readyz", token, 10)
    generations().get()
    return backend.get("readyz") == token


CHECKS = {"database": Check("database", database), "cache": Check("cache", cache)}
