"""The two ways of running an analysed query: PostgreSQL full-text search, and a fallback for SQLite.

Both give the same thing: `closest_words()` for spelling, and a result list that Django's `Paginator`
can page through (`count()`, then one slice), made of `Result` objects with highlighted title and excerpt.
"""

import difflib
import operator
import re
from dataclasses import dataclass
from functools import reduce
from html import escape
from typing import NamedTuple

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.safestring import mark_safe

from mesoinfo.models import SearchDocument, SearchWord, Status
from mesoinfo.search.index import POSTGRES_CONFIGS, uses_postgres
from mesoinfo.text import fold, light_stem

# Highlight markers: private-use characters, removed from every indexed text and every query.
START, STOP = "\ue000", "\ue001"
EXCERPT_WORDS = 35
TOKEN_RE = re.compile(r"\w+")


class WordMatch(NamedTuple):
    word: str  # the closest word of our pages
    sure: bool  # close enough to search for it; otherwise only proposed when nothing is found


def visible_documents(language):
    """Documents of published pages in `language`; visibility comes from the page itself."""
    now = timezone.now()
    return SearchDocument.objects.filter(language=language).filter(
        Q(article__status=Status.PUBLISHED, article__published_at__lte=now)
        | Q(question__status=Status.PUBLISHED, question__published_at__lte=now)
    )


@dataclass
class Result:
    document: SearchDocument
    title_html: str
    excerpt_html: str

    @property
    def page(self):
        return self.document.page

    @property
    def is_article(self):
        return self.document.article_id is not None

    @property
    def section(self):
        """The category of an article or the theme of a question."""
        return self.document.article.category if self.is_article else self.document.question.theme


class NoResults:
    partial = False

    def count(self):
        return 0

    def __getitem__(self, window):
        return []


def marked_to_html(text):
    """Text with highlight markers, as safe HTML with <mark> elements."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 (escaped)


# PostgreSQL ---------------------------------------------------------------------------------------


class PostgresResults:
    """Pages with every concept; when none has them all, pages with any of them (`partial`)."""

    def __init__(self, query):
        self.config = POSTGRES_CONFIGS[query.language]
        self.documents = visible_documents(query.language)
        concepts = [self._concept(concept) for concept in query.concepts]
        self.all_of = reduce(operator.and_, concepts)
        self.any_of = reduce(operator.or_, concepts)
        self.several = len(concepts) > 1
        self.partial = False
        self._count = None

    def _concept(self, concept):
        texts = []
        for text in concept.alternatives:
            texts.append(text)
            if " " not in text and light_stem(text) != text:
                # "remboursee": the French stemmer, after unaccent, would not bring it to "rembours".
                texts.append(light_stem(text))
        return reduce(operator.or_, (SearchQuery(text, config=self.config) for text in texts))

    @property
    def tsquery(self):
        return self.any_of if self.partial else self.all_of

    def count(self):
        if self._count is None:
            self._count = self.documents.filter(search_vector=self.all_of).count()
            if not self._count and self.several:
                self.partial = True
                self._count = self.documents.filter(search_vector=self.any_of).count()
        return self._count

    def __getitem__(self, window):
        tsquery = self.tsquery
        marks = {"config": self.config, "start_sel": START, "stop_sel": STOP}
        documents = (
            self.documents.filter(search_vector=tsquery)
            .annotate(
                # How well the page matches the whole query, plus how well it matches each concept on its
                # own: the second part lets a title holding one concept beat a long text holding both.
                rank=SearchRank(F("search_vector"), tsquery) + SearchRank(F("search_vector"), self.any_of),
                title_marked=SearchHeadline("title", tsquery, highlight_all=True, **marks),
                excerpt_marked=SearchHeadline(
                    Concat("summary", Value(" "), "body", output_field=TextField()),
                    tsquery,
                    max_words=EXCERPT_WORDS,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .select_related("article__category", "question__theme")
            .order_by("-rank", "pk")[window]
        )
        return [
            Result(
                document,
                marked_to_html(document.title_marked),
                marked_to_html(_with_ellipses(document.excerpt_marked, f"{document.summary} {document.body}")),
            )
            for document in documents
        ]


def _with_ellipses(excerpt, source):
    """ "…" where the excerpt cuts the text short, at its start or at its end."""
    plain = excerpt.replace(START, "").replace(STOP, "").strip()
    source = source.strip()
    return "".join(
        [
            "" if source.startswith(plain[:20]) else "… ",
            excerpt.strip(),
            "" if source.endswith(plain[-20:]) else " …",
        ]
    )


class PostgresBackend:
    CORRECTION = 0.45  # trigram similarity above which a word is corrected; pg_trgm's 0.3 is the floor

    def closest_words(self, language, words):
        """For each word, the most similar word of our pages (pg_trgm, GIN index), in one query."""
        table = connection.ops.quote_name(SearchWord._meta.db_table)
        sql = (
            "SELECT typed.word, best.word, similarity(best.word, typed.word) "  # noqa: S608 (table name only)
            "FROM unnest(%s::text[]) AS typed(word) CROSS JOIN LATERAL ("
            f"  SELECT vocabulary.word FROM {table} AS vocabulary"
            "   WHERE vocabulary.language = %s AND vocabulary.word %% typed.word"
            "   ORDER BY similarity(vocabulary.word, typed.word) DESC, length(vocabulary.word), vocabulary.word"
            "   LIMIT 1) AS best"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(words), language])
            rows = cursor.fetchall()
        return {typed: WordMatch(best, similarity >= self.CORRECTION) for typed, best, similarity in rows}

    def results(self, query):
        return PostgresResults(query) if query.concepts else NoResults()


# SQLite and other databases -----------------------------------------------------------------------


def _stems(text):
    return [light_stem(word) for word in text.split()]


def _contains(stem):
    return Q(normalised_title__contains=f" {stem}") | Q(normalised_text__contains=f" {stem}")


def highlight(text, stems, excerpt=False):
    """`text` as safe HTML, words starting with one of `stems` in <mark>; with `excerpt`, only the words
    around the first of them."""
    tokens = list(TOKEN_RE.finditer(text))
    hits = {index for index, token in enumerate(tokens) if fold(token.group()).startswith(tuple(stems))}
    first, last = 0, len(tokens)
    if excerpt:
        first = max(0, min(hits, default=0) - 8)
        last = min(len(tokens), first + EXCERPT_WORDS)
    if not tokens:
        return mark_safe(escape(text))  # noqa: S308 (escaped)
    start, end = (tokens[first].start(), tokens[last - 1].end()) if excerpt else (0, len(text))
    output, position = [], start
    for index in range(first, last):
        token = tokens[index]
        if index in hits:
            output += [escape(text[position : token.start()]), "<mark>", escape(token.group()), "</mark>"]
            position = token.end()
    output.append(escape(text[position:end]))
    html = "".join(output)
    if excerpt:
        html = ("… " if first else "") + html + (" …" if last < len(tokens) else "")
    return mark_safe(html)  # noqa: S308 (every piece of text is escaped)


class FallbackResults:
    """Accent- and case-insensitive word-start matching on the folded columns, title first."""

    partial = False

    def __init__(self, query):
        self.stems = sorted({light_stem(word) for word in query.terms})
        self.documents = visible_documents(query.language)
        self.concepts = [
            reduce(operator.or_, (reduce(operator.and_, map(_contains, _stems(text))) for text in concept.alternatives))
            for concept in query.concepts
        ]
        self._count = None

    def _filtered(self):
        combine = operator.or_ if self.partial else operator.and_
        return self.documents.filter(reduce(combine, self.concepts))

    def count(self):
        if self._count is None:
            self._count = self._filtered().count()
            if not self._count and len(self.concepts) > 1:
                self.partial = True
                self._count = self._filtered().count()
        return self._count

    def __getitem__(self, window):
        score = sum(
            (
                Case(When(normalised_title__contains=f" {stem}", then=Value(4)), default=Value(0))
                + Case(When(normalised_text__contains=f" {stem}", then=Value(1)), default=Value(0))
                for stem in self.stems
            ),
            start=Value(0),
        )
        documents = (
            self._filtered()
            .annotate(score=score)
            .select_related("article__category", "question__theme")
            .order_by("-score", "pk")[window]
        )
        return [
            Result(
                document,
                highlight(document.title, self.stems),
                highlight(f"{document.summary} {document.body}".strip(), self.stems, excerpt=True),
            )
            for document in documents
        ]


class FallbackBackend:
    CORRECTION, SUGGESTION = 0.8, 0.6  # difflib ratios

    def closest_words(self, language, words):
        """Our words starting like each typed word (one query), compared with difflib."""
        prefixes = reduce(operator.or_, (Q(word__startswith=word[:2]) for word in words))
        vocabulary = set(SearchWord.objects.filter(prefixes, language=language).values_list("word", flat=True))
        matches = {}
        for word in words:
            if word in vocabulary:
                matches[word] = WordMatch(word, True)
                continue
            scored = [
                (difflib.SequenceMatcher(None, word, candidate).ratio(), candidate)
                for candidate in vocabulary
                if candidate[:2] == word[:2]
            ]
            ratio, best = max(scored, default=(0, ""))
            if ratio >= self.SUGGESTION:
                matches[word] = WordMatch(best, ratio >= self.CORRECTION)
        return matches

    def results(self, query):
        return FallbackResults(query) if query.concepts else NoResults()


def get_backend():
    return PostgresBackend() if uses_postgres() else FallbackBackend()
