"""gunicorn settings, shared by every gunicorn started from this folder (make serve, make bench…)."""

import gc
import html
import os

from gunicorn import util

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: pages are short CPU-bound renders or cache hits. One worker per core plus one keeps both
# cores busy while a worker waits on the database; override with GUNICORN_WORKERS.
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
worker_class = "sync"
preload_app = True  # import Django once, share the memory between workers
timeout = 30
graceful_timeout = 30
keepalive = 5
# Replace workers now and then, a safety net against memory creep: `make soak` (recycling off) saw none, so
# rarely: every 100,000 to 150,000 requests. A replaced worker renders its pages again (warm-up below, and its
# own page cache without Redis): at the benchmark's rate, 20,000 replaced all three workers every 15 s or so,
# which put 140–365 ms into the p99 of cached pages. The wide jitter keeps them from being replaced together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 2
# The reverse proxy on this machine may set X-Forwarded-*; Django reads X-Forwarded-Proto itself.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No request header may set the WSGI SCRIPT_NAME or PATH_INFO (gunicorn takes both from its forwarded-allow
# addresses by default): the site lives at the root, and a `SCRIPT_NAME: /faq` header would make `/faq/`
# render the home page. The application ignores them too (mesoinfo/pagecache/addresses.py).
forwarder_headers = ""
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl): several instances on
# one machine (app servers, tests, benchmarks) would fight over it, and nothing here uses it.
control_socket_disable = True


def when_ready(server):
    """Once the application is loaded, before the workers are forked: its objects move out of the garbage
    collector's sight, so that collections in the workers are shorter and do not touch (and copy) the
    memory they share with the master (Python's gc.freeze documentation)."""
    gc.freeze()


def post_worker_init(worker):
    """Before a new worker takes requests, it renders the most visited pages once (mesoinfo/pagecache/warmup.py): its
    first visitors do not wait for its templates, its database connection and, without Redis, its cache.
    The benchmark's "hello" ceiling application is not Django and has nothing to warm."""
    if getattr(worker.wsgi, "warms_up", False):
        from mesoinfo.pagecache.warmup import warm

        warm(worker.wsgi, port=os.environ.get("PORT", "8000"))


# The answers gunicorn writes itself, before Django sees a request (a request line or headers it cannot parse,
# 400/414/431), carry the security headers that Django adds to its own; error pages of the reverse proxy
# (502, 504) are the proxy's to dress (see the README, "Deployment").
ERROR_HEADERS = (
    "Content-Type: text/html; charset=utf-8\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Content-Security-Policy: default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n"
    "Permissions-Policy: camera=(), geolocation=(), microphone=(), payment=(), usb=()\r\n"
    "Cache-Control: no-store\r\n"
)


def write_error(sock, status_int, reason, mesg):
    """gunicorn's util.write_error, with the security headers and without echoing the request back."""
    reason = html.escape(reason)
    body = f'<!DOCTYPE html><html lang="fr"><title>{status_int} {reason}</title><h1>{status_int} {reason}</h1>'
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n{ERROR_HEADERS}"
        f"Content-Length: {len(body.encode())}\r\n\r\n"
    )
    util.write_nonblock(sock, (head + body).encode("latin-1", "replace"))


util.write_error = write_error
