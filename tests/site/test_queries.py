import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Source
from faq.models import Question
from mesoinfo.editorial.models import GlossaryTerm
from mesoinfo.pages.models import Condition
from mesoinfo.search.models import Synonym
from tests.support.factories import link
from tools.loadtest import generate_content

pytestmark = pytest.mark.django_db

# The most queries each page may make when it is rendered (not served from the page cache), whatever the
# amount of content: with 1 or 1,000 articles, questions and sources.
# A question lists the sources of its related articles: one query more than its related articles alone.
# The sitemap reads each of its sections once (plus the latest update of articles and questions); the feed once.
# Home: its five questions and the health problems; article: images, health problems, its links to other
# pages (one query) and the linked questions, related articles and previous/next; question: its health
# problems, its links and the linked articles, and the other questions of its theme. A search reads the words
# and synonyms of its query, ranks the pages and reads those of the results page; a word of no page costs the
# closest words; a search without result offers the sections of each page type and the health problems.
BUDGET = {
    "home": 6,
    "articles": 2,
    "category": 2,
    "article": 9,
    "faq": 2,
    "theme": 2,
    "question": 6,
    "site page": 1,
    "sitemap": 8,
    "feed": 1,
    "robots": 0,
    "search": 3,
    "search_nothing_found": 6,
    "search_some_words": 4,
    "glossary": 1,
    "conditions": 1,
    "condition": 3,
}
# One address for both languages.
UNPREFIXED = {"sitemap", "robots"}
# Searches depend on their query string: rendered every time, never from the page cache.
SEARCHES = {"search", "search_nothing_found", "search_some_words"}
# English pages are searched in English: the French word would find nothing there (a page with other queries).
IN_FRENCH = {"search": "num%C3%A9ro", "search_nothing_found": "xylophone", "search_some_words": "num%C3%A9ro+xylophone"}
IN_ENGLISH = {"search": "number", "search_nothing_found": "xylophone", "search_some_words": "number+xylophone"}


@pytest.fixture
def condition(db):
    return Condition.objects.create(slug="arthrose", name_fr="Arthrose", name_en="Osteoarthritis")


def page_paths(article, question, site_page, condition):
    """{name: {language: path}} of each kind of page, at its address in each language."""
    pages = {
        "category": article.category,
        "article": article,
        "theme": question.theme,
        "question": question,
        "site page": site_page,
        "condition": condition,
    }
    views = {"home": "home", "articles": "articles:index", "faq": "faq:index", "glossary": "glossary"}
    views |= {"conditions": "condition_list"}
    paths = {}
    for language in ("fr", "en"):
        with translation.override(language):
            found = {name: reverse(view) for name, view in views.items()}
            found |= {name: page.get_absolute_url() for name, page in pages.items()}
            found |= {"feed": reverse("feed"), "sitemap": "/sitemap.xml", "robots": "/robots.txt"}
            search = reverse("search")
        words = IN_ENGLISH if language == "en" else IN_FRENCH
        found |= {name: f"{search}?q={query}" for name, query in words.items()}
        for name, path in found.items():
            paths.setdefault(name, {})[language] = path
    return paths


def count_queries(client, paths, query=""):
    for _ in range(2):  # the site settings are created once (a write, which renews the cache), then cached
        client.get("/")
    counts = {}
    for name, addresses in paths.items():
        for language in ("fr",) if name in UNPREFIXED else ("fr", "en"):
            path = addresses[language]
            separator = "&" if "?" in path else "?"
            address = f"{path}{separator}{query}" if query else path
            client.get(address)  # what a process reads once and keeps (whatever earlier tests left) is read now
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200, address
            counts[f"{name} (en)" if language == "en" else name] = len(queries)
    return counts


def add_content(article, question, condition, number):
    """`number` more articles, questions, health problems, glossary terms and synonyms; the measured article
    gets `number` more sources and questions, and shares its health problem with every new page."""
    articles, questions = generate_content(number, number)
    Source.objects.bulk_create(Source(article=article, title=f"Source {n}") for n in range(number))
    for other in questions:
        link(other, article)
    link(question, *articles[:number])
    conditions = Condition.objects.bulk_create(
        Condition(slug=f"probleme-{n}", name_fr=f"Problème {n}") for n in range(number)
    )
    Article.conditions.through.objects.bulk_create(
        Article.conditions.through(article=other, condition=tag)
        for other, tag in zip(articles, conditions, strict=True)
    )
    condition.articles.add(*articles)
    condition.questions.add(*questions)
    Question.objects.filter(pk__in=[q.pk for q in questions[:5]]).update(home_position=1)
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(slug=f"terme-{n}", term_fr=f"terme{n}", definition_fr="Une définition.") for n in range(number)
    )
    Synonym.objects.bulk_create(Synonym(phrase=f"mot{n}", key=f"mot{n}", alternatives="numéro") for n in range(number))


def test_pages_make_a_fixed_number_of_queries_and_none_once_cached(
    client, article, question, site_pages, condition, capsys, settings
):
    settings.SEARCH_CACHE_SECONDS = 0  # every search is run, as a new query is: its queries are counted
    settings.SEARCH_RATE_LIMIT = 0
    article.conditions.add(condition)
    question.conditions.add(condition)
    paths = page_paths(article, question, site_pages[0], condition)
    with_one = count_queries(client, paths, "rendu=1")  # a query string: rendered, never from the cache
    add_content(article, question, condition, 999)
    with_thousand = count_queries(client, paths, "rendu=1")
    with capsys.disabled():
        print("\nqueries per page, with 1 and with 1,000 articles, questions and sources:", with_thousand)
    assert with_one == with_thousand
    for name, count in with_thousand.items():
        assert count <= BUDGET[name.removesuffix(" (en)")], f"{name}: {count} queries"
    pages = {name: path for name, path in paths.items() if name not in SEARCHES}
    count_queries(client, pages)  # rendered and stored…
    assert set(count_queries(client, pages).values()) == {0}  # …then served from the page cache
