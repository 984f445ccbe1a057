"""Run Lighthouse (mobile profile) on the main page types of a running server and print the four scores.

Used by `make lighthouse`, which starts gunicorn with production settings first. Lighthouse comes from
the npm registry (installed by the Makefile into .lighthouse/) and drives Debian's Chromium.
"""

import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GOALS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")  # Debian's, which Lighthouse drives
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


class Command(BaseCommand):
    help = "Print Lighthouse's four scores for the home page, an article, the FAQ and the search page."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
        parser.add_argument("--lighthouse", default=str(settings.BASE_DIR / ".lighthouse/node_modules/.bin/lighthouse"))

    def handle(self, *args, base_url, lighthouse, **options):
        if not Path(lighthouse).exists():
            raise CommandError(f"Lighthouse not found at {lighthouse}: run `make lighthouse`.")
        if not Path(CHROME).exists():
            raise CommandError(f"Chromium not found at {CHROME}: `apt-get install chromium` or set CHROME_PATH.")
        article = Article.objects.published().select_related("category").order_by("pk").first()
        if article is None:
            raise CommandError("No published article: run `python manage.py load_content` first.")
        pages = {
            "home": "/",
            "article": article.get_absolute_url(),
            "faq": "/faq/",
            "search": "/recherche/?q=prix",
        }
        self.stdout.write(f"{'page':10} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        failures = []
        for name, path in pages.items():
            url = base_url + path
            if not self._answers(url):
                self.stdout.write(f"{name:10} " + " ".join(f"{'n/a':>15}" for _ in CATEGORIES) + f"  ({path})")
                failures.append(f"{name} does not answer 200")
                continue
            scores, failed_audits = self._scores(lighthouse, url)
            self.stdout.write(f"{name:10} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES) + f"  ({path})")
            failures += [
                f"{name} {c} {scores[c]} < {GOALS[c]} (failed audits: {', '.join(failed_audits[c]) or 'none'})"
                for c in CATEGORIES
                if scores[c] < GOALS[c]
            ]
        if failures:
            self.stdout.write(self.style.WARNING("below goal: " + "; ".join(failures)))
        else:
            self.stdout.write(self.style.SUCCESS("every page meets the goals (98 / 100 / 100 / 100)"))

    @staticmethod
    def _answers(url):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own local server)
                return response.status == 200
        except urllib.error.URLError:
            return False

    def _scores(self, lighthouse, url, attempts=3):
        """Lighthouse sometimes fails to record a trace (NO_NAVSTART) and asks to be run again: up to 3 tries."""
        for attempt in range(1, attempts + 1):
            data = self._report(lighthouse, url)
            if data is not None:
                break
            self.stderr.write(f"Lighthouse failed on {url} (attempt {attempt} of {attempts}).")
        else:
            raise CommandError(f"Lighthouse failed {attempts} times on {url}: see its output above.")
        scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
        failed_audits = {
            c: [
                ref["id"]
                for ref in data["categories"][c]["auditRefs"]
                if ref["weight"] and (data["audits"][ref["id"]]["score"] or 0) < 1
            ]
            for c in CATEGORIES
        }
        return scores, failed_audits

    @staticmethod
    def _report(lighthouse, url):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            finished = subprocess.run(  # noqa: S603 (the project's own Lighthouse install)
                [
                    lighthouse,
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env={**os.environ, "CHROME_PATH": CHROME},
                timeout=180,
            )
            if finished.returncode != 0 or not report.exists():
                return None
            return json.loads(report.read_text())
