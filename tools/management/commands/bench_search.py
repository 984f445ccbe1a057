"""Search latency on PostgreSQL with a large corpus: `make bench-search`.

Fills the database with generated articles and questions (sentences of the real content, shuffled: the
words and their frequencies are those of the site), indexes them, then sends the patient queries of
tools/search_queries.py (words, phrases, questions, misspellings, English) to the search page through
Django's whole request stack, every one rendered (neither the per-client limit nor the cache of results
applies), and prints the latency percentiles.

The generated pages have slugs starting with "bench-"; they are kept between runs (run again with other
counts, or `--clear`, to replace or remove them). Use a database of its own: BENCH_DATABASE_URL.
"""

import os
import random
import re
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from articles.models import Article, Category
from faq.models import Question, Theme
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import Status
from mesoinfo.editorial.text import html_to_text, words
from mesoinfo.search import index
from mesoinfo.search.models import SearchDocument, SearchWord
from tools import loadtest, search_queries

PREFIX = "bench-"
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Fill PostgreSQL with generated pages and print the search page's p50 and p95 latency."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--questions", type=int, default=1_000)
        parser.add_argument("--queries", type=int, default=len(search_queries.MIX))
        parser.add_argument("--rounds", type=int, default=3, help="times each query is sent (the best counts)")
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--clear", action="store_true", help="remove the generated pages and stop")

    def handle(self, *args, articles, questions, queries, rounds, seed, clear, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The search benchmark needs PostgreSQL: "
                "BENCH_DATABASE_URL=postgres://user@host:5432/a_database_of_its_own make bench-search"
            )
        loadtest.ensure_database()
        call_command("migrate", interactive=False, verbosity=0)
        if clear:
            self._clear()
            self.stdout.write("generated pages removed")
            return
        ContentLoader().load()
        self.random = random.Random(seed)  # noqa: S311 (reproducible test data, not a secret)
        self._fill(articles, questions)
        with override_settings(SEARCH_RATE_LIMIT=0, SEARCH_CACHE_SECONDS=0):  # every query rendered
            self._measure(queries, rounds)

    # Data -----------------------------------------------------------------------------------------

    def _clear(self):
        with transaction.atomic():
            Question.objects.filter(slug__startswith=PREFIX).delete()
            Article.objects.filter(slug__startswith=PREFIX).delete()

    def _fill(self, article_count, question_count):
        have = (
            Article.objects.filter(slug__startswith=PREFIX).count(),
            Question.objects.filter(slug__startswith=PREFIX).count(),
        )
        if have == (article_count, question_count):
            self.stdout.write(f"{article_count} generated articles and {question_count} questions already there")
            return
        self._clear()
        started = time.perf_counter()
        texts = self._texts()
        categories, themes = list(Category.objects.all()), list(Theme.objects.all())
        now = timezone.now()
        common = {"status": Status.PUBLISHED, "published_at": now, "last_reviewed": now.date()}
        Article.objects.bulk_create(
            (
                Article(
                    slug=f"{PREFIX}{n}",
                    category=self.random.choice(categories),
                    position=n,
                    **common,
                    **self._page_texts(Article.translation_required, texts, (1, 2, 30)),
                )
                for n in range(article_count)
            ),
            batch_size=1000,
        )
        Question.objects.bulk_create(
            (
                Question(
                    slug=f"{PREFIX}q{n}",
                    theme=self.random.choice(themes),
                    position=n,
                    **common,
                    **self._page_texts(Question.translation_required, texts, (1, 6)),
                )
                for n in range(question_count)
            ),
            batch_size=1000,
        )
        for model in (Article, Question):
            pages = list(index.all_pages(model).filter(slug__startswith=PREFIX))
            for start in range(0, len(pages), index.BATCH * 2):
                index.update(pages[start : start + index.BATCH * 2])
        with connection.cursor() as cursor:
            for model in (Article, Question, SearchDocument, SearchWord):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self.stdout.write(
            f"generated {article_count} articles and {question_count} questions, indexed "
            f"{SearchDocument.objects.count()} documents in {time.perf_counter() - started:.0f} s"
        )

    def _texts(self):
        """Per language, the sentences and the titles of the real content."""
        texts = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                real = list(Article.objects.exclude(slug__startswith=PREFIX)) + list(
                    Question.objects.exclude(slug__startswith=PREFIX)
                )
                bodies = [html_to_text(page.body if isinstance(page, Article) else page.answer) for page in real]
                titles = [page.title if isinstance(page, Article) else page.question for page in real]
            sentences = [s for body in bodies for s in SENTENCE_RE.split(body) if len(s.split()) >= 4]
            texts[code] = (sentences, titles)
        return texts

    def _page_texts(self, fields, texts, sizes):
        """A page's title and texts made of the real sentences, in both languages: {"title_fr": …, …}. Written
        with the row: the database refuses a page without its French texts."""
        values = {}
        for code, (sentences, titles) in texts.items():
            title = f"{self.random.choice(titles).rstrip(' ?')} {self.random.choice(sentences).split()[-1]}"
            parts = [title[:200]] + [" ".join(self.random.sample(sentences, size)) for size in sizes[1:]]
            if fields[-1] in ("body", "answer"):
                paragraphs = SENTENCE_RE.split(parts[-1])
                parts[-1] = "".join(f"<p>{' '.join(paragraphs[i : i + 5])}</p>" for i in range(0, len(paragraphs), 5))
            values.update({f"{name}_{code}": part for name, part in zip(fields, parts, strict=True)})
        return values

    # Queries ---------------------------------------------------------------------------------------

    def _queries(self, count):
        """The mix of patient queries, then, past its size, words of the titles (some with a letter dropped)."""
        with translation.override("fr"):
            vocabulary = sorted(
                {word for title in Article.objects.values_list("title", flat=True) for word in words(title)}
            )
        vocabulary = [word for word in vocabulary if len(word) >= 4]
        chosen = list(search_queries.MIX)
        while len(chosen) < count:
            picked = self.random.sample(vocabulary, self.random.choice((1, 2, 2, 3)))
            if self.random.random() < 0.3:  # a typo: one letter dropped
                word = picked[0]
                cut = self.random.randrange(1, len(word))
                picked[0] = word[:cut] + word[cut + 1 :]
            chosen.append(("fr", " ".join(picked)))
        self.random.shuffle(chosen)
        return chosen[:count]

    def _measure(self, count, rounds):
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "testserver")
        queries = self._queries(count)
        sql_time = []

        def timed_sql(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_time[-1] += time.perf_counter() - started

        def get(path):
            sql_time.append(0.0)
            started = time.perf_counter()
            with connection.execute_wrapper(timed_sql):
                response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise CommandError(f"{path}: status {response.status_code}")
            return elapsed, sql_time[-1] * 1000

        for language, query in queries[:20]:  # warm-up: connections, templates, caches of PostgreSQL
            get(search_queries.address(language, query))
        # Every query `rounds` times, round after round: the best of its times is its cost without the
        # other processes of a shared machine; the first round is what one visitor got.
        rounds = [
            [(*get(search_queries.address(language, query)), query) for language, query in queries]
            for _ in range(rounds)
        ]
        timings = [min(times) for times in zip(*rounds, strict=True)]
        first = [elapsed for elapsed, _sql, _query in rounds[0]]
        # The same page without a query, for comparison: what the site's layout alone costs on this machine.
        empty = [get("/recherche/")[0] for _ in range(50)]

        values = [elapsed for elapsed, _sql, _query in timings]
        sql = [sql for _elapsed, sql, _query in timings]
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        self.stdout.write(
            f"\nsearch page, {len(values)} queries through the whole Django stack, PostgreSQL {version}, "
            f"{Article.objects.count()} articles and {Question.objects.count()} questions "
            f"({SearchDocument.objects.count()} search documents), load average {os.getloadavg()[0]:.1f}"
        )
        self.stdout.write(
            f"best of {len(rounds)} per query: p50 {percentile(values, 0.5):.1f} ms   "
            f"p95 {percentile(values, 0.95):.1f} ms   mean {statistics.mean(values):.1f} ms   max {max(values):.1f} ms"
        )
        self.stdout.write(f"  of which SQL: p50 {percentile(sql, 0.5):.1f} ms   p95 {percentile(sql, 0.95):.1f} ms")
        self.stdout.write(
            f"first round alone: p50 {percentile(first, 0.5):.1f} ms   p95 {percentile(first, 0.95):.1f} ms"
        )
        self.stdout.write(f"the same page without a query: p50 {percentile(empty, 0.5):.1f} ms")
        self.stdout.write("slowest: " + "; ".join(f"{q!r} {e:.0f} ms" for e, _s, q in sorted(timings)[-5:]))
        goal = self.style.SUCCESS("met") if percentile(values, 0.95) < 30 else self.style.WARNING("not met")
        self.stdout.write(f"goal p95 < 30 ms: {goal}")
