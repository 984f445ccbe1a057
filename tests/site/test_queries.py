import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Source
from faq.models import Question
from mesoinfo.loadtest import generate_content

pytestmark = pytest.mark.django_db

# The most queries each page may make when it is rendered (not served from the page cache), whatever the
# amount of content: with 1 or 1,000 articles, questions and sources.
# A question lists the sources of its related articles: one query more than its related articles alone.
# The sitemap reads each of its sections once (plus the latest update of articles and questions); the feed once.
BUDGET = {
    "home": 4,
    "articles": 2,
    "category": 2,
    "article": 4,  # one query for its images
    "faq": 2,
    "theme": 2,
    "question": 3,
    "site page": 1,
    "sitemap": 7,
    "feed": 1,
    "robots": 0,
}
# One address for both languages.
UNPREFIXED = {"sitemap", "robots"}


def page_paths(article, question, site_page):
    return {
        "home": "/",
        "articles": "/articles/",
        "category": article.category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "faq": "/faq/",
        "theme": question.theme.get_absolute_url(),
        "question": question.get_absolute_url(),
        "site page": site_page.get_absolute_url(),
        "sitemap": "/sitemap.xml",
        "feed": "/flux.atom",
        "robots": "/robots.txt",
    }


def count_queries(client, paths, query=""):
    for _ in range(2):  # the site settings are created once (a write, which renews the cache), then cached
        client.get("/")
    counts = {}
    for name, path in paths.items():
        for prefix in ("",) if name in UNPREFIXED else ("", "/en"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{prefix}{path}{query}").status_code == 200, path
            counts[f"{name} (en)" if prefix else name] = len(queries)
    return counts


def add_content(article, question, number):
    """`number` more articles and questions; the measured article gets `number` more sources and questions."""
    _articles, questions = generate_content(number, number)
    Source.objects.bulk_create(Source(article=article, title=f"Source {n}") for n in range(number))
    Question.related_articles.through.objects.bulk_create(
        Question.related_articles.through(question=other, article=article) for other in questions
    )
    question.related_articles.add(*_articles[:number])


def test_pages_make_a_fixed_number_of_queries_and_none_once_cached(client, article, question, site_pages, capsys):
    paths = page_paths(article, question, site_pages[0])
    with_one = count_queries(client, paths, "?rendu=1")  # a query string: rendered, never from the cache
    add_content(article, question, 999)
    with_thousand = count_queries(client, paths, "?rendu=1")
    with capsys.disabled():
        print("\nqueries per page, with 1 and with 1,000 articles, questions and sources:", with_thousand)
    assert with_one == with_thousand
    for name, count in with_thousand.items():
        assert count <= BUDGET[name.removesuffix(" (en)")], f"{name}: {count} queries"
    count_queries(client, paths)  # rendered and stored…
    assert set(count_queries(client, paths).values()) == {0}  # …then served from the page cache
