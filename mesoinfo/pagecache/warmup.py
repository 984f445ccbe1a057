"""Warm a new gunicorn worker before it takes its first request (`post_worker_init` in gunicorn.conf.py).

A worker starts with its templates, translations and database connection not yet loaded and, without Redis,
with an empty page cache of its own; gunicorn also replaces workers now and then (`max_requests`). Its first
visitors would each wait for a cold render (about 100 ms for the home page on the benchmark's 2 cores) and,
when the workers are replaced together, all of them would. Rendering the most visited pages once, in both
languages, before the worker accepts connections moves that wait out of the visitors' way; the cache entries
are made under the address visitors use (the first host of DJANGO_ALLOWED_HOSTS, in https as the TLS proxy
forwards it, except on this machine's own address with its port, as for `make serve`), so that they are the
ones visitors' requests find.
"""

import functools
import io
import logging
import sys
import time
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

PATHS = ("/", "/faq/", "/articles/", "/en/", "/en/faq/", "/en/articles/")
ACCEPT_ENCODING = "gzip, deflate, br"  # as browsers ask: the cached copy they are served
SECONDS = 10  # no page is begun after that: gunicorn kills a worker still silent after its timeout (30 s)


LOCAL_HOSTS = ("127.0.0.1", "localhost")


def public_host(port=None):
    """The site's address (SITE_URL), else the first literal host visitors use, or None (only patterns, or
    none): nothing to warm then."""
    if settings.SITE_URL:
        return urlsplit(settings.SITE_URL).netloc
    for host in settings.ALLOWED_HOSTS:
        host = "localhost" if host == "*" else host
        if host.startswith("."):
            continue
        if host in LOCAL_HOSTS and port and str(port) not in ("80", "443"):
            return f"{host}:{port}"  # no proxy in front: browsers send the port
        return host
    return None


def warm(application, port=None, paths=PATHS, seconds=SECONDS, clock=time.monotonic):
    """GET `paths` through the whole WSGI application; returns {path: status}. Never raises, and stops at the
    first failure or after `seconds`: a worker that cannot warm up (database down or unreachable) still
    starts at once, well within gunicorn's timeout, and answers as it would have without warming (cached
    pages included)."""
    host = public_host(port)
    if host is None:
        return {}
    statuses = {}
    deadline = clock() + seconds
    for path in paths:
        if clock() > deadline:
            logger.warning("warm-up stopped after %s s, before %s", seconds, path)
            break
        try:
            statuses[path] = fetch(application, request_environ(host, path))
        except Exception:  # a warm-up must never keep a worker from starting
            logger.warning("warm-up stopped: %s failed", path, exc_info=True)
            break
        if not statuses[path] or statuses[path] >= 500:  # e.g. the 503 page of a database outage
            logger.warning("warm-up stopped: %s answered %s", path, statuses[path])
            break
    # The database connection it opened stays, for the worker's first request; Django's request signals close
    # it past CONN_MAX_AGE, as any other.
    return statuses


def request_environ(host, path, query=""):
    """A browser's GET of `path` on `host`, as the WSGI server hands it to the application."""
    # Behind the TLS proxy (the only way this site is deployed), visitors come in https whether Django or the
    # proxy redirects them there; on this machine's own address (`make serve`, benchmarks), in plain http.
    name, _, port = host.partition(":")
    https = settings.SECURE_SSL_REDIRECT or name not in LOCAL_HOSTS
    if settings.SITE_URL:
        https = settings.SITE_URL.startswith("https:")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if https else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_ENCODING": ACCEPT_ENCODING,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    if https:
        environ["HTTP_X_FORWARDED_PROTO"] = "https"  # as the TLS proxy says it
    return environ


def fetch(application, environ):
    """Run one request through a WSGI application, reading its whole answer: its status code (None if none)."""
    answer = []
    body = application(environ, functools.partial(start_response, answer))
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return int(answer[0].split()[0]) if answer else None


def start_response(answer, status, headers, exc_info=None):
    answer.append(status)
