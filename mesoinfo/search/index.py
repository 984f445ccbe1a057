"""The search documents: one per article or question and per language, written whenever a page is saved.

Each document holds the page's publication state and its text in that language (title, summary, body as
plain text), folded copies for the SQLite fallback and, on PostgreSQL, the weighted full-text vector
(title A, summary B, body D) and the title-and-summary vector, in the site's own text-search
configuration (French or English, accents ignored). The words of the documents also go to `SearchWord`,
against which misspelt query words are matched.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Q
from django.utils import translation

from articles.models import Article
from faq.models import Question
from mesoinfo.models import SearchDocument, SearchWord, Status
from mesoinfo.text import clean, html_to_text, words

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Text-search configurations created by migration mesoinfo 0003: the language's stemmer after `unaccent`.
POSTGRES_CONFIGS = {"fr": "mesoinfo_french", "en": "mesoinfo_english"}
MIN_WORD, MAX_WORD = 3, 40
BATCH = 500


def uses_postgres():
    return connection.vendor == "postgresql"


def folded(text):
    """Folded words with a space before each, so that `contains(" " + stem)` matches at a word start."""
    return "".join(f" {word}" for word in words(text))


def documents_for(page):
    """The unsaved documents of an article or a question, one per language (falling back to French)."""
    is_article = isinstance(page, Article)
    documents = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            title = clean(page.title if is_article else page.question)
            summary = clean(page.summary) if is_article else ""
            body = html_to_text(page.body if is_article else page.answer)
        documents.append(
            SearchDocument(
                language=code,
                article=page if is_article else None,
                question=None if is_article else page,
                published=page.status == Status.PUBLISHED,
                published_at=page.published_at,
                title=title[:300],
                summary=summary,
                body=body,
                normalised_title=folded(title),
                normalised_text=folded(f"{summary} {body}"),
            )
        )
    return documents


def update(pages):
    """Write the documents of these articles and questions again (on save, or in bulk)."""
    pages = list(pages)
    if not pages:
        return
    article_ids = [page.pk for page in pages if isinstance(page, Article)]
    question_ids = [page.pk for page in pages if not isinstance(page, Article)]
    documents = [document for page in pages for document in documents_for(page)]
    with transaction.atomic():
        SearchDocument.objects.filter(Q(article_id__in=article_ids) | Q(question_id__in=question_ids)).delete()
        SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
        fill_vectors(SearchDocument.objects.filter(Q(article_id__in=article_ids) | Q(question_id__in=question_ids)))
        add_words(documents)


def fill_vectors(documents):
    """Compute the stored full-text vectors of these documents, in the database (PostgreSQL only)."""
    if not uses_postgres():
        return
    for code, config in POSTGRES_CONFIGS.items():
        head = SearchVector("title", weight="A", config=config) + SearchVector("summary", weight="B", config=config)
        documents.filter(language=code).update(
            search_vector=head + SearchVector("body", weight="D", config=config), head_vector=head
        )


def add_words(documents):
    vocabulary = {
        (document.language, word)
        for document in documents
        for word in f"{document.normalised_title} {document.normalised_text}".split()
        if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit()
    }
    SearchWord.objects.bulk_create(
        (SearchWord(language=language, word=word) for language, word in sorted(vocabulary)),
        batch_size=BATCH * 2,
        ignore_conflicts=True,
    )


def _all_pages():
    return Article.objects.order_by("pk"), Question.objects.order_by("pk")


def rebuild():
    """Every document and the whole vocabulary, from scratch."""
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchDocument.objects.all().delete()
        for queryset in _all_pages():
            pages = list(queryset)
            for start in range(0, len(pages), BATCH):
                update(pages[start : start + BATCH])


def update_missing():
    """Index the pages that have no document yet (written in bulk, or before the search existed)."""
    count = 0
    for queryset in _all_pages():
        pages = list(queryset.filter(search_documents__isnull=True))
        count += len(pages)
        update(pages)
    return count
