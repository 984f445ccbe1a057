import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Source
from tests.conftest import make_article, make_question

pytestmark = pytest.mark.django_db

# The most queries each page may make, whatever the amount of content.
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


def count_queries(client, paths):
    client.get("/")  # the cached site settings are loaded once, not per page
    counts = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[name] = len(queries)
    return counts


def add_content(category, theme, article, number):
    for n in range(number):
        other = make_article(category, title_en="" if n % 2 else "Translated")  # half of them French only
        Source.objects.create(article=other, title="Source", publisher="Inserm")
        Source.objects.create(article=article, title="Autre source")
        question = make_question(theme)
        question.related_articles.add(article, other)


def test_queries_do_not_grow_with_content(client, category, theme, article, question, site_pages, capsys):
    paths = page_paths(article, question, site_pages[0])
    with_one = count_queries(client, paths)
    add_content(category, theme, article, 49)
    with_fifty = count_queries(client, paths)
    with capsys.disabled():
        print("\nqueries per page, with 1 and with 50 articles and questions:", with_one, with_fifty)
    assert with_one == with_fifty
    for name, count in with_fifty.items():
        assert count <= BUDGET[name], f"{name}: {count} queries"
