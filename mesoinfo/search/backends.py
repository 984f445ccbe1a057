"""The two ways of running an analysed query: PostgreSQL full-text search, and a fallback for SQLite.

Both read the same stems (see `analysis`) and rank with the same score (`score()`), so they find the same
pages in the same order. A page is a result when it has every required concept, or the rarest of them in
its title, summary or headings ("une boule sous la peau" finds "Une boule est apparue…"). Its score:

- for each required concept, its weight (idf) times where the page has it: title 1, summary (the answer at
  a glance) 0.6, a heading 0.35, only the body 0.15; a synonym or a correction counts SECONDARY of that;
- for each optional concept (question words), the same, but nothing for the body;
- TITLE_HAS_ALL when the title has every required concept as typed (SECONDARY of it through synonyms):
  such a page comes first;
- TITLE_SHARE times the share of the title's words that the query has, each word counted at its weight:
  "Cellulite" before "Peau, cheveux et cellulite";
- TITLE_IS_QUERY when the title is the query itself, TITLE_HAS_QUERY when it holds it ("effets
  secondaires");
- the document's boost (below 0 for glossary definitions: they come after the pages that explain).

Each gives a result list that Django's `Paginator` can page through (`count()`, then one slice), made of
`Result` objects with a highlighted title and snippet. The page of results asked for is read with the
ranking, in the same query.

The cost of a query is bounded whatever its words: PostgreSQL looks at HEAD_CANDIDATES pages with every
concept in their title, summary or headings and BODY_CANDIDATES others (GIN indexes), orders them on the
small title-and-summary vector, and scores the first RESCORED precisely; beyond MAX_RESULTS, a more precise
query helps more than page 21.
"""

import difflib
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import mark_safe

from mesoinfo.editorial.text import split_list
from mesoinfo.search import analysis
from mesoinfo.search.index import DOCUMENT_COUNT, uses_postgres
from mesoinfo.search.models import PendingPage, SearchDocument, SearchWord, Synonym
from mesoinfo.search.query import Vocabulary, WordMatch

MAX_RESULTS = 200
HEAD_CANDIDATES = 400
BODY_CANDIDATES = 600
RARE_CANDIDATES = 100
RESCORED = 40  # PostgreSQL: the first pages of the cheap order that get the whole score
EXCERPT_CHARACTERS = 240
SHORT_SENTENCE = 140  # a sentence this short is followed by the next one of its paragraph

# Where a concept is found: title, summary, heading, body, nowhere; and what each place is worth.
TITLE, SUMMARY, HEADING, BODY, NOWHERE = 3, 2, 1, 0, -1
FIELD_WEIGHTS = {TITLE: 1.0, SUMMARY: 0.6, HEADING: 0.35, BODY: 0.15, NOWHERE: 0.0}
SECONDARY = 0.8
TITLE_HAS_ALL = 2.0
TITLE_SHARE = 0.5
TITLE_IS_QUERY = 1.0
TITLE_HAS_QUERY = 0.5
SEPARATOR = "\x1f"

SHOWN = (
    "id", "content_type_id", "title", "summary", "body", "normalised_summary", "normalised_body", "url",
    "section_name", "section_url",
)  # fmt: skip


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def score(query, places, title_weight, title_terms, is_query, has_query, boost):
    """The score of a page (see the module's docstring). `places`: for each concept of `query.scored`, where
    its first alternative is found and where any of them is; `title_weight`: the weights of the query's stems
    that its title has, added up."""
    total = 0.0
    for concept, (primary, anywhere) in zip(query.scored, places, strict=True):
        if anywhere == BODY:
            primary = max(primary, BODY)  # in the body, which alternative it is does not matter
        if not concept.required:
            primary, anywhere = (NOWHERE if place == BODY else place for place in (primary, anywhere))
        total += concept.weight * max(FIELD_WEIGHTS[primary], SECONDARY * FIELD_WEIGHTS[anywhere])
    required = places[: len(query.required)]
    if required and all(primary == TITLE for primary, _anywhere in required):
        total += TITLE_HAS_ALL
    elif required and all(anywhere == TITLE for _primary, anywhere in required):
        total += SECONDARY * TITLE_HAS_ALL
    total += TITLE_SHARE * min(1.0, title_weight / max(title_terms, 1))
    return total + TITLE_IS_QUERY * bool(is_query) + TITLE_HAS_QUERY * bool(has_query) + boost


def phrase_params(query):
    """(the query as a title would say it, whether a title holding it counts: two words or more)."""
    return query.phrase, len(query.phrase.split()) > 1


# Results -------------------------------------------------------------------------------------------------


def _marked(text, stems, language):
    return "".join(
        f"<mark>{escape(piece)}</mark>" if marked else escape(piece)
        for piece, marked in analysis.highlight_stems(text, stems, language)
    )


def _first_mark(text, stems, language):
    """Where the first matched word of a text starts (0 without one)."""
    position = 0
    for piece, marked in analysis.highlight_stems(text, stems, language):
        if marked:
            return position
        position += len(piece)
    return 0


def _cut(text, stems, language):
    """(at most EXCERPT_CHARACTERS of a text around its first matched word, cut before, cut after): cut at
    word boundaries."""
    if len(text) <= EXCERPT_CHARACTERS:
        return text, False, False
    first = _first_mark(text, stems, language)
    start = text.rfind(" ", 0, first - 40) + 1 if first > EXCERPT_CHARACTERS // 2 else 0
    end = start + EXCERPT_CHARACTERS
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return text[start:end].rstrip(" ,;:"), start > 0, end < len(text)


def _line_score(line, concepts):
    return sum(
        concept.weight
        for concept in concepts
        if any(all(f" {stem} " in line for stem in alternative) for alternative in concept.alternatives)
    )


def excerpt(summary, body, normalised_summary, normalised_body, query):
    """The sentence that matches the query best, in the summary or in a paragraph (never a heading), with the
    next sentences of its paragraph when it is short; the summary's start when no sentence matches."""
    lines, stems = body.split("\n"), normalised_body.split("\n")
    if summary:  # its sentences first, then an empty line, as between paragraphs
        lines, stems = [*summary.split("\n"), "", *lines], [*normalised_summary.split("\n"), "", *stems]
    if len(stems) != len(lines):  # written by another version of the index: show the start
        stems = [""] * len(lines)
    candidates = {number for stem in query.stems for number, line in enumerate(stems) if f" {stem} " in line}
    best = max(candidates, key=lambda number: (_line_score(stems[number], query.concepts), -number), default=None)
    if best is None:
        best = next((number for number, line in enumerate(lines) if line), None)
        if best is None:
            return ""
    chosen = [lines[best]]
    following = best + 1
    while len(" ".join(chosen)) < SHORT_SENTENCE and following < len(lines) and lines[following]:
        chosen.append(lines[following])
        following += 1
    text = " ".join(chosen)
    text, cut_before, cut_after = _cut(text, query.stems, query.language)
    return mark_safe(  # noqa: S308 (every piece of text is escaped)
        ("… " if cut_before else "") + _marked(text, query.stems, query.language) + (" …" if cut_after else "")
    )


@dataclass
class Result:
    """One result, ready for the template."""

    title_html: str
    excerpt_html: str
    url: str
    kind: str
    section_name: str
    section_url: str

    @classmethod
    def of(cls, row, query):
        model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
        return cls(
            title_html=mark_safe(_marked(row["title"], query.stems, query.language)),  # noqa: S308 (escaped)
            excerpt_html=excerpt(row["summary"], row["body"], row["normalised_summary"], row["normalised_body"], query),
            url=row["url"],
            kind=model._meta.verbose_name if model else "",
            section_name=row["section_name"],
            section_url=row["section_url"],
        )


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
            self.total, self.ids, self.rows, complete = self.backend.find(self.query, self.first, self.last, False)
            if not self.total and len(self.query.required) > 1:
                self.total, self.ids, self.rows, complete = self.backend.find(self.query, self.first, self.last, True)
            self.partial = bool(self.total) and not complete
        return min(self.total, MAX_RESULTS)

    @property
    def more_than_shown(self):
        return self.total > MAX_RESULTS

    def __getitem__(self, window):
        ids = self.ids[:MAX_RESULTS][window]
        missing = [pk for pk in ids if pk not in self.rows]
        if missing:
            self.rows.update(self.backend.rows(missing))
        return [Result.of(self.rows[pk], self.query) for pk in ids if pk in self.rows]


class NoResults:
    partial = False
    total = 0
    more_than_shown = False

    def count(self):
        return 0

    def __getitem__(self, window):
        return []


def _dicts(cursor):
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class Backend:
    def results(self, query, first, last):
        return ResultList(self, query, first, last) if query.required else NoResults()

    def rows(self, ids):
        """{id: row} of the documents `ids`, with what a result shows."""
        return {row["id"]: row for row in SearchDocument.objects.filter(pk__in=ids).values(*SHOWN)}

    def vocabulary(self, language, words, stems, synonym_keys):
        """What the first query of a search says: for each stem, how many documents have a word of it; which
        of the words our pages have; the number of documents; the synonyms of the query's phrases; whether a
        scheduled page is due. One query."""
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
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, key, text, number in cursor.fetchall():
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


def _pg_place(alternatives, body):
    """SQL: what a concept's place in the page is worth (FIELD_WEIGHTS), `body` when not in the head."""
    sql = (
        f"CASE WHEN t.hv @@ %s::tsquery THEN {FIELD_WEIGHTS[TITLE]} WHEN t.hv @@ %s::tsquery THEN "
        f"{FIELD_WEIGHTS[SUMMARY]} WHEN t.hv @@ %s::tsquery THEN {FIELD_WEIGHTS[HEADING]} ELSE {body} END"
    )
    return sql, [tsquery(alternatives, weight) for weight in "ABC"]


class PostgresBackend(Backend):
    CORRECTION = 0.45  # trigram similarity above which a word is corrected; pg_trgm's 0.3 is the floor

    @contextmanager
    def session(self):
        """The search's queries, in one transaction that keeps PostgreSQL on its indexes: its planner counts
        testing a vector as nearly free, so for a common word it would rather read every row's vector (stored
        out of the row, slow to read) than use the GIN index."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    @staticmethod
    def _in(column, values):
        return (f"{column} = ANY(%s)", [list(values)]) if values else ("FALSE", [])

    def closest_words(self, language, words):
        """For each word, the most similar word of our pages (pg_trgm, through the trigram index of the
        language), in one query: a few words at most (query.MAX_CORRECTED)."""
        table = _table(SearchWord)
        parts, params = [], []
        for word in words:
            parts.append(
                f"(SELECT %s, word, stem, documents, similarity(word, %s) FROM {table} "  # noqa: S608
                "WHERE language = %s AND word %% %s ORDER BY 5 DESC, documents DESC, word LIMIT 1)"
            )
            params += [word, word, language, word]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            rows = cursor.fetchall()
        return {
            typed: WordMatch(word, stem, documents, similarity >= self.CORRECTION)
            for typed, word, stem, documents, similarity in rows
        }

    def find(self, query, first, last, partial):
        """(number of results, their ids in order, {id: row} of positions first to last, whether one of them
        has every required concept): one query."""
        table = _table(SearchDocument)
        required = query.required
        match = (" | " if partial else " & ").join(tsquery(concept.alternatives) for concept in required)
        rarest = tsquery(query.rarest.alternatives) if len(required) > 1 and not partial else None
        terms, params = [], []
        for concept in query.scored:
            anywhere = tsquery(concept.alternatives)
            body = "0.0"
            body_params = []
            if concept.required:
                body = f"CASE WHEN t.complete OR d.search_vector @@ %s::tsquery THEN {FIELD_WEIGHTS[BODY]} ELSE 0.0 END"
                body_params = [anywhere]
            primary_sql, primary_params = _pg_place(concept.primary, body)
            any_sql, any_params = _pg_place(concept.alternatives, body)
            terms.append(f"{concept.weight:.4f} * GREATEST({primary_sql}, {SECONDARY} * ({any_sql}))")
            params += [*primary_params, *body_params, *any_params, *body_params]
        stem_weights = sorted(query.stem_weights.items())
        in_title = " + ".join(f"{weight:.4f} * (t.hv @@ %s::tsquery)::int" for _stem, weight in stem_weights)
        params += [f"{stem}:A" for stem, _weight in stem_weights]
        params.append(" & ".join(tsquery(concept.primary, "A") for concept in required))
        phrase, phrase_counts = phrase_params(query)
        order = "is_query DESC, has_query DESC, has_all DESC, rank DESC, id"
        sql = f"""
            WITH found AS (
                SELECT DISTINCT ON (id) id, hv, title_terms, title_key, boost, complete FROM (
                    (SELECT id, head_vector AS hv, title_terms, title_key, boost, %s AS complete FROM {table}
                     WHERE language = %s AND head_vector @@ %s::tsquery LIMIT {HEAD_CANDIDATES})
                    UNION ALL
                    (SELECT id, head_vector, title_terms, title_key, boost, %s FROM {table}
                     WHERE language = %s AND search_vector @@ %s::tsquery AND NOT head_vector @@ %s::tsquery
                     LIMIT {BODY_CANDIDATES})
                    UNION ALL
                    (SELECT id, head_vector, title_terms, title_key, boost, FALSE FROM {table}
                     WHERE %s AND language = %s AND head_vector @@ %s::tsquery LIMIT {RARE_CANDIDATES})
                ) AS matches ORDER BY id, complete DESC
            ), cheap AS (
                SELECT id, hv, title_terms, boost, complete, title_key = %s AS is_query,
                       (%s AND strpos(title_key, %s) > 0) AS has_query, hv @@ %s::tsquery AS has_all,
                       ts_rank('{{0.1, 0.35, 0.6, 1.0}}', hv, %s::tsquery) AS rank
                FROM found ORDER BY {order} LIMIT {MAX_RESULTS + 1}
            ), numbered AS (
                SELECT *, row_number() OVER (ORDER BY {order}) AS n FROM cheap
            ), scored AS (
                SELECT t.id, t.n, t.complete, CASE WHEN t.n <= {RESCORED} THEN
                    {" + ".join(terms)}
                    + {TITLE_SHARE} * LEAST(1.0, ({in_title})::float / GREATEST(t.title_terms, 1))
                    + {TITLE_HAS_ALL}
                      * CASE WHEN t.hv @@ %s::tsquery THEN 1.0 WHEN t.has_all THEN {SECONDARY} ELSE 0 END
                    + {TITLE_IS_QUERY} * t.is_query::int + {TITLE_HAS_QUERY} * t.has_query::int + t.boost
                END AS score
                FROM numbered t JOIN {table} d ON d.id = t.id
            ), ordered AS (
                SELECT id, complete, row_number() OVER (
                    ORDER BY score DESC NULLS LAST, CASE WHEN score IS NOT NULL THEN id END, n
                ) AS position FROM scored
            )
            SELECT o.id, o.complete, {", ".join(f"d.{name}" for name in SHOWN[1:])}
            FROM ordered o LEFT JOIN {table} d ON d.id = o.id AND o.position BETWEEN %s AND %s
            ORDER BY o.position
        """  # noqa: S608 (table names and numbers; every value is a parameter)
        all_params = [
            not partial, query.language, match, not partial, query.language, match, match,
            rarest is not None, query.language, rarest or "x",
            phrase, phrase_counts, phrase, " & ".join(tsquery(c.alternatives, "A") for c in required),
            " | ".join(tsquery(c.alternatives) for c in query.concepts),
            *params, first, last,
        ]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(sql, all_params)
            found = cursor.fetchall()
        ids = [row[0] for row in found]
        rows = {row[0]: dict(zip(SHOWN, (row[0], *row[2:]), strict=True)) for row in found if row[3] is not None}
        return len(ids), ids, rows, any(row[1] for row in found)


# SQLite and other databases -----------------------------------------------------------------------------

_FIELDS = ("normalised_title", "normalised_summary", "normalised_headings", "normalised_body")


def _has(field, stems):
    """SQL: the column has every stem (a word of its own)."""
    return " AND ".join(f"instr({field}, %s) > 0" for _stem in stems), [f" {stem} " for stem in stems]


def _place_sql(alternatives):
    """SQL giving where the first of `alternatives` found is (TITLE … NOWHERE), and its parameters."""
    branches, params = [], []
    for place, field in zip((TITLE, SUMMARY, HEADING, BODY), _FIELDS, strict=True):
        found = []
        for stems in alternatives:
            sql, values = _has(field, stems)
            found.append(f"({sql})")
            params += values
        branches.append(f"WHEN {' OR '.join(found)} THEN {place}")
    return f"CASE {' '.join(branches)} ELSE {NOWHERE} END", params


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
    CORRECTION, SUGGESTION = 0.8, 0.6  # difflib ratios
    CANDIDATES = HEAD_CANDIDATES + BODY_CANDIDATES + RARE_CANDIDATES

    def session(self):
        return nullcontext()

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

    def find(self, query, first, last, partial):
        ranked = self.ranked(query, partial)[: MAX_RESULTS + 1]
        ids = [pk for _score, pk, _complete in ranked]
        return len(ids), ids, self.rows(ids[first - 1 : last]), any(complete for *_rest, complete in ranked)

    def ranked(self, query, partial):
        """[(score, id, whether it has every required concept)] of the matching pages, best first."""
        table = _table(SearchDocument)
        columns, params = [], []
        for concept in query.scored:
            for alternatives in (concept.primary, concept.alternatives):
                sql, values = _place_sql(alternatives)
                columns.append(sql)
                params += values
        conditions, condition_params = [], []
        for concept in query.required:
            sql, values = _anywhere(concept)
            conditions.append(sql)
            condition_params += values
        condition = (" OR " if partial else " AND ").join(conditions)
        if len(query.required) > 1 and not partial:
            sql, values = _anywhere(query.rarest, _FIELDS[:3])
            condition = f"({condition}) OR {sql}"
            condition_params += values
        phrase, phrase_counts = phrase_params(query)
        stem_weights = sorted(query.stem_weights.items())
        stems = [f" {stem} " for stem, _weight in stem_weights]
        in_title = " + ".join(f"{weight:.4f} * (instr(normalised_title, %s) > 0)" for _stem, weight in stem_weights)
        sql = (
            f"SELECT id, {in_title}, title_terms, title_key = %s, %s AND instr(title_key, %s) > 0, boost, "  # noqa: S608
            f"{', '.join(columns)} FROM {table} WHERE language = %s AND ({condition}) LIMIT {self.CANDIDATES}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*stems, phrase, phrase_counts, phrase, *params, query.language, *condition_params])
            candidates = cursor.fetchall()
        required = len(query.required)
        scores = []
        for row in candidates:
            places = list(zip(row[6::2], row[7::2], strict=True))
            complete = all(anywhere != NOWHERE for _primary, anywhere in places[:required])
            scores.append((score(query, places, *row[1:6]), row[0], complete))
        return sorted(scores, key=lambda item: (-item[0], item[1]))


def get_backend():
    return PostgresBackend() if uses_postgres() else FallbackBackend()
