"""Pages of results kept in the cache: a query asked again costs no query, and nothing is served stale."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from faq.models import Question
from mesoinfo.pagecache import cache as pagecache
from mesoinfo.search.models import PendingPage
from tests.support.factories import make_article, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.SEARCH_RATE_LIMIT = 0
    settings.SEARCH_CACHE_SECONDS = 600


def get(client, query, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def warm_generation(client):
    """A visitor's page makes the page cache's generation, which searches are kept under (twice: the first
    request of a test creates the site settings, a write that ends the generation)."""
    for _ in range(2):
        client.get("/")


def test_a_query_asked_again_comes_from_the_cache(client, category):
    article = make_article(category, title_fr="Le périoste")
    warm_generation(client)
    first, queries = get(client, "périoste")
    assert queries > 0 and article.get_absolute_url() in first
    again, queries = get(client, "périoste")
    assert (again, queries) == (first, 0)
    _other_page, queries = get(client, "périoste", page=2)
    assert queries > 0


def test_an_edit_and_a_synonym_renew_the_pages_of_results(client, staff_client, category):
    article = make_article(category, title_fr="Le périoste")
    warm_generation(client)
    get(client, "os")
    article.title_fr = "Le périoste et l'os"
    article.save()
    warm_generation(client)
    html, queries = get(client, "os")
    assert queries > 0 and article.get_absolute_url() in html
    get(client, "membrane")
    response = staff_client.post(
        reverse("admin:search_synonym_add"), {"language": "fr", "phrase": "membrane", "alternatives": "périoste"}
    )
    assert response.status_code == 302
    warm_generation(client)
    html, queries = get(client, "membrane")
    assert queries > 0 and article.get_absolute_url() in html


def test_a_scheduled_page_appears_at_its_date_even_for_a_cached_query(client, theme, monkeypatch):
    make_question(theme, question_fr="Un hématome, que faire ?")
    scheduled = make_question(
        theme, question_fr="Un hématome tardif ?", published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    warm_generation(client)
    html, _queries = get(client, "hématome")
    assert scheduled.get_absolute_url() not in html
    # An hour later (the page cache's clock and the database's):
    later = pagecache.now() + 3601
    monkeypatch.setattr(pagecache, "now", lambda: later)
    Question._base_manager.filter(pk=scheduled.pk).update(published_at=timezone.now())
    PendingPage.objects.update(due=timezone.now())
    html, queries = get(client, "hématome")
    assert queries > 0 and scheduled.get_absolute_url() in html


def test_staff_and_long_queries_are_always_rendered(client, staff_client, category):
    make_article(category, title_fr="Le périoste")
    warm_generation(client)
    long_query = "périoste " + " ".join(f"mot{n}" for n in range(20))
    for _ in range(2):
        assert get(client, long_query)[1] > 0
    get(client, "périoste")
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get("/recherche/", {"q": "périoste"}).status_code == 200
    assert len(queries) > 0
