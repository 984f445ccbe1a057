"""What the search reads: one document per page and language, the words of the pages (for spelling), and the
synonyms staff give for what visitors type."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from mesoinfo.editorial.models import LoadedFromFile, Status
from mesoinfo.editorial.text import light_stem, split_list, words


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
    # The phrase as the search compares it (folded, plurals and final e removed): set on save, indexed,
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
        self.key = synonym_key(words(self.phrase))
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


def synonym_key(tokens):
    """How a phrase is compared with the words of a query: "Effets secondaires" and "effet secondaire"
    give the same key."""
    return " ".join(light_stem(token) for token in tokens)


class SearchDocument(models.Model):
    """What the search looks through: one row per page and per language, written again by
    `mesoinfo.search.index` whenever the page is saved, and deleted with it.

    Any model with a `search_document()` method is indexed (articles, questions…): the row keeps what a
    result shows (title, text, address, section), so that a page of results reads this table only.
    PostgreSQL searches `search_vector` (weighted full-text vector, one GIN index per language) and ranks
    first on the small `head_vector` (title and summary); SQLite searches the folded columns. The page's
    publication state is copied here too.
    """

    language = models.CharField(max_length=10)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    published = models.BooleanField(default=False)  # the page's status is "published"…
    published_at = models.DateTimeField(null=True)  # …from this date
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    section_name = models.CharField(max_length=200, blank=True)
    section_url = models.CharField(max_length=500, blank=True)
    normalised_title = models.TextField(blank=True)
    normalised_text = models.TextField(blank=True)
    # tsvector columns on PostgreSQL; SQLite accepts the columns and leaves them empty.
    search_vector = SearchVectorField(null=True, blank=True)
    head_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "language"], name="unique_page_document")
        ]

    def __str__(self):
        return f"{self.language}: {self.title}"

    @classmethod
    def copy_publication(cls, model, pks):
        """Copy the publication state of these pages of `model` to their documents."""
        page = model._base_manager.filter(pk=OuterRef("object_id"))
        cls.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=pks).update(
            published=Exists(page.filter(status=Status.PUBLISHED)),
            published_at=Subquery(page.values("published_at")[:1]),
        )

    @property
    def kind(self):
        """What the page is ("Article", "Question"), for the result list."""
        return ContentType.objects.get_for_id(self.content_type_id).model_class()._meta.verbose_name


class SearchWord(models.Model):
    """The words of the indexed pages, folded: misspelt query words are matched against them."""

    language = models.CharField(max_length=10)
    word = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="unique_search_word")]

    def __str__(self):
        return self.word
