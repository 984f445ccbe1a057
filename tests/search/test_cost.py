"""What one search costs is bounded whatever its words: a few queries, a few words looked up for spelling
through the trigram index, at most MAX_CONCEPTS concepts and a bounded number of candidates (EXPLAIN on
PostgreSQL shows the indexes at work)."""

import random
import string

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mesoinfo.editorial.content import ContentLoader
from mesoinfo.search import analysis, backends, ranking
from mesoinfo.search.engine import PAGE_SIZE, search
from mesoinfo.search.models import SearchDocument
from mesoinfo.search.query import MAX_CONCEPTS, MAX_CORRECTED
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"
FLOOD = " ".join("".join(random.Random(n).choices(string.ascii_lowercase, k=4)) for n in range(40))


@pytest.fixture
def looked_up(monkeypatch):
    """The words each search looks up for spelling."""
    calls = []
    backend = type(backends.get_backend())
    original = backend.closest_words

    def closest_words(self, language, words):
        calls.append(list(words))
        return original(self, language, words)

    monkeypatch.setattr(backend, "closest_words", closest_words)
    return calls


def queries_of(text, language="fr"):
    """The queries of one search; on PostgreSQL, a connection prepares its statements on its first search: that
    is not counted (see test_postgresql_prepares_the_search_once_per_connection)."""
    with CaptureQueriesContext(connection) as queries:
        _query, _results, page = search(text, language)
        list(page)
    return [query["sql"] for query in queries if not query["sql"].startswith("PREPARE ")]


def test_a_search_makes_a_few_queries_whatever_it_asks(category, looked_up):
    for number in range(30):
        make_article(category, title_fr=f"Le genou, partie {number}", body_fr="<p>Le genou et la cheville.</p>")
    # The words and synonyms, the ranking, the rows of the page (on PostgreSQL, the ranking reads the rows of
    # its first RESCORED results with them: pages 1 to 3 of results need no query of their own).
    page_rows = 0 if POSTGRES else 1
    assert len(queries_of("genou")) == 2 + page_rows
    assert len(queries_of("genouu")) == 3 + page_rows  # and the closest words
    assert len(queries_of("genou xylophone")) == 3 + page_rows  # the pages with the known word in their title
    assert len(queries_of("cheville xylophone")) == 4 + page_rows  # nothing has both: then the pages with either
    flood = queries_of(FLOOD)
    assert len(flood) <= 5
    assert all(len(words) <= MAX_CORRECTED for words in looked_up)


@pytest.mark.skipif(not POSTGRES, reason="the ranking of PostgreSQL reads the rows of its first results")
def test_a_page_of_results_beyond_the_rows_read_with_the_ranking_reads_its_own(category):
    for number in range(45):
        make_article(category, title_fr=f"Le genou, partie {number}", body_fr="<p>Le genou et la cheville.</p>")
    every = []
    for number in (1, 2, 3, 4, 5):
        with CaptureQueriesContext(connection) as queries:
            _query, _results, page = search("genou", "fr", number)
            every += [result.title_html for result in page]
        rows_read = [query for query in queries if query["sql"].lstrip().startswith("SELECT id, content_type_id")]
        assert len(rows_read) == (0 if number <= backends.RESCORED // PAGE_SIZE else 1), number
    assert len(every) == 45
    assert len(set(every)) == 45  # each page once, whichever query read it


def test_the_places_of_the_query_stems_are_read_from_the_head_vector_text():
    vector = "'acid':1A 'genou':2A,7B,12C 'hanch':3 'peau':8B"
    places = backends.head_places(vector, ["genou", "peau", "hanch", "absent", "acid"])
    assert places == {
        "genou": {ranking.TITLE, ranking.SUMMARY, ranking.HEADING},
        "peau": {ranking.SUMMARY},
        "hanch": set(),
        "acid": {ranking.TITLE},
    }
    assert backends.head_places("'genoux':1A", ["genou"]) == {}  # a whole lexeme, not its start


@pytest.mark.skipif(not POSTGRES, reason="the text of PostgreSQL's vectors")
def test_the_head_vector_is_read_as_postgresql_writes_it(category):
    make_article(
        category,
        title_fr="Genou et cheville",
        summary_fr="Le genou fait mal.",
        body_fr="<h2>Le genou</h2><p>Un texte sur la hanche.</p>",
    )
    document = SearchDocument.objects.get(language="fr", title="Genou et cheville")
    with connection.cursor() as cursor:
        cursor.execute("SELECT head_vector::text FROM search_searchdocument WHERE id = %s", [document.pk])
        (vector,) = cursor.fetchone()
    stems = [analysis.token_stem(word, "fr") for word in ("genou", "cheville", "hanche")]
    assert backends.head_places(vector, stems) == {
        stems[0]: {ranking.TITLE, ranking.SUMMARY, ranking.HEADING},
        stems[1]: {ranking.TITLE},
    }  # the body is not in the head


def test_a_flood_of_random_words_is_cut_short(category, looked_up):
    make_article(category, title_fr="Le genou")
    query, _results, _page = search(FLOOD, "fr")
    assert len(query.required) == MAX_CONCEPTS
    assert len(query.ignored) == 40 - MAX_CONCEPTS
    assert looked_up == [FLOOD.split()[:MAX_CORRECTED]]


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's query plans")
def test_postgresql_answers_from_its_indexes(category):
    ContentLoader().load()
    sql = queries_of("rembourssement sécu")
    closest = next(statement for statement in sql if "similarity(" in statement)
    ranking = next(statement for statement in sql if "EXECUTE search_ranked(" in statement)
    for statement in (closest, ranking):
        assert statement.lstrip().startswith(backends.PostgresBackend.ON_INDEXES)
    on_indexes = backends.PostgresBackend.ON_INDEXES
    explained = {
        "closest": closest.replace(on_indexes, f"{on_indexes} EXPLAIN", 1),
        # The ranking as it runs: the plan prepared for every search (EXPLAIN EXECUTE shows it).
        "ranking": ranking.replace(" EXECUTE ", " EXPLAIN EXECUTE ", 1),
    }
    plans = {}
    with connection.cursor() as cursor:
        for name, statement in explained.items():
            cursor.execute(statement)
            plans[name] = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on search_searchword_trigram" in plans["closest"], plans["closest"]
    assert "Seq Scan" not in plans["closest"]
    assert "Bitmap Index Scan on search_searchdocument_head" in plans["ranking"], plans["ranking"]
    assert "Bitmap Index Scan on search_searchdocument_vector" in plans["ranking"], plans["ranking"]
    assert "Seq Scan" not in plans["ranking"]


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's prepared statements")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as the browser tests, which run after it
def test_postgresql_prepares_the_search_once_per_connection(category):
    make_article(category, title_fr="Le genou", body_fr="<p>Le genou et la cheville.</p>")
    connection.close()  # a new connection, as a worker opens one
    prepared = []
    for text in ("genou", "cheville", "genou cheville"):
        with CaptureQueriesContext(connection) as queries:
            _query, _results, page = search(text, "fr")
            assert [result.url for result in page]
        prepared.append([query["sql"].split(" AS ")[0] for query in queries if query["sql"].startswith("PREPARE ")])
    assert prepared == [["PREPARE search_vocabulary", "PREPARE search_ranked"], [], []]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements ORDER BY name")
        assert [name for (name,) in cursor.fetchall()] == ["search_ranked", "search_vocabulary"]
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        search("genou", "fr")[2].object_list  # noqa: B018 (reading the page runs the search)
    assert sum(query["sql"].startswith("PREPARE ") for query in queries) == 2  # prepared again on the new one
