"""What the search reads: one document per page and language, the words of the pages (for spelling), and the
synonyms staff give for what visitors type."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoinfo.editorial.models import LoadedFromFile
from mesoinfo.editorial.text import split_list, words
from mesoinfo.search.analysis import stem


class Synonym(LoadedFromFile):
    """Words visitors type, and the words our pages use for the same thing: both are searched."""

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="fr")
    phrase = models.CharField(
        _("what visitors type"), max_length=100, help_text=_("A word or a few words (five at most), e.g. « sécu ».")
    )
    alternatives = models.CharField(
        _("also search for"),
        max_length=300,
        help_text=_("Words our pages use, separated by commas, e.g. « Assurance Maladie »."),
    )
    # The phrase as the search compares it (the stems of its words): set on save, indexed,
    # so that a search reads only the synonyms of its own words.
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["language", "phrase"]
        constraints = [models.UniqueConstraint(fields=["language", "phrase"], name="unique_synonym_phrase")]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return f"{self.phrase} → {self.alternatives}"

    def save(self, *args, **kwargs):
        self.key = synonym_key(words(self.phrase), self.language)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "key"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if not words(self.phrase):
            errors["phrase"] = _("Type at least one word.")
        if not any(words(item) for item in split_list(self.alternatives)):
            errors["alternatives"] = _("Type at least one word to search for.")
        if errors:
            raise ValidationError(errors)

    @property
    def alternative_list(self):
        return split_list(self.alternatives)


def synonym_key(tokens, language):
    """How a phrase is compared with the words of a query: "Effets secondaires" and "effet secondaire" (or
    "efets secondaires") give the same key: the stems of its words."""
    return " ".join(stem(token, language) for token in tokens)


class SearchDocument(models.Model):
    """What the search looks through: one row per page and language, for the pages visitors may see now
    (published, with a publication date that has come), written by `mesoinfo.search.index` whenever a page is
    saved, published, withdrawn or deleted. A page that is not visible has no row: nothing of a draft, a page
    scheduled for later or a deleted page can be found or suggested.

    Any model with a `search_document()` method is indexed (articles, questions, health problems, glossary
    terms…): the row keeps what a result shows (title, texts, address, section), so that a page of results
    reads this table only. Each text is also kept as stems (`analysis.stem_line`), line by line: the body has
    one sentence per line and an empty line between paragraphs, and its stems line up with it, so that the
    snippet is the sentence that matches best. PostgreSQL searches `search_vector` (title A, summary B,
    headings C, body D; GIN index per language) and ranks on `head_vector` (A, B and C only, small and kept
    in the row, with its own GIN index); SQLite searches the stem columns.
    """

    language = models.CharField(max_length=10)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)  # the answer at a glance: one sentence per line
    headings = models.TextField(blank=True)  # one per line
    body = models.TextField(blank=True)  # one sentence per line, an empty line between paragraphs
    url = models.CharField(max_length=500, blank=True)
    section_name = models.CharField(max_length=200, blank=True)
    section_url = models.CharField(max_length=500, blank=True)
    normalised_title = models.TextField(blank=True)
    normalised_summary = models.TextField(blank=True)
    normalised_headings = models.TextField(blank=True)
    normalised_body = models.TextField(blank=True)
    title_terms = models.PositiveSmallIntegerField(default=0)  # how many stems the title has
    title_key = models.CharField(max_length=400, blank=True)  # its folded words, stop words included
    boost = models.FloatField(default=0)  # added to the score: a definition comes after the pages that explain
    words = models.TextField(blank=True)  # the page's folded words, each once: what it adds to the vocabulary
    # tsvector columns on PostgreSQL; SQLite accepts the columns and leaves them empty.
    search_vector = SearchVectorField(null=True, blank=True)
    head_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "language"], name="unique_page_document")
        ]

    def __str__(self):
        return f"{self.language}: {self.title}"


class PendingPage(models.Model):
    """A page published for a date still to come: it gets its documents then (`index.publish_due`), and
    until then nothing of it is in the search."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    due = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_pending_page")]

    def __str__(self):
        return f"{self.content_type_id}/{self.object_id} at {self.due}"


class SearchWord(models.Model):
    """The folded words of the searchable pages, with how many documents have each: misspelt query words are
    matched against them (trigram index on PostgreSQL). A word goes when its last document goes. The empty
    word counts every document of its language (idf of the query's words)."""

    language = models.CharField(max_length=10)
    word = models.CharField(max_length=40)
    stem = models.CharField(max_length=40)
    documents = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="unique_search_word")]
        indexes = [models.Index(fields=["language", "stem"], name="search_word_stem")]

    def __str__(self):
        return self.word
