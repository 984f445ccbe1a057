"""`make soak`: 60 s of load at 32 connections on gunicorn with `make serve`'s settings.

A mix of cached pages, rendered pages (a query string bypasses the page cache) and English pages, over the
editorial content plus generated articles and questions. Prints the errors (goal: none) and each worker's
memory after 20 s of warm-up and after the run (goal: less than 10 % growth). Worker recycling
(`max_requests`) is switched off for the run, so that a leak would show instead of being hidden by restarts.
"""

import os

from django.core.management.base import BaseCommand

from tools import loadtest


class Command(BaseCommand):
    help = "Soak test: errors and worker memory growth under 60 s of load at 32 connections (needs Debian's wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, connections, seconds, port, **options):
        loadtest.wrk_path()
        env, folder = loadtest.bench_database(self.stdout)
        env["GUNICORN_MAX_REQUESTS"] = "0"
        try:
            loadtest.prepare_database(env, 1000, 300, self.stdout)
            article = loadtest.sample_article_path(env)
            # Cached pages, and articles rendered every time (a query string bypasses the page cache).
            paths = ["/", article, "/faq/", "/articles/", f"/en{article}"]
            paths += [f"{article}?rendu=1", f"/en{article}?rendu=1"]
            with loadtest.Gunicorn(loadtest.SITE_APPLICATION, port, env) as site:
                if loadtest.status_of(site.url + "/recherche/?q=prix") == 200:
                    paths.append("/recherche/?q=prix")
                self.stdout.write(f"pages, in turn: {' '.join(paths)}")
                warm_up = loadtest.run_wrk(site.url, paths, connections, 20)  # to steady state
                before = site.worker_memory()
                load = loadtest.run_wrk(site.url, paths, connections, seconds)
                after = site.worker_memory()
        finally:
            loadtest.cleanup_database(env, folder)
        self.report(connections, warm_up, load, before, after)

    def report(self, connections, warm_up, load, before, after):
        self.stdout.write(
            f"\n{load.seconds:.0f} s at {connections} connections: {load.requests} requests, {load.rate:.0f} req/s, "
            f"p50 {load.p50_ms:.2f} ms, p99 {load.p99_ms:.2f} ms, errors {load.errors} (warm-up: {warm_up.errors})"
        )
        self.stdout.write(f"\n{'worker':>8} {'before MiB':>11} {'after MiB':>10} {'growth':>7}")
        worst = 0.0
        for pid, start in before.items():
            end = after.get(pid)
            if end is None:
                self.stdout.write(f"{pid:>8} {start:11.1f} {'gone':>10}")
                worst = float("inf")
                continue
            growth = (end - start) / start * 100
            worst = max(worst, growth)
            self.stdout.write(f"{pid:>8} {start:11.1f} {end:10.1f} {growth:6.1f}%")
        ok = load.errors == 0 and warm_up.errors == 0 and worst < 10
        message = f"errors {load.errors} (goal 0), largest growth {worst:.1f} % (goal < 10 %)"
        self.stdout.write(self.style.SUCCESS(message) if ok else self.style.WARNING(message + "  MISSED"))
