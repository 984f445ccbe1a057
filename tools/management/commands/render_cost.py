"""`manage.py render_cost`: what one uncached page costs, measured in this process.

Each address is requested through the WSGI application exactly as gunicorn calls it (page cache wrapper,
every middleware); a query string keeps the page cache out of the way, as in `make bench`. For each one it
prints, per request: the CPU time of this process, the part of it spent rendering templates, the SQL queries
and, when the database is PostgreSQL on this machine, the CPU time of the PostgreSQL server process that
answered them (read from /proc). Their sum bounds what the machine can serve: on C cores, at most
C × 1000 / (CPU ms) requests per second, before any time for the HTTP server and the load generator. Last,
the Python function calls of one request: unlike CPU time, which moves by a fifth from one run to the next on
a shared machine, the same code and data make the same calls within a few in tens of thousands (the state of
the process's caches), so two versions can be compared in one run each.

`make bench` runs it on its prepared database after the load and gives the bound as a ratio of the ceiling it
measured, so that a missed ratio goal can be read as a cost to find.

With --floor it also measures what every render here starts from, whatever the page: a request through Django
and every middleware with no template and no query, one query in SQL, the same through the ORM, the article
as its page reads it, and the simplest page of the site (one query, a short text in the layout).
"""

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.backends.django import Template
from django.test.utils import CaptureQueriesContext, override_settings

from articles.models import Article
from mesoinfo.pagecache.warmup import fetch, public_host, request_environ
from mesoinfo.pages.models import SitePage

LOCAL_DATABASE_HOSTS = ("", "127.0.0.1", "localhost", "::1")


class Command(BaseCommand):
    help = "CPU time, template time and SQL queries of one uncached render of each address, in this process."

    def add_arguments(self, parser):
        parser.add_argument(
            "addresses",
            nargs="*",
            help="with a query string (?rendu=1), or the page cache answers; default: an article and a search",
        )
        parser.add_argument("--requests", type=int, default=200, help="measured requests per address")
        parser.add_argument("--ceiling", type=float, help="req/s of the bench's hello app: adds the best ratio")
        parser.add_argument(
            "--floor",
            action="store_true",
            help="also: a request with no template or query, one query in SQL and through the ORM, the simplest page",
        )

    def handle(self, *args, addresses, requests, ceiling, floor, **options):
        from mesoinfo.wsgi import application

        if requests < 1:
            raise CommandError("--requests must be 1 or more.")
        host = public_host() or "localhost"
        addresses = addresses or self.default_addresses()
        cores = os.cpu_count() or 1
        self.stdout.write(
            f"{'address':52} {'CPU ms':>7} {'templates':>9} {'queries':>7} {'PostgreSQL':>10} {'at most':>9}"
            + ("  best ratio" if ceiling else "")
            + f" {'calls':>7}"
        )
        # A render each time: searches are neither limited per client nor answered from their cache here.
        with override_settings(SEARCH_RATE_LIMIT=0, SEARCH_CACHE_SECONDS=0):
            for address in addresses:
                self.row(address, measure(application, host, address, requests), cores, ceiling)
        if floor:
            self.stdout.write("What every render here starts from:")
            for name, call in floor_steps(application, host):
                self.row(name, cost_of(call, requests), cores, ceiling)
        queries_note = "; the three query rows are not requests: at most, as if a request were that query alone"
        self.stdout.write(
            f"(means per request over {requests} requests, after 20 unmeasured; templates: part of CPU ms, "
            "queries run from templates included; "
            f"PostgreSQL: CPU ms of its server process, when on this machine; at most: {cores} cores given to this "
            f"process and PostgreSQL only; calls: Python function calls of one request{queries_note if floor else ''})"
        )

    def row(self, name, cost, cores, ceiling):
        total = cost.cpu_ms + (cost.database_ms or 0)
        best = cores * 1000 / total
        database = "n/a" if cost.database_ms is None else f"{cost.database_ms:.2f}"
        self.stdout.write(
            f"{name:52} {cost.cpu_ms:7.2f} {cost.template_ms:9.2f} {cost.queries:7d} {database:>10} "
            f"{best:7.0f}/s" + (f"  {best / ceiling:10.3f}" if ceiling else "") + f" {cost.calls:7d}"
        )

    @staticmethod
    def default_addresses():
        article = Article.objects.published().select_related("category").order_by("pk").first()
        if article is None:
            raise CommandError("No published article: run `manage.py load_content` first, or name the addresses.")
        return [article.get_absolute_url() + "?rendu=1", "/recherche/?q=prix"]


@dataclass
class Cost:
    cpu_ms: float
    template_ms: float
    queries: int
    database_ms: float | None  # None: not measurable (not PostgreSQL, not on this machine)
    calls: int  # Python function calls (and calls of built-in functions) of one request


def measure(application, host, address, requests, warm_up=20):
    """The mean cost of one request for `address` (path and query string), after `warm_up` unmeasured ones."""
    return cost_of(requester(application, host, address), requests, warm_up)


def requester(application, host, address):
    """A call that requests `address` through the WSGI application, and stops the command unless it is a 200."""
    parts = urlsplit(address)

    def get():
        status = fetch(application, request_environ(host, parts.path or "/", parts.query))
        if status != 200:
            raise CommandError(f"{address} answered {status}, not 200: name a page that exists.")

    return get


def floor_steps(application, host):
    """(name, call): the building blocks of a render, from a request that does nothing to the simplest page."""
    article = Article.objects.published().order_by("pk").first()
    page = SitePage.objects.order_by("pk").first()
    if article is None or page is None:
        raise CommandError("--floor needs a published article and a site page: run `manage.py load_content`.")
    title = Article._meta.get_field(f"title_{settings.LANGUAGE_CODE}").column
    sql = f"SELECT {title} FROM {Article._meta.db_table} WHERE id = %s"  # noqa: S608 (names from the model)

    def sql_query():
        with connection.cursor() as cursor:
            cursor.execute(sql, [article.pk])
            cursor.fetchone()

    return [
        ("request, no template, no query (/robots.txt?x=1)", requester(application, host, "/robots.txt?x=1")),
        ("one query in SQL: an article's title", sql_query),
        ("the same query through the ORM", lambda: Article.objects.filter(pk=article.pk).values_list("title").get()),
        ("the ORM: an article, its category and authors", lambda: Article.objects.for_display().get(pk=article.pk)),
        (
            f"simplest page: one query, layout ({page.slug})",
            requester(application, host, f"{page.get_absolute_url()}?rendu=1"),
        ),
    ]


def cost_of(call, requests, warm_up=20):
    """The mean cost of `call()` (a request or a query), after `warm_up` unmeasured calls."""
    for _ in range(warm_up):
        call()
    with CaptureQueriesContext(connection) as captured, calls_counted() as calls:  # for this one call
        call()
    queries = len(captured)  # now: the next request's start empties the log it reads
    server = database_server_process()
    with templates_timed() as template_seconds:
        database_before, started = server_cpu(server), time.process_time()
        for _ in range(requests):
            call()
        cpu, database_after = time.process_time() - started, server_cpu(server)
    if server != database_server_process():  # the connection was closed and opened again (CONN_MAX_AGE = 0)
        server = None
    database_ms = None if server is None else (database_after - database_before) * 1000 / requests
    return Cost(cpu * 1000 / requests, template_seconds[0] * 1000 / requests, queries, database_ms, calls[0])


@contextmanager
def calls_counted():
    """Counts the Python function calls, and the calls of built-in functions, made in this thread meanwhile."""
    count = [0]

    def profile(frame, event, arg):
        if event in ("call", "c_call"):
            count[0] += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield count
    finally:
        sys.setprofile(previous)


@contextmanager
def templates_timed():
    """Adds the CPU time of every template rendering (outermost only: includes are inside) to a total."""
    total, depth, original = [0.0], [0], Template.render

    def render(self, *args, **kwargs):
        depth[0] += 1
        started = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                total[0] += time.process_time() - started

    Template.render = render
    try:
        yield total
    finally:
        Template.render = original


def database_server_process():
    """The /proc stat file of the PostgreSQL process serving this connection, when it runs on this machine."""
    if connection.vendor != "postgresql" or connection.settings_dict.get("HOST") not in LOCAL_DATABASE_HOSTS:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    return path if path.exists() else None


def server_cpu(path):
    """User and system CPU seconds of a process, from its /proc stat file (fields 14 and 15)."""
    if path is None:
        return 0.0
    fields = path.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
