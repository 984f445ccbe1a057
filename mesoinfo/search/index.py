"""The search documents: one per searchable page and per language, written whenever the page is saved.

A searchable page is an instance of any model with a `search_document()` method, which returns, in the
current language, what the search needs: `title`, `summary`, `body` (HTML or text), `url`, `section_name`,
`section_url`, `published` and `published_at`. Each document holds that, folded copies for the SQLite
fallback and, on PostgreSQL, the weighted full-text vector (title A, summary B, body D) and the
title-and-summary vector, in the site's own text-search configuration (French or English, accents ignored).
The words of the documents also go to `SearchWord`, against which misspelt query words are matched.
"""

import functools

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Q
from django.utils import translation

from mesoinfo.editorial.text import clean, html_to_text, words
from mesoinfo.search.models import SearchDocument, SearchWord

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Text-search configurations created by the search app's migrations: the language's stemmer after `unaccent`.
POSTGRES_CONFIGS = {"fr": "mesoinfo_french", "en": "mesoinfo_english"}
MIN_WORD, MAX_WORD = 3, 40
BATCH = 500


def uses_postgres():
    return connection.vendor == "postgresql"


@functools.cache
def searchable_models():
    """The models whose instances are searched: those with a `search_document()` method."""
    return tuple(model for model in apps.get_models() if callable(getattr(model, "search_document", None)))


def folded(text):
    """Folded words with a space before each, so that `contains(" " + stem)` matches at a word start."""
    return "".join(f" {word}" for word in words(text))


def documents_for(page):
    """The unsaved documents of a page, one per language (its texts fall back to French)."""
    content_type = ContentType.objects.get_for_model(page)
    documents = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            fields = page.search_document()
        title, summary, body = clean(fields["title"]), clean(fields.get("summary", "")), html_to_text(fields["body"])
        documents.append(
            SearchDocument(
                language=code,
                content_type=content_type,
                object_id=page.pk,
                published=fields["published"],
                published_at=fields["published_at"],
                title=title[:300],
                summary=summary,
                body=body,
                url=fields["url"],
                section_name=fields.get("section_name", "")[:200],
                section_url=fields.get("section_url", ""),
                normalised_title=folded(title),
                normalised_text=folded(f"{summary} {body}"),
            )
        )
    return documents


def update(pages):
    """Write the documents of these pages again (on save, or in bulk)."""
    pages = list(pages)
    if not pages:
        return
    by_type = {}
    for page in pages:
        by_type.setdefault(ContentType.objects.get_for_model(page).pk, []).append(page.pk)
    of_pages = Q(pk__in=[])
    for type_id, pks in by_type.items():
        of_pages |= Q(content_type_id=type_id, object_id__in=pks)
    documents = [document for page in pages for document in documents_for(page)]
    with transaction.atomic():
        SearchDocument.objects.filter(of_pages).delete()
        SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
        fill_vectors(SearchDocument.objects.filter(of_pages))
        add_words(documents)


def remove(page):
    """Forget a deleted page."""
    SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(page), object_id=page.pk).delete()


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
    return [model._base_manager.order_by("pk") for model in searchable_models()]


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
        indexed = SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(queryset.model))
        pages = list(queryset.exclude(pk__in=indexed.values("object_id")))
        count += len(pages)
        update(pages)
    return count
