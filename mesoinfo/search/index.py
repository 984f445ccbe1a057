"""The search documents and the vocabulary: written from the pages visitors may see now, and only from them.

A searchable page is an instance of any model with a `search_document()` method, which returns, in the
current language, what the search needs: `title`, `summary` (the answer at a glance: "l'essentiel", the short
answer), `body` (HTML), `url`, `section_name`, `section_url`, `published` (its status says published) and
`published_at` (None: at once), and optionally `keywords` (other names, searched like the headings, never
shown) and `boost` (added to the score: below 0 for pages that should come after the others).

`update(pages)` writes the documents of the pages that are visible now, removes those of the others, and
remembers the pages published for a later date (`PendingPage`); `publish_due()` indexes them when their date
comes (the search checks it before every query). The vocabulary (`SearchWord`: the words of the documents,
each with its number of documents) changes with the documents, so that a word disappears with the last
visible page that had it: spelling suggestions never come from a draft, a scheduled or a deleted page.
"""

import contextlib
import functools
import threading
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone, translation

from mesoinfo.editorial.text import clean
from mesoinfo.search import analysis
from mesoinfo.search.models import PendingPage, SearchDocument, SearchWord

_writes = threading.local()


@contextlib.contextmanager
def paused():
    """No index write from the signals meanwhile: a restore loads documents and vocabulary as they were saved
    (a tag's signal would otherwise write vocabulary rows under the numbers the archive's rows are about to
    take), then fills what is missing."""
    previous, _writes.paused = is_paused(), True
    try:
        yield
    finally:
        _writes.paused = previous


def is_paused():
    return getattr(_writes, "paused", False)


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
MIN_WORD, MAX_WORD = 3, 40  # the vocabulary's words: shorter ones are never corrected
BATCH = 500
DOCUMENT_COUNT = ""  # the vocabulary's empty word: every document has it, so it counts them


def uses_postgres():
    return connection.vendor == "postgresql"


@functools.cache
def searchable_models():
    """The models whose instances are searched: those with a `search_document()` method."""
    return tuple(model for model in apps.get_models() if callable(getattr(model, "search_document", None)))


def _lines(text, language):
    """(display, stems): a text's sentences one per line, and their stems line for line."""
    found = analysis.sentences(text)
    return "\n".join(found), "\n".join(analysis.stem_line(sentence, language) for sentence in found)


@dataclass
class _Texts:
    """One page's texts in one language, as the document keeps them."""

    fields: dict
    language: str

    def document(self, content_type, object_id):
        fields, language = self.fields, self.language
        title = clean(fields["title"])[:300]
        summary, summary_stems = _lines(fields.get("summary") or "", language)
        keywords = clean(fields.get("keywords") or "")
        headings, paragraphs = [], []
        for is_heading, text in analysis.html_blocks(fields.get("body") or ""):
            (headings if is_heading else paragraphs).append(text)
        body = [_lines(paragraph, language) for paragraph in paragraphs]
        title_stems = analysis.stems(title, language)
        texts = [title, summary, keywords, *headings, *paragraphs]
        words = {
            word
            for text in texts
            for word in analysis.index_words(text, language)
            if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit()
        }
        return SearchDocument(
            language=language,
            content_type=content_type,
            object_id=object_id,
            title=title,
            summary=summary,
            headings="\n".join(headings),
            body="\n\n".join(display for display, _stems in body),
            url=fields["url"],
            section_name=(fields.get("section_name") or "")[:200],
            section_url=fields.get("section_url") or "",
            normalised_title=analysis.stem_line(title, language),
            normalised_summary=summary_stems,
            normalised_headings="\n".join(analysis.stem_line(text, language) for text in [keywords, *headings] if text),
            normalised_body="\n\n".join(stems for _display, stems in body),
            title_terms=min(len(set(title_stems)), 32767),
            title_key=analysis.phrase_key(title)[:400],
            boost=float(fields.get("boost") or 0),
            words=" ".join(sorted(words)),
        )


def _visibility(fields, now):
    """(visible now, date it will be visible or None)."""
    if not fields.get("published"):
        return False, None
    published_at = fields.get("published_at")
    if published_at is not None and published_at > now:
        return False, published_at
    return True, None


def documents_for(page, content_type=None, now=None):
    """(unsaved documents, date the page becomes visible): no document for a page visitors cannot see now."""
    content_type = content_type or ContentType.objects.get_for_model(page)
    now = now or timezone.now()
    documents = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            fields = page.search_document()
        visible, due = _visibility(fields, now)
        if not visible:
            return [], due
        documents.append(_Texts(fields, code).document(content_type, page.pk))
    return documents, None


def _of_pages(pages_by_type):
    condition = Q(pk__in=[])
    for type_id, pks in pages_by_type.items():
        condition |= Q(content_type_id=type_id, object_id__in=pks)
    return condition


def update(pages):
    """Write the documents of these pages again (on save, on publication, or in bulk): the visible ones get
    documents, the others lose theirs; those published for later are remembered until their date."""
    pages = [page for page in pages if page.pk is not None]
    if not pages:
        return
    now = timezone.now()
    by_type, documents, pending = {}, [], []
    for page in pages:
        content_type = ContentType.objects.get_for_model(page)
        by_type.setdefault(content_type.pk, []).append(page.pk)
        found, due = documents_for(page, content_type, now)
        documents += found
        if due is not None:
            pending.append(PendingPage(content_type=content_type, object_id=page.pk, due=due))
    of_pages = _of_pages(by_type)
    with transaction.atomic():
        old = list(SearchDocument.objects.filter(of_pages).values_list("pk", "language", "words"))
        SearchDocument.objects.filter(pk__in=[pk for pk, _language, _words in old]).delete()
        PendingPage.objects.filter(of_pages).delete()
        created = SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
        PendingPage.objects.bulk_create(pending, batch_size=BATCH)
        fill_vectors([document.pk for document in created])
        change_vocabulary(
            removed=[(language, words) for _pk, language, words in old],
            added=[(document.language, document.words) for document in created],
        )


def remove(page):
    """Forget a deleted page: its documents, its words, its date of publication."""
    content_type = ContentType.objects.get_for_model(page)
    with transaction.atomic():
        documents = SearchDocument.objects.filter(content_type=content_type, object_id=page.pk)
        old = list(documents.values_list("language", "words"))
        documents.delete()
        PendingPage.objects.filter(content_type=content_type, object_id=page.pk).delete()
        change_vocabulary(removed=old, added=[])


def fill_vectors(pks):
    """Compute the stored full-text vectors of these documents from their stems (PostgreSQL only)."""
    if not uses_postgres() or not pks:
        return
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    head = (
        "setweight(to_tsvector('simple', normalised_title), 'A') || "
        "setweight(to_tsvector('simple', normalised_summary), 'B') || "
        "setweight(to_tsvector('simple', normalised_headings), 'C')"
    )
    body = "setweight(to_tsvector('simple', normalised_body), 'D')"
    with connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH):
            cursor.execute(
                f"UPDATE {table} SET head_vector = {head}, search_vector = {head} || {body} WHERE id = ANY(%s)",  # noqa: S608
                [pks[start : start + BATCH]],
            )


def change_vocabulary(removed, added):
    """Count the words of documents removed and added: [(language, "word word …")]. A word whose count falls
    to nothing goes."""
    counts = Counter()
    for sign, documents in ((-1, removed), (1, added)):
        for language, words in documents:
            counts[language, DOCUMENT_COUNT] += sign
            for word in words.split():
                counts[language, word] += sign
    changes = [(language, word, count) for (language, word), count in counts.items() if count]
    if not changes:
        return
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(changes), BATCH):
            batch = changes[start : start + BATCH]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            params = [
                value
                for language, word, count in batch
                for value in (language, word, analysis.stem(word, language), count)
            ]
            cursor.execute(
                f"INSERT INTO {table} (language, word, stem, documents) VALUES {values} "  # noqa: S608
                f"ON CONFLICT (language, word) DO UPDATE SET documents = {table}.documents + excluded.documents",
                params,
            )
        gone = [(language, word) for language, word, count in changes if count < 0]
        for start in range(0, len(gone), BATCH):
            batch = gone[start : start + BATCH]
            pairs = " OR ".join(["(language = %s AND word = %s)"] * len(batch))
            cursor.execute(
                f"DELETE FROM {table} WHERE documents <= 0 AND ({pairs})",  # noqa: S608
                [value for pair in batch for value in pair],
            )


def all_pages(model):
    """Every instance of a searchable model, whatever its state, with what its document shows (its section)."""
    queryset = model._base_manager.order_by("pk")
    section = getattr(model, "section_field", None)
    return queryset.select_related(section) if section else queryset


def _in_batches(queryset):
    pages = list(queryset)
    for start in range(0, len(pages), BATCH):
        yield pages[start : start + BATCH]


def rebuild():
    """Every document, the vocabulary and the pages to publish later, from scratch."""
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchDocument.objects.all().delete()
        PendingPage.objects.all().delete()
        for model in searchable_models():
            for pages in _in_batches(all_pages(model)):
                update(pages)


def update_missing():
    """Index the visible pages that have no document yet (written in bulk, or before the search existed)."""
    count = 0
    for model in searchable_models():
        content_type = ContentType.objects.get_for_model(model)
        known = SearchDocument.objects.filter(content_type=content_type).values("object_id")
        waiting = PendingPage.objects.filter(content_type=content_type).values("object_id")
        for pages in _in_batches(all_pages(model).exclude(pk__in=known).exclude(pk__in=waiting)):
            update(pages)
            count += sum(1 for page in pages if documents_exist(page))
    return count


def documents_exist(page):
    return SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(page), object_id=page.pk
    ).exists()


def publish_due(now=None):
    """Index the pages whose publication date has come; returns how many. Run before a search when one is due:
    a page scheduled for 9:00 is found from 9:00, with no scheduler."""
    now = now or timezone.now()
    with transaction.atomic():
        # Another process publishing the same pages skips them rather than waiting for them.
        due = list(
            PendingPage.objects.select_for_update(skip_locked=True)
            .filter(due__lte=now)
            .values_list("pk", "content_type_id", "object_id")
        )
        if not due:
            return 0
        by_type = {}
        for _pk, type_id, object_id in due:
            by_type.setdefault(type_id, []).append(object_id)
        PendingPage.objects.filter(pk__in=[pk for pk, _type, _id in due]).delete()
        for type_id, pks in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is not None:
                pages = list(all_pages(model).filter(pk__in=pks))
                update(pages)
                update(related_searchables(pages))
    return len(due)


def related_searchables(pages):
    """What a page's publication changes besides itself: the searchable objects it is tagged with (health
    problems), which are listed, and searchable, only while one of their pages is visible."""
    by_model, related = {}, {}
    for page in pages:
        if page.pk is not None:
            by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        fields = [field.name for field in model._meta.many_to_many if field.related_model in searchable_models()]
        if not fields:
            continue
        prefetch_related_objects(group, *fields)
        for page in group:
            for name in fields:
                for item in getattr(page, name).all():
                    related[type(item), item.pk] = item
    return list(related.values())
