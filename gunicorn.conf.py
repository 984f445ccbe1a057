"""gunicorn settings, shared by every gunicorn started from this folder (make serve, make bench…)."""

import gc
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: pages are short CPU-bound renders or cache hits. One worker per core plus one keeps both
# cores busy while a worker waits on the database; override with GUNICORN_WORKERS.
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
worker_class = "sync"
preload_app = True  # import Django once, share the memory between workers
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that memory cannot creep (`make soak` sets 0 to see whether it would).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# The reverse proxy on this machine may set X-Forwarded-*; Django reads X-Forwarded-Proto itself.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
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
