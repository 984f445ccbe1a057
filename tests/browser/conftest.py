"""Browser tests: Debian's Chromium driven by Playwright against a live server of the site.

The live server serves static files through WhiteNoise from STATIC_ROOT (what `make test` collected),
as production does. Set CHROMIUM_PATH to use another Chromium binary.
"""

import time
from pathlib import Path

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def live_url(chromium, django_db_setup, django_db_blocker):
    """A live server on 127.0.0.1 over the test database, with the whole middleware stack.

    Chromium starts first (see tests/conftest.py).
    """
    with django_db_blocker.unblock():
        overrides = {}
        for conn in connections.all():
            if conn.vendor == "sqlite" and conn.is_in_memory_db():
                conn.inc_thread_sharing()  # the server thread shares the in-memory test database
                overrides[conn.alias] = conn
        thread = LiveServerThread("127.0.0.1", lambda handler: handler, connections_override=overrides, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in overrides.values():
        conn.dec_thread_sharing()


@pytest.fixture
def site(live_url, transactional_db, django_db_serialized_rollback):
    """The live site's address, with a database that keeps its migrated data between tests."""
    return live_url


class PageProblems:
    """Console errors (CSP violations included) and failed requests seen while a page was open.

    It also follows the page's requests, for `wait_until_quiet`.
    """

    def __init__(self, page):
        self.page = page
        self.messages = []
        self.pending = set()
        self.last_activity = time.monotonic()
        page.on("console", lambda msg: msg.type == "error" and self.messages.append(msg.text))
        page.on("pageerror", lambda error: self.messages.append(str(error)))
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._failed)

    def _started(self, request):
        self.pending.add(request)
        self.last_activity = time.monotonic()

    def _ended(self, request):
        self.pending.discard(request)
        self.last_activity = time.monotonic()

    def _failed(self, request):
        self._ended(request)
        self.messages.append(f"failed: {request.url}")

    def wait_until_quiet(self, quiet=0.5, timeout=30):
        """Wait until the page has loaded and no request has been under way for `quiet` seconds.

        Playwright's own "networkidle" state can be lost when requests start and end before the page's
        DOMContentLoaded (answers from the memory cache do), and is then waited for in vain: this counts the
        requests itself, and names those still under way if the page never goes quiet.
        """
        self.page.wait_for_load_state("load")
        deadline = time.monotonic() + timeout
        while self.pending or time.monotonic() - self.last_activity < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"still loading after {timeout} s: {sorted(r.url for r in self.pending)}")
            self.page.wait_for_timeout(50)
        self.page.evaluate("document.fonts.ready.then(() => true)")  # the text laid out in its own fonts


def _new_page(chromium, **options):
    context = chromium.new_context(locale="fr-FR", **options)
    page = context.new_page()
    page.problems = PageProblems(page)
    return context, page


@pytest.fixture
def page(chromium):
    context, page = _new_page(chromium, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def new_page(chromium):
    """Make more pages with their own options (viewport, JavaScript off…)."""
    contexts = []

    def make(**options):
        context, page = _new_page(chromium, **options)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    take.folder = ARTIFACTS
    return take
