"""Two bounds on searches, which cost far more than a cached page.

Per client: one client may run at most SEARCH_RATE_LIMIT of them a minute (settings, DJANGO_SEARCH_RATE_LIMIT).
Counted in the cache shared by the app servers, per minute and per client address (as login throttling reads it
behind trusted proxies), without cookie; the address is kept only as a digest, for a minute.

Per machine: at most SEARCH_CONCURRENCY searches are worked out at once by all the app server's workers (by
default one less than the cores, at least one; gunicorn runs one worker more than cores), so that many clients
searching together cannot take every worker and every core from the cached pages. A search beyond that is
refused at once (503, Retry-After) rather than queued: a queued search would hold its worker all the same.
"""

import fcntl
import functools
import hashlib
import logging
import math
import os
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from mesoinfo.staff.login_throttling import client_ip

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def allow(request, now=None):
    """(allowed, seconds until the client may search again): counts this search."""
    limit = settings.SEARCH_RATE_LIMIT
    if limit <= 0:
        return True, 0
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    client = hashlib.blake2b(client_ip(request).encode(), digest_size=9).hexdigest()
    key = f"search-rate:{window}:{client}"
    try:
        try:
            count = cache.incr(key)
        except ValueError:  # the first search of this minute
            count = 1 if cache.add(key, 1, WINDOW_SECONDS + 1) else cache.incr(key)
    except Exception as error:  # the cache is down: searches are not counted rather than refused
        logger.warning("search rate limit unavailable: %s", error)
        return True, 0
    return count <= limit, max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


BUSY_RETRY_AFTER = 5  # seconds


@contextmanager
def search_slot():
    """True while this request holds one of the machine's SEARCH_CONCURRENCY search slots, False when all are
    taken (0: no bound, always True).

    Each slot is a file locked with flock(2): the lock belongs to this open file, so it is released when the
    file is closed, and by the kernel if the worker dies; files are opened per request, never inherited
    across gunicorn's fork."""
    slots = settings.SEARCH_CONCURRENCY
    if slots <= 0:
        yield True
        return
    start = os.getpid() % slots  # workers try the slots in different orders: fewer failed attempts
    for offset in range(slots):
        path = f"{settings.SEARCH_SLOTS_FILE}.{(start + offset) % slots}"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:  # no slot file: searches are not bounded rather than refused
            logger.warning("search slots unavailable: %s", error)
            yield True
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            yield True
        finally:
            os.close(fd)
        return
    yield False


@functools.lru_cache(maxsize=256)
def refusal_page(language, status, retry_after):
    """The page of a refused search (429 or 503) in `language` (the active one), rendered once per process for
    each number of seconds: it depends on nothing else (no request, no database)."""
    return render_to_string("search/too_many_searches.html", {"retry_after": retry_after, "busy": status == 503})


_logged_minute = {}


def log_refusal(response, now=None):
    """One log line per minute and status for refused searches, instead of Django's line per response: a flood
    would otherwise write a line for every refusal (and log each 503 as an error of the site)."""
    minute = int((time.time() if now is None else now) // WINDOW_SECONDS)
    if _logged_minute.get(response.status_code) != minute:
        _logged_minute[response.status_code] = minute
        logger.warning(
            "searches refused with %s this minute (%s), in this worker; further ones are not logged",
            response.status_code,
            "over the limit per client" if response.status_code == 429 else "every search slot taken",
        )
    response._has_been_logged = True  # read by django.utils.log.log_response: no line per refusal
