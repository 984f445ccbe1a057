import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Source
from mesoinfo.models import Condition, GlossaryTerm, Synonym
from tests.conftest import make_article, make_question

pytestmark = pytest.mark.django_db

# On PostgreSQL the search runs in a transaction with one SET LOCAL (in tests: a savepoint, its release and
# the SET; in production BEGIN and COMMIT, which Django does not count).
SEARCH_TRANSACTION = 3 if connection.vendor == "postgresql" else 0
# The most queries each page may make, whatever the amount of content.
BUDGET = {
    "home": 6,
    "articles": 2,
    "category": 2,
    "article": 7,
    "faq": 2,
    "theme": 2,
    "question": 4,
    "search": 4 + SEARCH_TRANSACTION,
    "search_nothing_found": 5 + SEARCH_TRANSACTION,
    "search_some_words": 5 + SEARCH_TRANSACTION,
    "glossary": 1,
    "conditions": 1,
    "condition": 3,
}


@pytest.fixture
def condition(db):
    return Condition.objects.create(slug="arthrose", name_fr="Arthrose", name_en="Osteoarthritis")


def page_paths(article, question, condition):
    return {
        "home": "/",
        "articles": "/articles/",
        "category": article.category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "faq": "/faq/",
        "theme": question.theme.get_absolute_url(),
        "question": question.get_absolute_url(),
        "search": "/recherche/?q=num%C3%A9ro",
        "search_nothing_found": "/recherche/?q=xylophone",
        "search_some_words": "/recherche/?q=num%C3%A9ro+xylophone",
        "glossary": "/glossaire/",
        "conditions": "/je-cherche-pour/",
        "condition": condition.get_absolute_url(),
    }


def count_queries(client, paths):
    client.get("/")  # the cached site settings are loaded once, not per page
    counts = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[name] = len(queries)
    return counts


def add_content(category, theme, article, condition, number):
    for n in range(number):
        other = make_article(category, position=n)
        other.conditions.add(condition, Condition.objects.create(slug=f"probleme-{n}", name_fr=f"Problème {n}"))
        Source.objects.create(article=other, title="Source", publisher="Inserm")
        Source.objects.create(article=article, title="Autre source")
        question = make_question(theme, home_position=n % 5 + 1)
        question.related_articles.add(article, other)
        question.conditions.add(condition)
        GlossaryTerm.objects.create(slug=f"terme-{n}", term_fr=f"terme{n}", definition_fr="Une définition.")
        Synonym.objects.create(phrase=f"mot{n}", alternatives="numéro")


def test_queries_do_not_grow_with_content(client, category, theme, article, question, condition):
    article.conditions.add(condition)
    question.conditions.add(condition)
    paths = page_paths(article, question, condition)
    with_one = count_queries(client, paths)
    add_content(category, theme, article, condition, 49)
    with_fifty = count_queries(client, paths)
    assert with_one == with_fifty
    for name, count in with_fifty.items():
        assert count <= BUDGET[name], f"{name}: {count} queries"
