"""The two ways of finding the candidates of an analysed query: PostgreSQL full-text search, and a fallback
for SQLite. Both read the same stems (see `analysis`) and order the candidates with the same score
(`ranking`), so that they find the same pages in the same order.

A page is a candidate when it has every required concept, or the rarest of them in its title, summary or
headings ("une boule sous la peau" finds "Une boule est apparue…"); when none has them all, when it has one
of them (`partial`). The cost of a query is bounded whatever its words: PostgreSQL takes at most
HEAD_CANDIDATES pages with every concept in their title, summary or headings, BODY_CANDIDATES others and
RARE_CANDIDATES with the rarest concept in their head (GIN indexes, no vector read), orders them on the small
title-and-summary vector kept in the row, and scores the first RESCORED in full; beyond MAX_RESULTS, a more
precise query helps more than page 21.

Each gives a result list that Django's `Paginator` can page through (`count()`, then one slice), made of
`Result` objects (see `snippets`).
"""

import difflib
import re

from django.db import connection
from django.utils import timezone

from mesoinfo.editorial.text import split_list
from mesoinfo.search.index import DOCUMENT_COUNT, uses_postgres
from mesoinfo.search.models import PendingPage, SearchDocument, SearchWord, Synonym
from mesoinfo.search.query import Vocabulary, WordMatch
from mesoinfo.search.ranking import BODY, HEADING, SUMMARY, TITLE, Candidate, phrase_params, rank
from mesoinfo.search.snippets import Result

MAX_RESULTS = 200
HEAD_CANDIDATES = 250
BODY_CANDIDATES = 250
RARE_CANDIDATES = 50
RESCORED = 30  # PostgreSQL: the first candidates of the cheap order that get the whole score (three pages)
SEPARATOR = "\x1f"
WEIGHT_PLACES = {"A": TITLE, "B": SUMMARY, "C": HEADING}

SHOWN = (
    "id", "content_type_id", "title", "summary", "body", "normalised_summary", "normalised_body", "url",
    "section_name", "section_url",
)  # fmt: skip


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


class ResultList:
    """A query's results for `Paginator`: counting runs the search, which also reads the rows of the page
    asked for (`first`, `last`: 1-based positions); another page is read by its ids."""

    def __init__(self, backend, query, first, last):
        self.backend, self.query = backend, query
        self.first, self.last = first, last
        self.partial = False
        self.total = None
        self.ids = []
        self.rows = {}

    def count(self):
        """How many results one can page through: at most MAX_RESULTS."""
        if self.total is None:
            found, complete = self.backend.find(self.query, partial=False)
            if not found and len(self.query.required) > 1:
                found, complete = self.backend.find(self.query, partial=True)
            self.total, self.ids, self.partial = len(found), [page.id for page in found], bool(found) and not complete
            self.rows = {page.id: page.shown for page in found if page.shown is not None}  # read with the ranking
            self._read(self.ids[self.first - 1 : self.last])
        return min(self.total, MAX_RESULTS)

    @property
    def more_than_shown(self):
        return self.total > MAX_RESULTS

    def _read(self, ids):
        """Read the rows of those of `ids` not read yet: one query, or none."""
        missing = [pk for pk in ids if pk not in self.rows]
        if missing:
            self.rows.update(self.backend.rows(missing))

    def __getitem__(self, window):
        ids = self.ids[:MAX_RESULTS][window]
        self._read(ids)
        return [Result.of(self.rows[pk], self.query) for pk in ids if pk in self.rows]


class NoResults:
    partial = False
    total = 0
    more_than_shown = False

    def count(self):
        return 0

    def __getitem__(self, window):
        return []


class Backend:
    def results(self, query, first, last):
        return ResultList(self, query, first, last) if query.required else NoResults()

    def find(self, query, partial):
        """(the results in order (`Candidate`), at most MAX_RESULTS + 1; whether one of them has every
        required concept)."""
        ranked = self.ranked(query, partial)[: MAX_RESULTS + 1]
        return ranked, any(candidate.complete for candidate in ranked)

    def _fetch(self, name, sql, params, settings=""):
        """The rows of `sql`, run after `settings` (SQL; `name` names the query: PostgreSQL prepares it once per
        connection)."""
        with connection.cursor() as cursor:
            cursor.execute(f"{settings} {sql}", params)
            return cursor.fetchall()

    def rows(self, ids):
        """{id: row} of the documents `ids`, with what a result shows: one query."""
        if not ids:
            return {}
        in_ids, params = self._in("id", ids)
        sql = f"SELECT {', '.join(SHOWN)} FROM {_table(SearchDocument)} WHERE {in_ids}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: dict(zip(SHOWN, row, strict=True)) for row in cursor.fetchall()}

    def vocabulary(self, language, words, stems, synonym_keys):
        """What the first query of a search says: for each stem, how many documents have a word of it; which
        of the words our pages have as they are; the number of documents; the synonyms of the query's
        phrases; whether a scheduled page is due. One query."""
        table, synonyms, pending = _table(SearchWord), _table(Synonym), _table(PendingPage)
        in_stems, stem_params = self._in("stem", sorted(stems))
        in_words, word_params = self._in("word", sorted(words))
        in_keys, key_params = self._in("key", sorted(synonym_keys))
        sql = (
            f"SELECT 'w', stem, '', MAX(documents) FROM {table} WHERE language = %s AND {in_stems} GROUP BY stem "  # noqa: S608
            f"UNION ALL SELECT 'e', word, '', 0 FROM {table} WHERE language = %s AND {in_words} "
            f"UNION ALL SELECT 'n', '', '', documents FROM {table} WHERE language = %s AND word = %s "
            f"UNION ALL SELECT 's', key, phrase || '{SEPARATOR}' || alternatives, 0 FROM {synonyms} "
            f"WHERE language = %s AND {in_keys} "
            f"UNION ALL SELECT 'p', '', '', COUNT(*) FROM {pending} WHERE due <= %s"
        )
        params = [
            language, *stem_params, language, *word_params, language, DOCUMENT_COUNT, language, *key_params,
            timezone.now(),
        ]  # fmt: skip
        vocabulary = Vocabulary()
        for kind, key, text, number in self._fetch("search_vocabulary", sql, params):
            if kind == "w":
                vocabulary.stem_documents[key] = number
            elif kind == "e":
                vocabulary.words.add(key)
            elif kind == "n":
                vocabulary.total = number
            elif kind == "s":
                phrase, _, alternatives = text.partition(SEPARATOR)
                vocabulary.synonyms[key] = (phrase, split_list(alternatives))
            elif kind == "p":
                vocabulary.due = number > 0
        return vocabulary

    def synonyms(self, language, keys):
        rows = Synonym.objects.filter(language=language, key__in=keys).values_list("key", "phrase", "alternatives")
        return {key: (phrase, split_list(alternatives)) for key, phrase, alternatives in rows}

    @staticmethod
    def _in(column, values):
        """SQL: `column` is one of `values`, and its parameters."""
        return (f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)) if values else ("1 = 0", [])


# PostgreSQL ---------------------------------------------------------------------------------------------


def _alternative(stems, weight=""):
    return "(" + " & ".join(f"{stem}{':' + weight if weight else ''}" for stem in stems) + ")"


def tsquery(alternatives, weight=""):
    """Alternatives (tuples of stems) as tsquery text, joined by |, the stems of each by &. Stems are letters
    and digits only, so nothing in them is an operator."""
    return "(" + " | ".join(_alternative(stems, weight) for stems in alternatives) + ")"


def head_places(vector, stems):
    """{stem: the places of the head that have it} for those of `stems` in a head vector, read from its text
    ("'acid':1A 'peau':8B,12C": each lexeme quoted, then its positions, each with the letter of its weight).
    Reading the text costs PostgreSQL less than unnesting the vector of each row (stems are letters and
    digits: nothing in them is quoted or escaped)."""
    places = {}
    for stem in stems:
        start = vector.find(f"'{stem}'")
        if start == -1:
            continue
        start += len(stem) + 2
        end = vector.find(" ", start)
        positions = vector[start : None if end == -1 else end]
        places[stem] = {
            WEIGHT_PLACES[position[-1]] for position in positions[1:].split(",") if position[-1:] in WEIGHT_PLACES
        }
    return places


class PostgresBackend(Backend):
    CORRECTION = 0.45  # trigram similarity above which a word is corrected; pg_trgm's 0.3 is the floor
    # The start of the search's query strings, each run as one transaction: what keeps PostgreSQL on its GIN
    # indexes. Its planner counts testing a vector (or a trigram similarity) as nearly free, so for a common
    # word or a small table it would rather test every row, reading vectors stored out of the row, than
    # answer from the index.
    ON_INDEXES = "SET LOCAL enable_seqscan = off;"

    # Each search's two main queries are prepared once per connection and run with EXECUTE: their text is the
    # same for every query (the words are parameters), and PostgreSQL then plans them once (a generic plan),
    # not on each search. Needs a session of its own per connection (no pooler in transaction mode).
    PREPARED = "SET LOCAL plan_cache_mode = force_generic_plan;"

    @staticmethod
    def _in(column, values):
        return (f"{column} = ANY(%s)", [list(values)])

    def _fetch(self, name, sql, params, settings=""):
        with connection.cursor() as cursor:
            owner, prepared = getattr(connection, "_search_prepared", (None, set()))
            if owner is not connection.connection:  # a new connection: nothing prepared on it yet
                prepared = set()
                connection._search_prepared = (connection.connection, prepared)
            if name not in prepared:
                numbers = iter(range(1, len(params) + 1))
                numbered = re.sub("%s", lambda _match: f"${next(numbers)}", sql).replace("%%", "%")
                cursor.execute(f"PREPARE {name} AS {numbered}")
                prepared.add(name)
            arguments = ", ".join(["%s"] * len(params))
            cursor.execute(f"{settings} {self.PREPARED} EXECUTE {name}({arguments})", params)
            return cursor.fetchall()

    def closest_words(self, language, words):
        """For each word, the most similar word of our pages (pg_trgm, through the trigram index), in one
        query: a few words at most (query.MAX_CORRECTED)."""
        table = _table(SearchWord)
        parts, params = [], []
        for word in words:
            # The words of both languages close to it, then those of the language: so that no other index
            # (on the language) can stand in for the trigram index ("OFFSET 0" keeps the two steps apart).
            parts.append(
                f"(SELECT %s, word, stem, documents, similarity(word, %s) FROM (SELECT * FROM {table} "  # noqa: S608
                "WHERE word %% %s OFFSET 0) AS close WHERE language = %s ORDER BY 5 DESC, documents DESC, word LIMIT 1)"
            )
            params += [word, word, word, language]
        with connection.cursor() as cursor:
            cursor.execute(f"{self.ON_INDEXES} {' UNION ALL '.join(parts)}", params)
            rows = cursor.fetchall()
        return {
            typed: WordMatch(word, stem, documents, similarity >= self.CORRECTION)
            for typed, word, stem, documents, similarity in rows
        }

    def ranked(self, query, partial):
        """The candidates, best first: the first RESCORED of the cheap order scored in full, with what their
        results show (`SHOWN`: the first pages of results need no other query), then the others in that
        order. One query."""
        table = _table(SearchDocument)
        required = query.required
        match = (" | " if partial else " & ").join(tsquery(concept.alternatives) for concept in required)
        rarest = tsquery(query.rarest.alternatives) if len(required) > 1 and not partial else None
        phrase, phrase_counts = phrase_params(query)
        stems = sorted(query.stems)
        order = "is_query DESC, has_query DESC, has_all DESC, rank DESC, id"
        # Each branch matches in both languages, then keeps the language's pages ("OFFSET 0" keeps the two
        # steps apart): no index on the language can then stand in for the GIN indexes.
        columns = "id, head_vector AS hv, title_terms, title_key, boost, language"
        shown, not_shown = ", ".join(f"shown.{column}" for column in SHOWN[1:]), ", ".join(["NULL"] * (len(SHOWN) - 1))
        sql = f"""
            WITH found AS (
                SELECT DISTINCT ON (id) id, hv, title_terms, title_key, boost, complete FROM (
                    (SELECT id, hv, title_terms, title_key, boost, %s::boolean AS complete FROM (
                        SELECT {columns} FROM {table} WHERE head_vector @@ %s::tsquery OFFSET 0
                     ) AS head WHERE language = %s LIMIT {HEAD_CANDIDATES})
                    UNION ALL
                    (SELECT id, hv, title_terms, title_key, boost, %s::boolean FROM (
                        SELECT {columns} FROM {table}
                        WHERE search_vector @@ %s::tsquery AND NOT head_vector @@ %s::tsquery OFFSET 0
                     ) AS body WHERE language = %s LIMIT {BODY_CANDIDATES})
                    UNION ALL
                    (SELECT id, hv, title_terms, title_key, boost, FALSE FROM (
                        SELECT {columns} FROM {table} WHERE %s::boolean AND head_vector @@ %s::tsquery OFFSET 0
                     ) AS rare WHERE language = %s LIMIT {RARE_CANDIDATES})
                ) AS matches ORDER BY id, complete DESC
            ), cheap AS (
                SELECT id, title_terms, boost, complete, title_key = %s AS is_query,
                       (%s::boolean AND strpos(title_key, %s) > 0) AS has_query, hv @@ %s::tsquery AS has_all,
                       ts_rank('{{0.1, 0.35, 0.6, 1.0}}', hv, %s::tsquery) AS rank
                FROM found ORDER BY {order} LIMIT {MAX_RESULTS + 1}
            ), numbered AS (
                SELECT *, row_number() OVER (ORDER BY {order}) AS n FROM cheap
            )
            (SELECT n, numbered.id, complete, numbered.title_terms, numbered.boost, is_query, has_query,
                    shown.head_vector::text,
                    CASE WHEN NOT complete THEN ARRAY(
                        SELECT lexeme FROM unnest(shown.search_vector) WHERE lexeme = ANY(%s::text[])
                    ) END,
                    {shown}
             FROM numbered JOIN {table} shown ON shown.id = numbered.id WHERE n <= {RESCORED})
            UNION ALL
            (SELECT n, id, complete, title_terms, boost, FALSE, FALSE, NULL, NULL, {not_shown}
             FROM numbered WHERE n > {RESCORED})
            ORDER BY 1
        """  # noqa: S608 (table names and numbers; every value is a parameter)
        params = [
            not partial, match, query.language, not partial, match, match, query.language,
            rarest is not None, rarest or "x", query.language,
            phrase, phrase_counts, phrase, " & ".join(tsquery(concept.alternatives, "A") for concept in required),
            " | ".join(tsquery(concept.alternatives) for concept in query.concepts),
            stems,
        ]  # fmt: skip
        rows = self._fetch("search_ranked", sql, params, self.ON_INDEXES)
        scored, rest = [], []
        for n, pk, complete, title_terms, boost, is_query, has_query, head, anywhere, *shown in rows:
            if n > RESCORED:
                rest.append(Candidate(pk, {}, None if complete else frozenset(), title_terms, False, False, boost))
                continue
            places = head_places(head, stems)
            body = None if complete else frozenset(anywhere or ())
            row = dict(zip(SHOWN, (pk, *shown), strict=True))
            scored.append(Candidate(pk, places, body, title_terms, is_query, has_query, boost, row))
        return [candidate for _score, candidate in rank(query, scored)] + rest


# SQLite and other databases -----------------------------------------------------------------------------

_HEAD_FIELDS = ("normalised_title", "normalised_summary", "normalised_headings")
_FIELDS = (*_HEAD_FIELDS, "normalised_body")
_FIELD_BITS = ((TITLE, 8), (SUMMARY, 4), (HEADING, 2), (BODY, 1))


def _anywhere(concept, fields=_FIELDS):
    """SQL: the page has the concept in one of `fields` (each stem of an alternative in any of them)."""
    alternatives, params = [], []
    for stems in concept.alternatives:
        parts = []
        for stem in stems:
            parts.append("(" + " OR ".join(f"instr({field}, %s) > 0" for field in fields) + ")")
            params += [f" {stem} "] * len(fields)
        alternatives.append("(" + " AND ".join(parts) + ")")
    return "(" + " OR ".join(alternatives) + ")", params


class FallbackBackend(Backend):
    """Word matching on the stem columns (each stem between spaces), for SQLite: every candidate scored."""

    CORRECTION, SUGGESTION = 0.8, 0.6  # difflib ratios
    CANDIDATES = HEAD_CANDIDATES + BODY_CANDIDATES + RARE_CANDIDATES

    def closest_words(self, language, words):
        """Our words starting like each typed word (one query), compared with difflib."""
        table = _table(SearchWord)
        condition = " OR ".join(["substr(word, 1, 2) = %s"] * len(words))
        sql = f"SELECT word, stem, documents FROM {table} WHERE language = %s AND ({condition}) LIMIT 5000"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [language, *(word[:2] for word in words)])
            vocabulary = cursor.fetchall()
        matches = {}
        for word in words:
            scored = [
                (difflib.SequenceMatcher(None, word, candidate).ratio(), documents, candidate, stem)
                for candidate, stem, documents in vocabulary
                if candidate[:2] == word[:2]
            ]
            ratio, documents, best, stem = max(scored, default=(0, 0, "", ""))
            if ratio >= self.SUGGESTION:
                matches[word] = WordMatch(best, stem, documents, ratio >= self.CORRECTION)
        return matches

    def ranked(self, query, partial):
        table = _table(SearchDocument)
        stems = sorted(query.stems)
        # For each stem, where it is: a bit per text (title 8, summary 4, headings 2, body 1).
        places = [
            " + ".join(
                f"(instr({field}, %s) > 0) * {bit}" for field, (_place, bit) in zip(_FIELDS, _FIELD_BITS, strict=True)
            )
            for _stem in stems
        ]
        place_params = [f" {stem} " for stem in stems for _field in _FIELDS]
        conditions, condition_params = [], []
        for concept in query.required:
            sql, values = _anywhere(concept)
            conditions.append(sql)
            condition_params += values
        condition = (" OR " if partial else " AND ").join(conditions)
        if len(query.required) > 1 and not partial:
            sql, values = _anywhere(query.rarest, _HEAD_FIELDS)
            condition = f"({condition}) OR {sql}"
            condition_params += values
        phrase, phrase_counts = phrase_params(query)
        sql = (
            f"SELECT id, title_terms, title_key = %s, %s AND instr(title_key, %s) > 0, boost, {', '.join(places)} "  # noqa: S608
            f"FROM {table} WHERE language = %s AND ({condition}) LIMIT {self.CANDIDATES}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [phrase, phrase_counts, phrase, *place_params, query.language, *condition_params])
            rows = cursor.fetchall()
        candidates = []
        for pk, title_terms, is_query, has_query, boost, *bits in rows:
            head, found = {}, set()
            for stem, value in zip(stems, bits, strict=True):
                head[stem] = {place for place, bit in _FIELD_BITS if value & bit and place != BODY}
                if value:
                    found.add(stem)
            complete = all(
                any(all(stem in found for stem in alternative) for alternative in concept.alternatives)
                for concept in query.required
            )
            body = None if complete else frozenset(found)
            candidates.append(Candidate(pk, head, body, title_terms, bool(is_query), bool(has_query), boost))
        return [candidate for _score, candidate in rank(query, candidates)]


def get_backend():
    return PostgresBackend() if uses_postgres() else FallbackBackend()
