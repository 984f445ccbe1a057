"""`make soak`: 60 s of load at 32 connections on gunicorn with `make serve`'s settings and a Redis of its own,
with staff edits going on and Redis frozen for 5 s in the middle.

The load mixes cached pages, articles rendered every time (a query string bypasses the page cache), English
pages and searches (patients' queries, varied), over the editorial content plus generated articles and
questions. Meanwhile another process saves an article every 2 s, as staff do in the admin (an ORM save: the
same invalidation). At the middle of the run, Redis is frozen (SIGSTOP) for 5 s, then thawed.

Prints: requests, errors (wrk), answers 5xx outside the freeze and during it (gunicorn's access log; goal: none
outside), whether the edited page showed the last edit after the freeze and at the end (goal: always), and each
worker's memory after 20 s of warm-up and after the run (goal: growth under 10 %). Worker recycling
(`max_requests`) is off for the run, so that a leak would show instead of being hidden by restarts.
"""

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tools import loadtest

SEARCHES = [
    "prix", "combien ça coûte", "rembourse secu", "rembourssement", "mésothérapie genou", "effets secondaires",
    "bleus", "douleur dos", "cellulite", "sport tendinite", "contre indications grossesse", "séance durée",
]  # fmt: skip
EDITOR = """
import sys, time
from articles.models import Article
article = Article.objects.get(pk=int(sys.argv[1]))
n = 0
while True:
    n += 1
    article.title_fr = f"Article modifié pendant l’essai {n}"
    article.save()
    print(n, time.time(), flush=True)
    time.sleep(2)
"""


class Command(BaseCommand):
    help = "Soak test: errors, freshness and worker memory under 60 s of load with edits and a Redis freeze."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--freeze", type=float, default=5.0, help="seconds Redis is frozen, mid-run")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, connections, seconds, freeze, port, **options):
        loadtest.wrk_path()
        env, folder = loadtest.bench_database(self.stdout)
        access_log = Path(folder or settings.BASE_DIR) / "soak-access.log"
        with loadtest.RedisServer("--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru") as redis_server:
            env.update(
                GUNICORN_MAX_REQUESTS="0",
                REDIS_URL=redis_server.url,
                DJANGO_CACHE_KEY_PREFIX=f"soak-{port}",
                GUNICORN_ACCESSLOG=str(access_log),
            )
            try:
                loadtest.prepare_database(env, 1000, 300, self.stdout)
                article = loadtest.sample_article_path(env)
                edited_pk, edited_path = self.edited_article(env)
                paths = ["/", article, "/faq/", "/articles/", f"/en{article}", edited_path]
                paths += [f"{article}?rendu=1", f"/en{article}?rendu=1"]
                paths += [f"/recherche/?q={query}" for query in SEARCHES]
                with loadtest.Gunicorn(loadtest.SITE_APPLICATION, port, env) as site:
                    self.stdout.write(f"pages, in turn: {' '.join(paths)}")
                    warm_up = loadtest.run_wrk(site.url, paths, connections, 20)  # to steady state
                    before = site.worker_memory()
                    access_log.write_text("")
                    result = self.run(
                        env, site, redis_server, paths, connections, seconds, freeze, edited_pk, edited_path
                    )
                    after = site.worker_memory()
                # Read before the cleanup: without DATABASE_URL the log lies in the throwaway folder.
                self.report(connections, warm_up, before, after, access_log, **result)
            finally:
                access_log.unlink(missing_ok=True)
                loadtest.cleanup_database(env, folder)

    def edited_article(self, env):
        code = (
            "from articles.models import Article; a = Article.objects.published().filter(slug__startswith='genere-')"
            ".order_by('pk')[10]; print(a.pk, a.get_absolute_url())"
        )
        pk, path = loadtest.manage(env, "shell", "--no-imports", "-c", code).split()[-2:]
        return pk, path

    def run(self, env, site, redis_server, paths, connections, seconds, freeze, edited_pk, edited_path):
        editor = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", EDITOR.replace("sys.argv[1]", edited_pk)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        edits = []
        threading.Thread(target=lambda: edits.extend(line.split() for line in editor.stdout), daemon=True).start()
        window, checks = {}, []

        def freeze_redis():
            time.sleep(seconds / 2 - freeze / 2)
            window["start"] = time.time()
            redis_server.freeze()
            time.sleep(freeze)
            redis_server.thaw()
            window["end"] = time.time()
            time.sleep(2)
            checks.append(("2 s after the freeze", *self.fresh(site, edits, edited_path)))

        freezer = threading.Thread(target=freeze_redis, daemon=True)
        freezer.start()
        load = loadtest.run_wrk(site.url, paths, connections, seconds)
        freezer.join()
        time.sleep(1)
        checks.append(("after the run", *self.fresh(site, edits, edited_path)))
        editor.terminate()
        editor.wait()
        return {"load": load, "window": window, "checks": checks, "edits": len(edits)}

    @staticmethod
    def fresh(site, edits, path):
        """(last committed edit number, the number the edited page shows): they must be equal."""
        last = int(edits[-1][0]) if edits else 0
        page = loadtest.fetch_text(site.url + path)
        marker = "Article modifié pendant l’essai "
        shown = int(re.match(r"\d+", page.split(marker, 1)[1]).group()) if marker in page else 0
        return last, shown

    def report(self, connections, warm_up, before, after, access_log, load, window, checks, edits):
        outside, during, busy = 0, 0, 0
        for line in access_log.read_text().splitlines():
            status, moment = loadtest.access_status(line)
            if status == 503 and "/recherche/?" in line:
                busy += 1  # refused by design: the machine's searches at once were all taken
            elif status is not None and status >= 500:
                if window and window["start"] - 0.5 <= moment <= window["end"] + 1:
                    during += 1
                else:
                    outside += 1
        self.stdout.write(
            f"\n{load.seconds:.0f} s at {connections} connections: {load.requests} requests, {load.rate:.0f} req/s, "
            f"p50 {load.p50_ms:.2f} ms, p99 {load.p99_ms:.2f} ms, wrk errors {load.errors} (warm-up: {warm_up.errors})"
            f"; of the errors, answers other than 2xx/3xx: {load.refused} (every connection is one client: the "
            "search limit answers 429)"
        )
        self.stdout.write(
            f"Redis frozen {window['end'] - window['start']:.1f} s mid-run; answers 5xx: {outside} outside the freeze, "
            f"{during} during it; {edits} edits saved during the run; searches refused with 503 while the "
            f"machine's searches at once were all taken: {busy}"
        )
        stale = [(when, last, shown) for when, last, shown in checks if shown < last]
        for when, last, shown in checks:
            self.stdout.write(f"edited page {when}: last edit saved {last}, page shows edit {shown}")
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
        ok = outside == 0 and not stale and worst < 10
        message = (
            f"5xx outside the freeze {outside} (goal 0), pages older than the last edit {len(stale)} (goal 0), "
            f"largest growth {worst:.1f} % (goal < 10 %)"
        )
        self.stdout.write(self.style.SUCCESS(message) if ok else self.style.WARNING(message + "  MISSED"))
