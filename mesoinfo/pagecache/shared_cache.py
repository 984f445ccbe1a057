"""Django's Redis cache backend, with a short, bounded budget per request and a circuit breaker.

A Redis that stops answering (stopped, unreachable, or frozen and accepting connections without replying)
must not slow the site: every page can be rendered without it. So:

- each call waits at most `socket_timeout` (connect and read, tens of milliseconds: a Redis next to the app
  answers in well under one), and is never retried;
- after a failure the breaker opens: for `breaker_seconds`, every call fails at once, without touching the
  network; then one call tries again (and reopens it if it fails);
- within one request, calls stop once they have used `request_budget` seconds together, however slowly
  Redis answers (`start_request` marks the start; the WSGI wrapper and the page cache middleware call it).

So a request spends at most about one timeout on a Redis that hangs. Failures raise `CacheUnavailable` (a
`redis.ConnectionError`), which every caller already treats as "no cache". `breaker.observers` are told when
the breaker opens, so that the page cache can stop trusting what Redis holds until it has written a new
generation there (see cache.py).
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

FAILURES = (redis.ConnectionError, redis.TimeoutError, OSError)
DEFAULTS = {"socket_timeout": 0.05, "breaker_seconds": 1.0, "request_budget": 0.1}


class CacheUnavailable(redis.ConnectionError):
    """Redis was not asked: the breaker is open or this request's budget is spent."""


class Breaker:
    def __init__(self, seconds, clock=time.monotonic):
        self.seconds, self.clock = seconds, clock
        self.open_until = 0.0
        self.observers = []
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return self.clock() < self.open_until

    def failed(self, error):
        with self._lock:
            was_open = self.open_until > 0
            self.open_until = self.clock() + self.seconds
        if not was_open:  # one line per outage, not one per request
            logger.warning("Redis unavailable, answering without it for now: %s", error)
            for observer in self.observers:
                observer()

    def succeeded(self):
        if self.open_until:
            with self._lock:
                self.open_until = 0.0
            logger.warning("Redis answers again")


_budget = threading.local()


def start_request(budget):
    """A new request: its Redis calls share `budget` seconds from now on."""
    _budget.deadline = time.monotonic() + budget


def budget_left():
    deadline = getattr(_budget, "deadline", None)
    return True if deadline is None else time.monotonic() < deadline


GUARDED = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear")


class GuardedRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, breaker=None, **options):
        timeout = options.pop("socket_timeout", DEFAULTS["socket_timeout"])
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("retry", Retry(NoBackoff(), 0))  # one try: the breaker decides when to try again
        options.setdefault("health_check_interval", 0)
        super().__init__(servers, socket_timeout=timeout, **options)
        self.breaker = breaker

    def _guarded(self, name, *args):
        if self.breaker.is_open:
            raise CacheUnavailable("circuit open after a failure")
        if not budget_left():
            raise CacheUnavailable("this request's Redis budget is spent")
        try:
            result = getattr(super(), name)(*args)
        except FAILURES as error:
            self.breaker.failed(error)
            raise CacheUnavailable(str(error)) from error
        self.breaker.succeeded()
        return result


def _guard(name):
    def method(self, *args):
        return self._guarded(name, *args)

    method.__name__ = name
    return method


for _name in GUARDED:
    setattr(GuardedRedisCacheClient, _name, _guard(_name))


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location, seconds):
    """One breaker per Redis server and process: Django makes a cache object per thread, the outage is shared."""
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker(seconds))


class GuardedRedisCache(RedisCache):
    """The cache backend: `OPTIONS` take `socket_timeout`, `breaker_seconds` and `request_budget` (seconds)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        options = dict(self._options)
        self.breaker = breaker_for(str(server), options.pop("breaker_seconds", DEFAULTS["breaker_seconds"]))
        self.request_budget = options.pop("request_budget", DEFAULTS["request_budget"])
        self._options = {**options, "breaker": self.breaker}
        self._class = GuardedRedisCacheClient
