"""Whole-page cache for visitors, shared by every app server through the cache backend.

What is cached: the 200 answers to anonymous GET requests for public pages without a query string
(tracking parameters such as ``utm_*`` aside). A request carrying a session cookie (staff, previews) or
credentials is never served from the cache; a response that is private, sets a cookie, carries a CSP nonce
or varies on something the key does not cover is never stored.

Freshness needs no timer and no manual purge. Each entry records the content *generation* it was rendered
under. Any write to a table of the content apps deletes the generation at once and replaces it after the
commit (`watch_writes`), so the next request renders again. A generation also ends at the next scheduled
publication date (the cache key expires then), so a page scheduled for 9:00 appears at 9:00 with no
scheduler. Entries carry the code version in their key, so a deployment never serves pages of the old
templates.

Hits are served by `CachedPagesApplication` (wrapped around Django in mesoinfo/wsgi.py) before Django builds
a request, and by `mesoinfo.pagecache.middleware.PageCacheMiddleware` where there is no such wrapper (test
client); the middleware stores the misses and sets the HTTP caching headers.

The public content tables are those of the apps whose AppConfig sets `public_content = True`; the pages
scheduled for later are those of every page type (`mesoinfo.editorial.registry`).
"""

import collections
import contextlib
import functools
import gzip
import hashlib
import logging
import re
import time
import uuid
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from urllib.parse import parse_qsl

import brotli
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from mesoinfo.editorial.models import Status
from mesoinfo.editorial.registry import page_types, public_content_apps
from mesoinfo.pagecache import addresses, shared_cache
from mesoinfo.pagecache.generations import KEY as GENERATION_KEY
from mesoinfo.pagecache.generations import CacheGenerations, FailureRecord, FileGenerations

logger = logging.getLogger(__name__)

ENVIRON_KEY = "mesoinfo.page_cache"  # the wrapper's lookup, handed to the middleware on a miss
PROBE_PATHS = ("/healthz", "/readyz")  # never cached, and never wait for the cache (ops/health.py)
ENTRY_SECONDS = 24 * 60 * 60  # entries outlive their generation: they are the fallback when the database is down
LOCAL_PAGES = 200  # per process, for Redis outages: the most visited pages, a few MB at most
# Parameters added by newsletters and social networks: the views ignore them, so the page is the same.
TRACKING_PARAMETERS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga)$")
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"}
# Recomputed on every hit or set by the server itself.
UNSTORED_HEADERS = {"cache-control", "content-length", "etag", "last-modified", "date", "server"}
WRITE_STATEMENT = re.compile(
    r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE
)


def now():
    """The clock of cache freshness (a timestamp), the one the tests move forward."""
    return time.time()


class Config:
    """The settings read on every request, read once (attribute access on `settings` is not free).

    Tests that change these settings reset it through the `setting_changed` signal (see apps.py).
    """

    def __init__(self):
        self.bypass_cookies = tuple(f"{name}=" for name in (settings.SESSION_COOKIE_NAME, "messages"))
        self.max_age, self.stale = settings.PAGE_CACHE_MAX_AGE, settings.PAGE_CACHE_STALE_SECONDS
        path = settings.PAGE_CACHE_GENERATION_FILE
        self.generations = FileGenerations(path) if path else CacheGenerations(caches)
        self.key_prefix = f"pages:{code_version()}:"
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")  # WhiteNoise answers these, CDNs keep them
        self.probes = frozenset(PROBE_PATHS)
        # Set when an invalidation could not be written to the shared cache, or Redis failed: until a new
        # generation is written there, what it holds may predate an edit (see `shared_cache_trusted`).
        self.pending = FailureRecord(settings.PAGE_CACHE_FAILURE_FILE)
        # Set only when an edit's invalidation failed: then not even this process's own copies are current.
        self.lost_edit = FailureRecord(settings.PAGE_CACHE_FAILURE_FILE + "-edits")
        self.local = LocalPages(LOCAL_PAGES)
        backend = caches["default"]
        self.request_budget = getattr(backend, "request_budget", None)
        self.breaker = getattr(backend, "breaker", None)
        if self.breaker is not None and record_redis_failure not in self.breaker.observers:
            self.breaker.observers.append(record_redis_failure)


@functools.cache
def config():
    return Config()


def reset_config(**kwargs):
    """`setting_changed` receiver."""
    config.cache_clear()
    addresses.reset_config()


def record_redis_failure():
    """The breaker opened: an edit made now could not end the generation in Redis."""
    config().pending.record(now())


def generations():
    """The generation's store: a memory-mapped file without Redis (settings.PAGE_CACHE_GENERATION_FILE)."""
    return config().generations


@functools.cache
def code_version():
    """A digest of what shapes a page besides the content: code, templates, translations, static manifest."""
    root = Path(settings.BASE_DIR)
    project = Path(import_module(settings.ROOT_URLCONF).__file__).parent  # settings, URLs and the nested apps
    folders = [project, *(Path(c.path) for c in apps.get_app_configs() if Path(c.path).parent == root)]
    folders += [Path(folder) for folder in [*settings.TEMPLATES[0]["DIRS"], *settings.LOCALE_PATHS]]
    files = {path for folder in folders for path in folder.rglob("*") if path.is_file() and path.suffix != ".pyc"}
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        files.add(manifest)
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(files):
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_private(environ):
    """A request with credentials or a session: staff, previews. Never served from or kept in a cache."""
    if "HTTP_AUTHORIZATION" in environ:
        return True
    cookies = environ.get("HTTP_COOKIE")
    return bool(cookies) and any(name in cookies for name in config().bypass_cookies)


def request_key(environ):
    """The cache key of a request that may be answered from the cache, or None.

    The request's address is first made the site's own (addresses.normalise): the key holds the configured
    host, never one a client made up, so there is one entry per page and not one per Host header.
    """
    if addresses.normalise(environ) != addresses.ALLOWED:
        return None
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or is_private(environ):
        return None
    path = environ.get("PATH_INFO", "/")
    if path.startswith(config().static_prefix) or path in config().probes:
        return None
    query = environ.get("QUERY_STRING")
    if query and not all(TRACKING_PARAMETERS.match(name) for name, _ in parse_qsl(query, keep_blank_values=True)):
        return None
    url = f"{addresses.scheme(environ)}://{_host(environ)}{environ.get('SCRIPT_NAME', '')}{path}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    # One entry per encoding: a hit reads only the body it sends.
    return f"{config().key_prefix}{digest}:{accepted_encoding(environ.get('HTTP_ACCEPT_ENCODING'))}"


def _host(environ):
    """The host `addresses.normalise` left, as `HttpRequest.get_host()` reads it."""
    if addresses.config().forwarded_host and "HTTP_X_FORWARDED_HOST" in environ:
        return environ["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    host, port = environ.get("SERVER_NAME", ""), environ.get("SERVER_PORT", "")
    return (host if port == ("443" if addresses.scheme(environ) == "https" else "80") else f"{host}:{port}").lower()


def start_request():
    """The request's Redis calls share one short budget (shared_cache.py)."""
    if config().request_budget is not None:
        shared_cache.start_request(config().request_budget)


@dataclass
class Lookup:
    key: str
    generation: tuple | None  # (token, next publication as a timestamp or None)
    entry: tuple | None  # (token, headers, body, etag, last modified: timestamp and HTTP date, encoding)
    trusted: bool = True  # False: the shared cache may predate an edit; neither read nor written

    @property
    def fresh(self):
        return (
            self.entry is not None
            and self.generation is not None
            and self.entry[0] == self.generation[0]
            and (self.generation[1] is None or now() < self.generation[1])
        )


def lookup(key):
    if not shared_cache_trusted():
        return local_lookup(key)
    pages, store = caches["default"], generations()
    try:
        if store.in_page_cache:
            found = pages.get_many([GENERATION_KEY, key])  # one round trip to Redis
            found = Lookup(key, found.get(GENERATION_KEY), found.get(key))
        else:
            found = Lookup(key, store.get(), pages.get(key))
    except Exception as error:  # a cache outage must not take the pages down: the local copy, or a render
        _unavailable(error)
        return local_lookup(key)
    if found.fresh and store.in_page_cache:
        config().local.keep(key, found.generation, found.entry)
    return found


class LocalPages:
    """The last pages this process served from Redis, with the generation they were current under: while Redis
    does not answer, they are served as long as no edit is known to have missed its invalidation (a render
    otherwise). An edit made on another app server during the outage shows once Redis is back."""

    def __init__(self, size):
        self.size, self.pages = size, collections.OrderedDict()

    def keep(self, key, generation, entry):
        self.pages[key] = (generation, entry)
        self.pages.move_to_end(key)
        if len(self.pages) > self.size:
            self.pages.popitem(last=False)

    def get(self, key):
        return self.pages.get(key, (None, None))


def local_lookup(key):
    if config().lost_edit.failed_at() is not None:
        return Lookup(key, None, None, trusted=False)
    generation, entry = config().local.get(key)
    return Lookup(key, generation, entry, trusted=False)


def _unavailable(error):
    if not isinstance(error, shared_cache.CacheUnavailable):  # the breaker already said it, once
        logger.warning("page cache unavailable: %s", error)


def shared_cache_trusted():
    """Whether what the shared cache holds can be trusted to be current.

    Not after an invalidation failed or Redis failed (an edit may have been made that the generation does not
    know about): then nothing is read from or written to it until this process writes a new generation,
    which it tries at each request once Redis answers. The record is a file on this machine, so every
    process of it (gunicorn workers, manage.py commands) knows; the first to succeed clears it.
    """
    failed_at = config().pending.failed_at()
    if failed_at is None:
        return True
    if config().breaker is not None and config().breaker.is_open:
        return False
    started = now()
    try:
        generation = _new_generation()
        generations().set(generation, started)
    except Exception as error:
        _unavailable(error)
        return False
    config().pending.clear(up_to=started)
    config().lost_edit.clear(up_to=started)
    logger.warning("page cache trusted again: a new generation was written after a failure")
    return config().pending.failed_at() is None


def current_generation(found=None):
    """The generation to render under: the one read at the start of the request, or a new one.

    The generation is read (or made) before the page reads any content, so a page rendered while an edit
    commits is stored under a generation that the edit replaces. Raises DatabaseError when the database is
    down and a new generation is needed.
    """
    if found is not None and not found.trusted:
        return None
    generation = found.generation if found else None
    if generation is not None and (generation[1] is None or now() < generation[1]):
        return generation
    generation = _new_generation()
    try:
        # `add`, never `set`: a writer's generation (made after its commit) wins over a reader's.
        if not generations().add(generation, now()):
            generation = generations().get() or generation
    except Exception as error:
        _unavailable(error)
        return None  # not known to be the current one: nothing is stored under it
    return generation


def generation_token():
    """The current generation's token, or None (then nothing may be cached under it)."""
    if not shared_cache_trusted():
        return None
    try:
        generation = generations().get()
    except Exception:
        return None
    return generation[0] if generation else None


def _new_generation():
    return (uuid.uuid4().hex, next_publication())


def next_publication():
    """When the next page scheduled for publication goes online (a timestamp), or None."""

    moment = timezone.now()
    dates = [
        model._default_manager.filter(status=Status.PUBLISHED, published_at__gt=moment)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
        for model in page_types()
    ]
    dates = [date for date in dates if date is not None]
    return min(dates).timestamp() if dates else None


def store(found, generation, response):
    """Keep a visitor's response under the generation it was rendered in; returns the entry or None.

    The body is kept as is and compressed once (Brotli and gzip), each under its own key, so that hits
    answer browsers, which all accept compression, with a body a tenth of the size at no cost per request.
    """
    if not storable(response):
        return None
    rendered_at = int(now())
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS)
    digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    bodies = {
        "": response.content,
        "br": brotli.compress(response.content, quality=5),
        "gzip": gzip.compress(response.content, compresslevel=6, mtime=0),
    }
    base = found.key.rpartition(":")[0]
    entries = {
        f"{base}:{name}": (
            generation[0],
            headers,
            body,
            f'"{digest}-{name}"' if name else f'"{digest}"',
            rendered_at,
            http_date(rendered_at),
            name,
        )
        for name, body in bodies.items()
    }
    try:
        caches["default"].set_many(entries, ENTRY_SECONDS)
    except Exception as error:
        _unavailable(error)
        return entries[found.key]
    if generations().in_page_cache:
        config().local.keep(found.key, generation, entries[found.key])
    return entries[found.key]


def storable(response):
    if response.status_code != 200 or response.streaming or response.cookies or response.has_header("Cache-Control"):
        return False
    if response.has_header("Content-Encoding") or "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    varies = {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}
    # Cookie: only cookie-less requests (as far as the site's cookies go) are served from the cache;
    # Accept-Encoding: the stored bodies cover every encoding.
    return varies <= {"cookie", "accept-encoding"}


def cache_control(generation):
    """Headers for browsers and CDNs, cut short before the next scheduled publication."""
    max_age, stale = config().max_age, config().stale
    next_publication = generation[1] if generation else None
    if next_publication is not None:
        remaining = max(0, int(next_publication - now()))
        max_age = min(max_age, remaining)
        stale = min(stale, remaining - max_age)
    return f"public, max-age={max_age}, s-maxage={max_age}, stale-while-revalidate={stale}, stale-if-error=86400"


def respond(entry, generation, environ):
    """(status, headers, body) for a stored entry, honouring If-None-Match and If-Modified-Since."""
    _token, stored_headers, body, etag, rendered_at, last_modified, encoding = entry
    headers = [
        *stored_headers,
        ("ETag", etag),
        ("Last-Modified", last_modified),
        ("Cache-Control", cache_control(generation)),
    ]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    if not_modified(environ, etag, rendered_at):
        return 304, [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS], b""
    headers.append(("Content-Length", str(len(body))))
    return 200, headers, b"" if environ.get("REQUEST_METHOD") == "HEAD" else body


def accepted_encoding(accept_encoding):
    """ "br", "gzip" or "" (as is), as the client's Accept-Encoding allows (a q of 0 refuses)."""
    if not accept_encoding:
        return ""
    accepted = {}
    for part in accept_encoding.lower().split(","):
        name, _, parameters = part.partition(";")
        quality = parameters.strip().removeprefix("q=")
        try:
            accepted[name.strip()] = float(quality) if quality else 1.0
        except ValueError:
            accepted[name.strip()] = 0.0
    for encoding in ("br", "gzip"):
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return ""


def not_modified(environ, etag, last_modified):
    """RFC 9110: If-None-Match decides when present (weak comparison), else If-Modified-Since."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        return "*" in tags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since is None:
        return False
    since = parse_http_date_safe(if_modified_since)
    return since is not None and last_modified <= since


# Invalidation: every write to a content table, whatever wrote it (admin, shell, bulk update, migration).


@functools.cache
def content_tables():
    return frozenset(
        model._meta.db_table
        for config in public_content_apps()
        for model in config.get_models(include_auto_created=True)
        if getattr(model, "affects_public_pages", True)
    )


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper: a write to a content table ends the current generation."""
    result = execute(sql, params, many, context)
    if apps.ready and _writes_content(sql):
        content_changed(context["connection"])
    return result


def _writes_content(sql):
    match = WRITE_STATEMENT.match(sql)
    if match:
        return match.group(1) in content_tables()
    if sql.lstrip()[:8].upper() == "TRUNCATE":
        return any(f'"{table}"' in sql for table in content_tables())
    return False


def content_changed(connection):
    """End the generation now (so this process renders anew) and again once the write is committed.

    The second step closes the window where another request read the new generation before the commit
    and stored a page with the old content under it.
    """
    try:
        generations().delete()
    except Exception as error:
        failed(error)
    if connection.in_atomic_block and any(callback is renew_generation for _, callback, _ in connection.run_on_commit):
        return
    # Under manual transaction management, the deletion above is all that can be done.
    with contextlib.suppress(transaction.TransactionManagementError):
        connection.on_commit(renew_generation, robust=True)


def renew_generation():
    """After a commit: a new generation, with the next publication date as the content now says it."""
    started = now()
    try:
        generation = _new_generation()
    except DatabaseError:  # e.g. during migrations, before the tables exist
        try:
            generations().delete()
        except Exception as error:
            failed(error)
        return
    try:
        generations().set(generation, started)
    except Exception as error:
        failed(error)
        return
    config().pending.clear(up_to=started)
    config().lost_edit.clear(up_to=started)


def failed(error):
    """An invalidation did not reach the shared cache: fail safe (see `shared_cache_trusted`)."""
    config().pending.record(now())
    config().lost_edit.record(now())
    logger.warning("page cache invalidation failed, the shared cache is bypassed until it succeeds: %s", error)


def install_write_watcher(sender, connection, **kwargs):
    """`connection_created` receiver: watch every new database connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


STATUS_LINES = {200: "200 OK", 304: "304 Not Modified"}


class CachedPagesApplication:
    """WSGI wrapper: a fresh cached page goes out before Django builds a request or runs any middleware.

    On a miss, the lookup travels in the environ to `PageCacheMiddleware`, which renders and stores the page
    without reading the cache a second time.
    """

    warms_up = True  # gunicorn.conf.py's post_worker_init renders the main pages in a new worker (warmup.py)

    def __init__(self, application):
        self.application = application
        code_version()  # computed once in the master process when gunicorn preloads the application

    def __call__(self, environ, start_response):
        start_request()
        key = request_key(environ)
        if key is not None:
            found = lookup(key)
            if found.fresh:
                status, headers, body = respond(found.entry, found.generation, environ)
                start_response(STATUS_LINES[status], headers)
                return [body]
            environ[ENVIRON_KEY] = found
        return self.application(environ, start_response)
