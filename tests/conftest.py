import os
from pathlib import Path

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.utils import translation

from articles.models import Category, Source
from faq.models import Theme
from mesoinfo.editorial.content import Report, content_directory
from mesoinfo.editorial.models import Contributor
from mesoinfo.pages.content import PagesLoader
from mesoinfo.pages.models import SitePage, SiteSettings
from tests.support.factories import link, make_article, make_medical_reviewer, make_question, make_staff

# Playwright's sync API runs an event loop in the test thread; the ORM calls of test set-up are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    """Browser tests last: like Django's TransactionTestCase, they flush the database when they end."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def _browser_before_database(request):
    """Start Chromium before the test database when browser tests will run.

    Once Playwright's event loop runs, Django hands out other per-context connection objects than those
    made before, and the copy of the migrated data kept for serialized rollback would be lost with them.
    """
    if any(item.get_closest_marker("browser") for item in request.session.items):
        request.getfixturevalue("chromium")


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (see README)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _back_to_french(**kwargs):
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _french():
    """Each test runs in French: a request in English must not leak into the next test, nor into the test's
    own code after the request (slugs are translated: `filter(slug=…)` looks in the active language)."""
    signals.request_finished.connect(_back_to_french)
    with translation.override("fr"):
        yield
    signals.request_finished.disconnect(_back_to_french)


@pytest.fixture
def keep_test_connection():
    """For tests that call the WSGI application themselves, as Django's test client does: the end of a request
    must not close the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def category(db):
    """One of the categories created by the data migration."""
    return Category.objects.get(slug="indications")


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="cout")


@pytest.fixture
def contributor(db):
    return Contributor.objects.create(
        key="redaction-test", name="Rédaction test", qualifications_fr="Équipe", qualifications_en="Team"
    )


@pytest.fixture
def article(category, contributor):
    article = make_article(category, author=contributor)
    Source.objects.create(
        article=article, position=1, title="Rapport", publisher="Inserm", year=2010, no_address="not_online"
    )
    return article


@pytest.fixture
def question(theme, article):
    question = make_question(theme)
    link(question, article)
    return question


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-test-password")
    client.force_login(user)
    return client


@pytest.fixture
def site_pages(db):
    """The five pages about the site (about, legal notice, privacy, accessibility, contact), from their files."""
    PagesLoader(content_directory(PagesLoader), Report()).load_site_pages()
    return list(SitePage.objects.all())


@pytest.fixture
def writer(db):
    return make_staff("redactrice", "Rédaction")


@pytest.fixture
def reviewer(db):
    """A physician of the medical review group, whose account signs off pages as their reviewer profile."""
    user = make_staff("medecin", "Relecture médicale")
    make_medical_reviewer(user)
    return user


@pytest.fixture
def signoff_not_required(db):
    """The site setting "medical sign-off required" off, for tests of editing that are not about the sign-off
    (tests/editorial/test_signoff.py covers it): staff then save online pages as they did before it."""
    site_settings = SiteSettings.load()
    site_settings.medical_signoff_required = False
    site_settings.save()
    return site_settings


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, through the default storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
