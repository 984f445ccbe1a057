"""`make bench`: requests per second and latency of the main pages under gunicorn, next to a "hello" ceiling.

Prepares a database with the editorial content plus 1,000 generated articles and 300 questions, starts
gunicorn with `make serve`'s settings and gunicorn.conf.py, loads each page with wrk on 127.0.0.1 right after a
trivial WSGI application served the same way (the ceiling), in rounds, and prints a table with each page's
requests per second, latency, errors and ratio to the ceiling.

Search is measured over a mix of patient queries (tools/search_queries.py: words, phrases, questions,
misspellings, English), as visitors get it (a query asked again comes from the cache) and with every search
rendered (the cache off), every search worked out (no bound on searches at once); then the cached home page
under a flood of searches of 40 random words: from many clients with no bound at all (every search worked
out), from many clients with the machine's bound on searches at once (DJANGO_SEARCH_CONCURRENCY: one more
answers 503), and from one client (the per-client limit answers 429).
"""

import os
from statistics import median

from django.conf import settings
from django.core.management.base import BaseCommand

from tools import loadtest, search_queries

# (name, path(s) or None for the generated article, goal as a ratio of the ceiling, p99 goal in ms)
PAGES = [
    ("home", "/", 0.6, 50),
    ("article", None, 0.6, 50),
    ("faq", "/faq/", 0.6, 50),
    ("search", search_queries.mix_addresses(), 0.05, 100),
    ("article uncached", None, 0.1, None),
]
RENDERED = ("search rendered", search_queries.mix_addresses(), None, None)
FLOOD_QUERIES = 2000
UNLIMITED = "1000000000"  # searches a minute: wrk is one client standing for many visitors
SEARCH_RENDER_COST = ["/recherche/?q=prix", "/recherche/?q=combien%20co%C3%BBte%20une%20s%C3%A9ance"]


class Command(BaseCommand):
    help = "Benchmark the main pages against a trivial WSGI app under the same gunicorn (needs Debian's wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--seconds", type=int, default=4, help="load per page and per round")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="and port + 1")
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--questions", type=int, default=300)

    def handle(self, *args, connections, seconds, rounds, port, articles, questions, **options):
        loadtest.wrk_path()
        env, folder = loadtest.bench_database(self.stdout)
        try:
            loadtest.prepare_database(env, articles, questions, self.stdout)
            article = loadtest.sample_article_path(env)
            self.run(env, port, connections, seconds, rounds, article)
        finally:
            loadtest.cleanup_database(env, folder)

    def run(self, env, port, connections, seconds, rounds, article):
        """Each page right after the ceiling, in several rounds: a machine shared with other work drifts less
        between the two measurements of a ratio than over the whole run."""
        workers = env.get("GUNICORN_WORKERS") or f"{(os.cpu_count() or 1) + 1} (cores + 1)"
        self.stdout.write(
            f"gunicorn: gunicorn.conf.py, {workers} sync workers; wrk: {connections} connections; {rounds} rounds of "
            f"{seconds} s per page, each after {seconds} s of the ceiling; {os.cpu_count()} cores, "
            f"load {os.getloadavg()[0]:.2f} before; search: {len(search_queries.MIX)} different queries in turn"
        )
        pages = [(name, self.paths(path, article, name), goal, p99) for name, path, goal, p99 in PAGES]
        # Searches are measured worked out, every one: wrk is one client standing for many visitors, and a
        # search refused by the machine's bound would count as a fast answer.
        site_env = {**env, "DJANGO_SEARCH_RATE_LIMIT": UNLIMITED, "DJANGO_SEARCH_CONCURRENCY": "0"}
        rendered_env = {**site_env, "DJANGO_SEARCH_CACHE_SECONDS": "0"}
        bound = env.get("DJANGO_SEARCH_CONCURRENCY") or ""  # as configured; empty: the default
        bounded_env = {**rendered_env, "DJANGO_SEARCH_CONCURRENCY": bound}
        with loadtest.Gunicorn(loadtest.HELLO_APPLICATION, port, env) as hello:
            loadtest.run_wrk(hello.url, ["/"], connections, 2)  # warm-up: caches filled, code paths hot
            with loadtest.Gunicorn(loadtest.SITE_APPLICATION, port + 1, site_env) as site:
                measured, ceilings = self.measure(hello, site, pages, connections, seconds, rounds)
                memory = site.worker_memory()
            with loadtest.Gunicorn(loadtest.SITE_APPLICATION, port + 1, rendered_env) as site:
                rendered, more = self.measure(hello, site, [RENDERED], connections, seconds, rounds)
                measured.update(rendered)
                ceilings += more
                floods = {"many clients, no bound (every search worked out)": self.flood(site, connections, seconds)}
            with loadtest.Gunicorn(loadtest.SITE_APPLICATION, port + 1, bounded_env) as site:
                name = f"many clients, at most {bound or settings.SEARCH_CONCURRENCY} searches at once"
                floods[name] = self.flood(site, connections, seconds)
            with loadtest.Gunicorn(loadtest.SITE_APPLICATION, port + 1, env) as site:
                floods["one client (limit of 30 a minute)"] = self.flood(site, connections, seconds)
        self.report([*pages, RENDERED], measured, ceilings, memory)
        self.report_floods(floods, measured["home"])
        self.render_costs(env, pages, measured, ceilings)

    @staticmethod
    def paths(path, article, name):
        if path is None:
            return [article + ("?rendu=1" if "uncached" in name else "")]
        return path if isinstance(path, list) else [path]

    @staticmethod
    def measure(hello, site, pages, connections, seconds, rounds):
        """{name: [(load, ceiling just before)]} and the ceilings, for the pages that answer 200."""
        answering = {name for name, paths, *_ in pages if loadtest.status_of(site.url + paths[0]) == 200}
        for name, paths, *_ in pages:
            if name in answering:
                loadtest.run_wrk(site.url, paths, connections, 2)  # warm-up
        measured = {name: [] for name, *_ in pages}
        ceilings = []
        for _ in range(rounds):
            for name, paths, *_ in pages:
                if name in answering:
                    ceiling = loadtest.run_wrk(hello.url, ["/"], connections, seconds)
                    ceilings.append(ceiling)
                    measured[name].append((loadtest.run_wrk(site.url, paths, connections, seconds), ceiling))
        return measured, ceilings

    @staticmethod
    def flood(site, connections, seconds):
        """(home alone, home under the flood, the flood): the flood's searches of 40 random words on
        `connections` connections while the home page is loaded on as many."""
        flood = search_queries.flood_addresses(FLOOD_QUERIES)
        alone = loadtest.run_wrk(site.url, ["/"], connections, seconds)
        home, searches = loadtest.run_wrk_together(
            [(site.url, ["/"], connections), (site.url, flood, connections)], seconds * 2
        )
        return alone, home, searches

    def report(self, pages, measured, ceilings, memory):
        self.stdout.write(f"\n{'page':17} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'ratio':>6}  goal")
        self.row("hello (ceiling)", ceilings, None, None, None)
        missed = []
        for name, paths, goal, p99_goal in pages:
            if not measured[name]:
                self.stdout.write(
                    f"{name:17} {'n/a':>8} {'':>7} {'':>7} {'':>6} {'':>6}  {paths[0]} does not answer 200"
                )
                continue
            loads = [load for load, _ceiling in measured[name]]
            ratio = median(load.rate / ceiling.rate for load, ceiling in measured[name])
            if not self.row(name, loads, ratio, goal, p99_goal):
                missed.append(name)
        self.stdout.write(
            "(medians of the rounds; ratio: to the ceiling measured just before; search: the mix of queries, a "
            "query asked again answered from the cache; search rendered: the same with the cache off)"
        )
        self.stdout.write(
            "\nworker memory after the run (RSS): " + ", ".join(f"{mib:.0f} MiB" for mib in memory.values())
        )
        self.stdout.write(f"load average after: {os.getloadavg()[0]:.2f}")
        if missed:
            self.stdout.write(self.style.WARNING("goal missed: " + ", ".join(missed)))
        else:
            self.stdout.write(self.style.SUCCESS("every goal met"))

    def row(self, name, loads, ratio, goal, p99_goal):
        rate, p50, p99 = (median(getattr(load, field) for load in loads) for field in ("rate", "p50_ms", "p99_ms"))
        errors = sum(load.errors for load in loads)
        ok = (goal is None or ratio >= goal) and (p99_goal is None or p99 < p99_goal) and not errors
        wanted = "" if goal is None else f"≥ {goal}" + (f", p99 < {p99_goal} ms" if p99_goal else "")
        self.stdout.write(
            f"{name:17} {rate:8.0f} {p50:7.2f} {p99:7.2f} {errors:6d} {1 if ratio is None else ratio:6.3f}  "
            f"{wanted}{'' if ok else '  MISSED'}"
        )
        return ok

    def report_floods(self, floods, home):
        """The cached home page while a client floods the search with 40 random words per query."""
        goal = next(p99 for name, _path, _ratio, p99 in PAGES if name == "home")
        self.stdout.write(
            f"\nHome page under a flood of searches ({FLOOD_QUERIES} different queries of 40 random words), both "
            "at the same number of connections:"
        )
        self.stdout.write(f"{'flood from':48} {'home alone p99':>14} {'home p99':>9} {'searches/s':>10} {'refused':>7}")
        for name, (alone, under, searches) in floods.items():
            ok = under.p99_ms < goal and not under.errors
            self.stdout.write(
                f"{name:48} {alone.p99_ms:14.2f} {under.p99_ms:9.2f} {searches.rate:10.0f} "
                f"{searches.refused / max(searches.requests, 1):7.1%}  goal p99 < {goal} ms{'' if ok else '  MISSED'}"
            )

    def render_costs(self, env, pages, measured, ceilings):
        """What the pages measured below the page cache cost in CPU, in one process, once gunicorn is stopped:
        the most their ratio can reach, against the ratio goals' budgets."""
        uncached = [(paths[0], goal) for name, paths, goal, p99 in pages if p99 is None and measured[name]]
        searches = [
            (path, goal) for name, _paths, goal, _p99 in pages if name == "search" for path in SEARCH_RENDER_COST
        ]
        ceiling = median(load.rate for load in ceilings)
        cores = os.cpu_count() or 1
        self.stdout.write(
            "\nOne uncached render, in process, gunicorn stopped (manage.py render_cost, same database; "
            "searches rendered, not from the cache):"
        )
        self.stdout.write(
            loadtest.manage(
                env,
                "render_cost",
                *(path for path, _goal in uncached + searches),
                "--floor",
                "--ceiling",
                f"{ceiling:.0f}",
            )
        )
        for path, goal in uncached + searches:
            self.stdout.write(
                f"ratio {goal} on {cores} cores: at most {cores * 1000 / (goal * ceiling):.2f} ms of CPU per request "
                f"in all (Python, PostgreSQL, gunicorn, wrk) for {path}"
            )
