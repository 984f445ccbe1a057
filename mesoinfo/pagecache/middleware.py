"""The page cache's Django side and the database-outage answers: first in MIDDLEWARE, so that it sees every
header the other middleware set (see cache.py)."""

import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from mesoinfo.pagecache import addresses
from mesoinfo.pagecache import cache as pagecache

DATABASE_DOWN = "mesoinfo.database_unavailable"
RETRY_AFTER_SECONDS = 30


def flag_database_errors(sender, request=None, **kwargs):
    """`got_request_exception` receiver: remember that the database failed, wherever it was called from."""
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        request.META[DATABASE_DOWN] = True


def http_response(status, headers, body):
    response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = request.META.pop(pagecache.ENVIRON_KEY, None)
        if found is None:
            self.normalise(request)
            key = pagecache.request_key(request.META)
            if key is None:
                return self.uncached(request)
            found = pagecache.lookup(key)
            if found.fresh:
                return http_response(*pagecache.respond(found.entry, found.generation, request.META))
        try:
            generation = pagecache.current_generation(found)
        except DatabaseError:
            generation = None  # the view will fail too, and answer as below
        response = self.get_response(request)
        if request.META.get(DATABASE_DOWN):
            return self.outage(request, response, found)
        if generation is None:
            return response
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return response  # the page carries this visitor's CSRF token: never for anyone else
        drop_needless_accept_language(request, response)
        if response.status_code == 200:
            # A session cookie gets another answer (bypass, preview); hits are compressed when accepted.
            patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        entry = pagecache.store(found, generation, response)
        if entry is None:
            return response
        status, headers, body = pagecache.respond(entry, generation, request.META)
        if status == 304 or pagecache.accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING")):
            return http_response(status, headers, body)
        for name, value in headers:  # as is: keep Django's response (the test client reads its context)
            if name in ("ETag", "Last-Modified", "Cache-Control"):
                response[name] = value
        return response

    @staticmethod
    def normalise(request):
        """Without the WSGI wrapper (the test client), the request's address is made the site's own here."""
        if addresses.NORMALISED not in request.META:
            pagecache.start_request()
            if addresses.normalise(request.META) == addresses.REFUSED:
                raise DisallowedHost("Invalid HTTP_HOST header: its port is not a port number.")
            request.path_info = request.META["PATH_INFO"]
            request.path = request.META["SCRIPT_NAME"].rstrip("/") + request.path_info
        elif request.META[addresses.NORMALISED] == addresses.REFUSED:
            raise DisallowedHost("Invalid HTTP_HOST header: its port is not a port number.")

    def uncached(self, request):
        response = self.get_response(request)
        if request.META.get(DATABASE_DOWN):
            return self.outage(request, response)
        if not response.has_header("Cache-Control") and pagecache.is_private(request.META):
            add_never_cache_headers(response)  # staff pages and previews: neither browsers nor CDNs keep them
        return response

    @staticmethod
    def outage(request, response, found=None):
        """The database is down: the page as last cached if there is one, else a French 503 page."""
        if found is not None and found.entry is not None:
            stale = http_response(*pagecache.respond(found.entry, None, request.META))
            stale["Cache-Control"] = "no-cache"
            return stale
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            response.content = render_to_string("503.html")
        response.status_code = 503
        response.reason_phrase = "Service Unavailable"
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response


def drop_needless_accept_language(request, response):
    """LocaleMiddleware adds `Vary: Accept-Language` to French pages, but their address alone decides their
    language (no prefix means French), and responses marked `language_independent` (sitemap, robots.txt) do
    not depend on it: the header would only split CDN and browser caches."""
    varies = [name.strip() for name in response.get("Vary", "").split(",") if name.strip()]
    independent = getattr(response, "language_independent", False) or language_in_url(request)
    if not any(name.lower() == "accept-language" for name in varies) or not independent:
        return
    kept = [name for name in varies if name.lower() != "accept-language"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def language_in_url(request):
    if translation.get_language_from_path(request.path_info):
        return True
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return translate_url(request.path, other) != request.path
