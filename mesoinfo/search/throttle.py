"""The per-client limit on searches: a search costs far more than a cached page, so one client may run at
most SEARCH_RATE_LIMIT of them a minute (settings, DJANGO_SEARCH_RATE_LIMIT). Counted in the cache shared by
the app servers, per minute and per client address (as login throttling reads it behind trusted proxies),
without cookie; the address is kept only as a digest, for a minute."""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache

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
