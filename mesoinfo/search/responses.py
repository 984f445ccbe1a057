"""Searches answered from the cache: the page of results of a query, as visitors get it, kept for
SEARCH_CACHE_SECONDS (settings, DJANGO_SEARCH_CACHE_SECONDS) under the content's generation
(mesoinfo.pagecache). Patients ask the same few things
("prix", "remboursé sécu"): a query asked again costs a cache read instead of its queries and its render.

Nothing is served stale: every write to the content, the synonyms or the search index starts a new
generation (the search app is public content), and an entry never outlives the next scheduled publication.
Staff (with a session) and long queries are always rendered; long queries are never kept, so that random
ones do not fill the cache."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from mesoinfo.editorial.text import clean
from mesoinfo.pagecache import cache as pagecache

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 80  # realistic queries are a few words


def key_for(request):
    """(cache key, seconds to keep) of this search's page, or (None, 0) when it must be rendered."""
    text = clean(str(request.GET.get("q", "")))
    if settings.SEARCH_CACHE_SECONDS <= 0 or len(text) > MAX_QUERY_LENGTH or pagecache.is_private(request.META):
        return None, 0
    try:
        generation = pagecache.generations().get()
    except Exception as error:  # the cache is down: render
        logger.warning("search cache unavailable: %s", error)
        return None, 0
    if not generation:
        return None, 0
    token, next_publication = generation
    seconds = settings.SEARCH_CACHE_SECONDS
    if next_publication is not None:
        seconds = min(seconds, int(next_publication - pagecache.now()))
    if seconds <= 0:
        return None, 0
    what = "\n".join([get_language(), request.scheme, request.get_host(), text, str(request.GET.get("page", ""))])
    digest = hashlib.blake2b(what.encode(), digest_size=16).hexdigest()
    return f"search-page:{pagecache.code_version()}:{token}:{digest}", seconds


def cached(key):
    """The page kept under `key`, or None."""
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception as error:
        logger.warning("search cache unavailable: %s", error)
        return None


def store(key, seconds, response):
    """Keep a rendered page of results (post-render callback of the view's response)."""
    try:
        cache.set(key, response.content, seconds)
    except Exception as error:
        logger.warning("search cache unavailable: %s", error)
