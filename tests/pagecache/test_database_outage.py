"""A database outage, for real: the site runs on a PostgreSQL server of its own, which the test stops and
starts again (the machine's shared server is never touched).

While the server is down, cached pages are still served, other pages get the French 503 page with
Retry-After, /readyz says 503 and /healthz 200; once it is back, the same gunicorn serves every page again.
"""

import json

from tests.support.servers import Browser, PrivatePostgres, free_port, prepare_site, production_env
from tools.loadtest import SITE_APPLICATION, Gunicorn


def test_the_site_rides_out_a_database_outage_and_recovers_without_restart(tmp_path):
    with PrivatePostgres() as database:
        # One worker: its memory holds the cached pages (no Redis here), so every request sees them.
        env = production_env(
            DATABASE_URL=database.url,
            GUNICORN_WORKERS="1",
            DJANGO_PAGE_CACHE_GENERATION_FILE=str(tmp_path / "generation"),
        )
        prepare_site(env)
        with Gunicorn(SITE_APPLICATION, free_port(), env, log=tmp_path / "gunicorn.log") as site:
            visitor = Browser(site.url)
            home = [visitor.get("/") for _ in range(3)][-1]
            assert home.status == 200 and visitor.get("/readyz").status == 200

            database.stop()
            cached = visitor.get("/")
            assert cached.status == 200 and cached.text == home.text
            # Neither visited nor warmed up (mesoinfo/pagecache/warmup.py): not cached.
            unavailable = visitor.get("/glossaire/")
            assert unavailable.status == 503
            assert unavailable.getheader("Retry-After") == "30"
            assert "no-store" in unavailable.getheader("Cache-Control")
            assert "temporairement indisponible" in unavailable.text and '<html lang="fr">' in unavailable.text
            english = visitor.get("/en/glossary/")
            assert english.status == 503 and "temporarily unavailable" in english.text
            ready = visitor.get("/readyz")
            assert ready.status == 503 and json.loads(ready.text)["database"] == "unavailable"
            assert visitor.get("/healthz").status == 200

            assert visitor.get("/faq/").status == 200, "warmed up when the worker started: in its cache"

            database.start()
            assert visitor.get("/glossaire/").status == 200
            assert visitor.get("/readyz").status == 200
