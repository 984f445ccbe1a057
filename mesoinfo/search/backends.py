"""The two ways of running an analysed query: PostgreSQL full-text search, and a fallback for SQLite.

Both give the same thing: `closest_words()` for spelling, and a result list that Django's `Paginator`
can page through (`count()`, then one slice), made of `Result` objects with highlighted title and excerpt.
"""

import difflib
import operator
import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import reduce
from html import escape
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Case, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import mark_safe

from mesoinfo.editorial.text import fold, light_stem
from mesoinfo.search.index import POSTGRES_CONFIGS, uses_postgres
from mesoinfo.search.models import SearchDocument, SearchWord

EXCERPT_CHARACTERS = 240
# Letters a folded stem stands for, so that highlighting finds "Sécurité" from "securit".
ACCENTED = {
    "a": "aàâäáã", "c": "cç", "e": "eéèêë", "i": "iîïíì", "n": "nñ", "o": "oôöóòœ", "u": "uùûüú", "y": "yÿ",
}  # fmt: skip
MAX_RESULTS = 200  # results one can page through: beyond, a more precise query helps more than page 21
RERANKED = 50  # PostgreSQL: how many of the best matches the full vector ranks again (five pages)
# PostgreSQL: how many matches the first ranking looks at. A word on nearly every page ("mésothérapie",
# "séance") would otherwise cost a ranking of every page; past this many, results are "more than 200"
# anyway and a second word is what helps.
CANDIDATES = 2000
# What a page of results shows: the document's own texts and addresses.
SHOWN = ("language", "content_type", "title", "summary", "body", "url", "section_name", "section_url")


class WordMatch(NamedTuple):
    word: str  # the closest word of our pages
    sure: bool  # close enough to search for it; otherwise only proposed when nothing is found


def visible_documents(language):
    """Documents of published pages in `language`."""
    return SearchDocument.objects.filter(language=language, published=True, published_at__lte=timezone.now())


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
    def of(cls, document, stems):
        return cls(
            title_html=highlight(document.title, stems),
            excerpt_html=highlight(f"{document.summary} {document.body}".strip(), stems, excerpt=True),
            url=document.url,
            kind=document.kind,
            section_name=document.section_name,
            section_url=document.section_url,
        )


def _stem_pattern(stem):
    """A regular expression for a folded stem that matches its accented and capital forms."""
    return "".join(f"[{ACCENTED[char]}]" if char in ACCENTED else re.escape(char) for char in stem)


def highlight(text, stems, excerpt=False):
    """`text` as safe HTML, words starting with one of `stems` in <mark>; with `excerpt`, only about
    EXCERPT_CHARACTERS around the place where the most different stems are found."""
    stems = sorted(stems, key=len, reverse=True)
    hits = []
    if stems:
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(_stem_pattern, stems))})\w*", re.IGNORECASE)
        for match in pattern.finditer(text):
            word = fold(match.group())
            hits.append((match.start(), match.end(), next((stem for stem in stems if word.startswith(stem)), word)))
    first, last = 0, len(text)
    if excerpt and len(text) > EXCERPT_CHARACTERS:

        def variety(start):
            return len({stem for begin, end, stem in hits if start <= begin and end <= start + EXCERPT_CHARACTERS})

        candidates = {max(0, begin - 60) for begin, _end, _stem in hits[:50]} or {0}
        first = max(candidates, key=lambda start: (variety(start), -start))
        last = min(len(text), first + EXCERPT_CHARACTERS)
        if first:  # whole words only
            first = text.find(" ", first, last) + 1 or first
        if last < len(text):
            last = max(text.rfind(" ", first, last), first + 1)
    output, position = ["… " if first else ""], first
    for begin, end, _stem in hits:
        if first <= begin and end <= last:
            output += [escape(text[position:begin]), "<mark>", escape(text[begin:end]), "</mark>"]
            position = end
    output += [escape(text[position:last]), " …" if last < len(text) else ""]
    return mark_safe("".join(output))  # noqa: S308 (every piece of text is escaped)


class ResultList:
    """What both backends share. Counting runs the first query: every match, ordered cheaply, keeping the
    best MAX_RESULTS (and one more, to know there are more); a page then reads only its own rows."""

    def __init__(self, query):
        self.stems = sorted({light_stem(word) for word in query.terms})
        self.language = query.language
        self.documents = visible_documents(query.language)
        self.several = len(query.concepts) > 1
        self.partial = False
        self.total = None
        self.best = []

    def count(self):
        """How many results one can page through: at most MAX_RESULTS."""
        if self.total is None:
            self._find()
            if not self.total and self.several:
                self.partial = True
                self._find()
        return len(self.best)

    def _find(self):
        best = list(self._matching().values_list("pk", flat=True)[: MAX_RESULTS + 1])
        self.total, self.best = len(best), best[:MAX_RESULTS]

    @property
    def more_than_shown(self):
        return self.total > MAX_RESULTS

    def __getitem__(self, window):
        if not self.best[window]:
            return []
        return [Result.of(document, self.stems) for document in self._page(window).only(*SHOWN)]


class NoResults:
    partial = False
    total = 0
    more_than_shown = False

    def count(self):
        return 0

    def __getitem__(self, window):
        return []


def _in_order(ids):
    """The documents of `ids`, in that order."""
    order = Case(*(When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)), default=Value(len(ids)))
    return SearchDocument.objects.filter(pk__in=ids).order_by(order)


# PostgreSQL ---------------------------------------------------------------------------------------


class PostgresResults(ResultList):
    """Pages with every concept (GIN index); when none has them all, pages with any of them.

    Ranking happens in two steps, so that a word most pages contain stays fast: the title-and-summary
    vector (small, stored in the row) orders the matches (CANDIDATES of them at most), and the full
    vector (large, stored apart) ranks the first RERANKED of them again. The queries are written as SQL:
    they run on every search, and building them as ORM expressions cost more than running them.
    """

    def __init__(self, query):
        super().__init__(query)
        self.config = POSTGRES_CONFIGS[query.language]
        concepts = [self._concept(concept) for concept in query.concepts]
        self.all_of = " & ".join(concepts)
        self.any_of = " | ".join(concepts)
        self.table = connection.ops.quote_name(SearchDocument._meta.db_table)

    @staticmethod
    def _concept(concept):
        """The concept as `to_tsquery` text: its alternatives joined by |, the words of each by &. Words
        are folded letters and digits only, so nothing in them is an operator."""
        texts = []
        for text in concept.alternatives:
            texts.append(text)
            if " " not in text and light_stem(text) != text:
                # "remboursee": the French stemmer, after unaccent, would not bring it to "rembours".
                texts.append(light_stem(text))
        return "(" + " | ".join(f"({' & '.join(text.split())})" for text in dict.fromkeys(texts)) + ")"

    @property
    def tsquery(self):
        return self.any_of if self.partial else self.all_of

    def _find(self):
        sql = (
            "SELECT id FROM ("  # noqa: S608 (a table name; the values are parameters)
            f"  SELECT id, head_vector FROM {self.table} WHERE language = %s AND published AND published_at <= %s"
            "   AND search_vector @@ to_tsquery(%s, %s) LIMIT %s"
            ") AS matches ORDER BY ts_rank(head_vector, to_tsquery(%s, %s)) DESC, id LIMIT %s"
        )
        params = [
            *(self.language, timezone.now(), self.config, self.tsquery, CANDIDATES),
            *(self.config, self.any_of, MAX_RESULTS + 1),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            best = [row[0] for row in cursor.fetchall()]
        self.total, self.best = len(best), best[:MAX_RESULTS]

    def _page(self, window):
        if window.start >= RERANKED:
            return _in_order(self.best[window])
        # How well the page matches the whole query, plus how well it matches each concept on its own:
        # the second part lets a title holding one concept beat a long text holding both. Raw SQL, with
        # every value as a parameter.
        rank = "ts_rank(search_vector, to_tsquery(%s, %s)) + ts_rank(search_vector, to_tsquery(%s, %s))"
        rank_params = [self.config, self.tsquery, self.config, self.any_of]
        shown = RawSQL(  # noqa: S611
            f"SELECT id FROM {self.table} WHERE id = ANY(%s) ORDER BY {rank} DESC, id LIMIT %s OFFSET %s",  # noqa: S608
            [self.best[:RERANKED], *rank_params, window.stop - window.start, window.start],
        )
        ranked = RawSQL(rank, rank_params)  # noqa: S611
        return SearchDocument.objects.filter(pk__in=shown).annotate(rank=ranked).order_by("-rank", "pk")


class PostgresBackend:
    CORRECTION = 0.45  # trigram similarity above which a word is corrected; pg_trgm's 0.3 is the floor

    @contextmanager
    def session(self):
        """The search's queries, in one transaction that keeps PostgreSQL on its indexes. Its planner counts
        testing a vector (or a trigram similarity) as nearly free, so for a common word it would rather
        read every row's vector, stored out of the row and slow to read, than use the GIN index."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    def closest_words(self, language, words):
        """For each word, itself when our pages have it, else the most similar of their words (pg_trgm),
        all in one query."""
        table = connection.ops.quote_name(SearchWord._meta.db_table)
        sql = (
            "SELECT typed.word, best.word, best.similarity "  # noqa: S608 (a table name only)
            "FROM unnest(%s::text[]) AS typed(word) CROSS JOIN LATERAL ("
            f"  (SELECT known.word, 1.0 AS similarity FROM {table} AS known"
            "    WHERE known.language = %s AND known.word = typed.word)"
            "  UNION ALL"
            f"  (SELECT close.word, similarity(close.word, typed.word) FROM {table} AS close"
            "    WHERE close.language = %s AND close.word %% typed.word"
            "    ORDER BY 2 DESC, length(close.word), close.word LIMIT 1)"
            "  LIMIT 1) AS best"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(words), language, language])
            rows = cursor.fetchall()
        return {typed: WordMatch(best, similarity >= self.CORRECTION) for typed, best, similarity in rows}

    def results(self, query):
        return PostgresResults(query) if query.concepts else NoResults()


# SQLite and other databases -----------------------------------------------------------------------


def _stems(text):
    return [light_stem(word) for word in text.split()]


def _contains(stem):
    return Q(normalised_title__contains=f" {stem}") | Q(normalised_text__contains=f" {stem}")


class FallbackResults(ResultList):
    """Accent- and case-insensitive word-start matching on the folded columns, title first."""

    def __init__(self, query):
        super().__init__(query)
        self.concepts = [
            reduce(operator.or_, (reduce(operator.and_, map(_contains, _stems(text))) for text in concept.alternatives))
            for concept in query.concepts
        ]

    def _matching(self):
        score = sum(
            (
                Case(When(normalised_title__contains=f" {stem}", then=Value(4)), default=Value(0))
                + Case(When(normalised_text__contains=f" {stem}", then=Value(1)), default=Value(0))
                for stem in self.stems
            ),
            start=Value(0),
        )
        combine = operator.or_ if self.partial else operator.and_
        return self.documents.filter(reduce(combine, self.concepts)).annotate(score=score).order_by("-score", "pk")

    def _page(self, window):
        return _in_order(self.best[window])


class FallbackBackend:
    CORRECTION, SUGGESTION = 0.8, 0.6  # difflib ratios

    def session(self):
        return nullcontext()

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
