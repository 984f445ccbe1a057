"""`make bench`: requests per second and latency of the main pages under gunicorn, next to a "hello" ceiling.

Prepares a database with the editorial content plus 1,000 generated articles and 300 questions, starts
gunicorn with `make serve`'s settings and gunicorn.conf.py, loads each page with wrk on 127.0.0.1 and prints a
table with each page's ratio to a trivial WSGI application served the same way in the same run.
"""

import os

from django.core.management.base import BaseCommand

from mesoinfo import loadtest

# (name, path or None for the generated article, goal as a ratio of the ceiling, p99 goal in ms)
PAGES = [
    ("home", "/", 0.6, 50),
    ("article", None, 0.6, 50),
    ("faq", "/faq/", 0.6, 50),
    ("search", "/recherche/?q=prix", 0.05, None),
    ("article uncached", None, 0.1, None),
]


class Command(BaseCommand):
    help = "Benchmark the main pages against a trivial WSGI app under the same gunicorn (needs Debian's wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--seconds", type=int, default=10, help="load per page")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--questions", type=int, default=300)

    def handle(self, *args, connections, seconds, port, articles, questions, **options):
        loadtest.wrk_path()
        url, folder = loadtest.bench_database(self.stdout)
        env = {**os.environ, "DATABASE_URL": url}
        try:
            loadtest.prepare_database(env, articles, questions, self.stdout)
            article = loadtest.sample_article_path(env)
            self.run(env, port, connections, seconds, article)
        finally:
            loadtest.cleanup_database(env, folder)

    def run(self, env, port, connections, seconds, article):
        workers = env.get("GUNICORN_WORKERS") or f"{(os.cpu_count() or 1) + 1} (cores + 1)"
        self.stdout.write(
            f"gunicorn: gunicorn.conf.py, {workers} sync workers; wrk: {connections} connections, "
            f"{seconds} s per page, on {os.cpu_count()} cores ({os.getloadavg()[0]:.2f} load before)"
        )
        with loadtest.Gunicorn(loadtest.HELLO_APPLICATION, port, env) as hello:
            loadtest.run_wrk(hello.url, ["/"], connections, 2)  # warm-up
            ceiling = loadtest.run_wrk(hello.url, ["/"], connections, seconds)
        rows = [("hello (ceiling)", "/", ceiling, None, None)]
        with loadtest.Gunicorn(loadtest.SITE_APPLICATION, port, env) as site:
            for name, path, goal, p99_goal in PAGES:
                path = path or (article + ("?rendu=1" if "uncached" in name else ""))
                if loadtest.status_of(site.url + path) != 200:
                    rows.append((name, path, None, goal, p99_goal))
                    continue
                loadtest.run_wrk(site.url, [path], connections, 2)  # warm-up: caches filled, code paths hot
                rows.append((name, path, loadtest.run_wrk(site.url, [path], connections, seconds), goal, p99_goal))
            memory = site.worker_memory()
        self.report(rows, ceiling, memory)

    def report(self, rows, ceiling, memory):
        self.stdout.write(f"\n{'page':17} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'ratio':>6}  goal")
        missed = []
        for name, path, load, goal, p99_goal in rows:
            if load is None:
                self.stdout.write(f"{name:17} {'n/a':>8} {'':>7} {'':>7} {'':>6} {'':>6}  {path} does not answer 200")
                continue
            ratio = load.rate / ceiling.rate
            wanted = "" if goal is None else f"≥ {goal}" + (f", p99 < {p99_goal} ms" if p99_goal else "")
            ok = (goal is None or ratio >= goal) and (p99_goal is None or load.p99_ms < p99_goal) and not load.errors
            if not ok:
                missed.append(name)
            self.stdout.write(
                f"{name:17} {load.rate:8.0f} {load.p50_ms:7.2f} {load.p99_ms:7.2f} {load.errors:6d} {ratio:6.3f}  "
                f"{wanted}{'' if ok else '  MISSED'}"
            )
        self.stdout.write(
            "\nworker memory after the run (RSS): " + ", ".join(f"{mib:.0f} MiB" for mib in memory.values())
        )
        self.stdout.write(f"load average after: {os.getloadavg()[0]:.2f}")
        if missed:
            self.stdout.write(self.style.WARNING("goal missed: " + ", ".join(missed)))
        else:
            self.stdout.write(self.style.SUCCESS("every goal met"))
