import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Source
from faq.models import Question
from mesoinfo.loadtest import generate_content

pytestmark = pytest.mark.django_db

# The most queries each page may make when it is rendered (not served from the page cache), whatever the
# amount of content: with 1 or 1,000 articles, questions and sources.
BUDGET = {"home": 4, "articles": 2, "category": 2, "article": 3, "faq": 2, "theme": 2, "question": 2}


def page_paths(article, question):
    return {
        "home": "/",
        "articles": "/articles/",
        "category": article.category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "faq": "/faq/",
        "theme": question.theme.get_absolute_url(),
        "question": question.get_absolute_url(),
    }


def count_queries(client, paths, query=""):
    for _ in range(2):  # the site settings are created once (a write, which renews the cache), then cached
        client.get("/")
    counts = {}
    for name, path in paths.items():
        for prefix in ("", "/en"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{prefix}{path}{query}").status_code == 200, path
            counts[f"{prefix}{name}"] = len(queries)
    return counts


def add_content(article, question, number):
    """`number` more articles and questions; the measured article gets `number` more sources and questions."""
    _articles, questions = generate_content(number, number)
    Source.objects.bulk_create(Source(article=article, title=f"Source {n}") for n in range(number))
    Question.related_articles.through.objects.bulk_create(
        Question.related_articles.through(question=other, article=article) for other in questions
    )
    question.related_articles.add(*_articles[:number])


def test_pages_make_a_fixed_number_of_queries_and_none_once_cached(client, article, question):
    paths = page_paths(article, question)
    with_one = count_queries(client, paths, "?rendu=1")  # a query string: rendered, never from the cache
    add_content(article, question, 999)
    with_thousand = count_queries(client, paths, "?rendu=1")
    assert with_one == with_thousand
    for name, count in with_thousand.items():
        assert count <= BUDGET[name.removeprefix("/en")], f"{name}: {count} queries"
    count_queries(client, paths)  # rendered and stored…
    assert set(count_queries(client, paths).values()) == {0}  # …then served from the page cache
