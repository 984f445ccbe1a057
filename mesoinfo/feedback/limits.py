"""At most `LIMIT` accepted sends of each form per hour from one address, counted in the cache.

The cache keeps a count under a keyed digest of the address (HMAC with the secret key), never the address
itself, and forgets it an hour after the first send; the database keeps nothing about the sender. Behind a
reverse proxy the address is read as the login throttling reads it (DJANGO_TRUSTED_PROXY_COUNT).
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache

from mesoinfo.staff.login_throttling import client_ip

logger = logging.getLogger(__name__)

LIMIT = 5
WINDOW_SECONDS = 60 * 60


def _key(request, form_name):
    address = client_ip(request) or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"feedback:{form_name}:{digest}"


def exhausted(request, form_name):
    """This address already sent the form `LIMIT` times within the hour."""
    try:
        return (cache.get(_key(request, form_name)) or 0) >= LIMIT
    except Exception as error:  # a cache outage lets readers through rather than losing their report
        logger.warning("feedback limit unavailable: %s", error)
        return False


def count(request, form_name):
    key = _key(request, form_name)
    try:
        cache.add(key, 0, WINDOW_SECONDS)  # the hour starts at the first send
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS)
    except Exception as error:
        logger.warning("feedback limit unavailable: %s", error)
