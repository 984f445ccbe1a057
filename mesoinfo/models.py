from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mesoinfo.prose import GlossaryLink
from mesoinfo.text import fold, initial, light_stem, words


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("To review")
    PUBLISHED = "published", _("Published")


class LoadedFromFile(models.Model):
    """Content that `load_content` may write from the files in `mesoinfo/content/`."""

    # Fingerprint of the loaded fields right after `load_content` wrote them: a different fingerprint
    # later means staff changed the object, and the loader leaves it alone.
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, with a publication date that has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def update(self, **kwargs):
        """Also keeps the search documents' copy of the publication state in step: admin actions that
        publish or withdraw pages in bulk go through here, not through save()."""
        if not {"status", "published_at"} & kwargs.keys():
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        SearchDocument.copy_publication(self.model, pks)
        return count


class Publishable(LoadedFromFile):
    """Editorial state shared by articles and FAQ questions."""

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("A date in the future keeps the page offline until then."),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review = models.DateField(_("next review due"), null=True, blank=True)
    author = models.ForeignKey(
        "articles.Contributor",
        on_delete=models.PROTECT,
        related_name="%(class)ss_written",
        verbose_name=_("author"),
        null=True,
        blank=True,
    )
    reviewer = models.ForeignKey(
        "articles.Contributor",
        on_delete=models.SET_NULL,
        related_name="%(class)ss_reviewed",
        verbose_name=_("medical reviewer"),
        null=True,
        blank=True,
        help_text=_("Leave empty until a physician has really reviewed the page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()


class SiteSettings(models.Model):
    """The clinic's details shown in the footer and on the contact page: a single record."""

    CACHE_KEY = "mesoinfo:site-settings"

    clinic_name = models.CharField(_("clinic name"), max_length=200, default="MésoInfo")
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    footer_notice = models.TextField(
        _("footer notice"),
        blank=True,
        help_text=_("Shown in the footer of every page, under the clinic's details."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, settings, None)
        return settings


def split_list(value):
    """Items of a comma-separated field, without blanks."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


class GlossaryTermQuerySet(models.QuerySet):
    def alphabetical(self):
        """Every term, A to Z in the current language, accents ignored (a small table: sorted in Python)."""
        return sorted(self, key=lambda term: fold(term.term))

    def links(self):
        """For each language code, the glossary as the texts of that language link to it."""
        terms = list(self)
        links = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                links[code] = [GlossaryLink(tuple(term.forms), term.get_absolute_url()) for term in terms]
        return links


class GlossaryTerm(LoadedFromFile):
    """A word patients may not know, explained in plain words; articles link to it automatically."""

    term = models.CharField(_("term"), max_length=100)
    slug = models.SlugField(
        _("anchor"), max_length=100, unique=True, help_text=_("Address of the definition: /glossaire/#anchor.")
    )
    definition = models.TextField(_("definition"), help_text=_("Two or three short sentences, in plain words."))
    other_forms = models.CharField(
        _("other forms"),
        max_length=300,
        blank=True,
        help_text=_("Plurals or variants that also link to the definition, separated by commas."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return f"{reverse('glossary')}#{self.slug}"

    @property
    def forms(self):
        """The words that link to this definition in a text of the current language."""
        return [self.term, *split_list(self.other_forms)]

    @property
    def letter(self):
        return initial(self.term)


class ConditionQuerySet(models.QuerySet):
    def alphabetical(self):
        return sorted(self, key=lambda condition: fold(condition.name))

    def with_published_pages(self):
        """Health problems with at least one published article or question."""
        now = timezone.now()
        articles = self.model.articles.through.objects.filter(
            condition_id=OuterRef("pk"), article__status=Status.PUBLISHED, article__published_at__lte=now
        )
        questions = self.model.questions.through.objects.filter(
            condition_id=OuterRef("pk"), question__status=Status.PUBLISHED, question__published_at__lte=now
        )
        return self.filter(Exists(articles) | Exists(questions))

    def with_published_pages_listed(self):
        """Each health problem with its published articles and questions, in one query each."""
        article_model = self.model.articles.rel.related_model
        question_model = self.model.questions.rel.related_model
        return self.prefetch_related(
            Prefetch(
                "articles",
                queryset=article_model.objects.published().select_related("category"),
                to_attr="published_articles",
            ),
            Prefetch(
                "questions",
                queryset=question_model.objects.published().select_related("theme"),
                to_attr="published_questions",
            ),
        )


class Condition(LoadedFromFile):
    """A health problem patients look up ("arthrose", "jambes lourdes"), tagging articles and questions."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What it is, in one or two plain sentences.")
    )

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("health problem")
        verbose_name_plural = _("health problems")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("condition_detail", kwargs={"slug": self.slug})

    @property
    def letter(self):
        return initial(self.name)

    @property
    def parent_crumbs(self):
        return [(reverse("condition_list"), _("Health problems"))]


def health_problems_field(help_text):
    """The health problems a page is about: `Article.conditions`, `Question.conditions`."""
    return models.ManyToManyField(
        Condition, blank=True, related_name="%(class)ss", verbose_name=_("health problems"), help_text=help_text
    )


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
    """What the search looks through: one row per article or question and per language, written again by
    `mesoinfo.search.index` whenever the article or question is saved (rows go with it when deleted).

    PostgreSQL searches `search_vector` (weighted full-text vector, one GIN index per language) and ranks
    first on the small `head_vector` (title and summary); SQLite searches the folded columns. The page's
    publication state is copied here so that a search reads this table only.
    """

    language = models.CharField(max_length=10)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="search_documents"
    )
    question = models.ForeignKey(
        "faq.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="search_documents"
    )
    published = models.BooleanField(default=False)  # the page's status is "published"…
    published_at = models.DateTimeField(null=True)  # …from this date
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    normalised_title = models.TextField(blank=True)
    normalised_text = models.TextField(blank=True)
    # tsvector columns on PostgreSQL; SQLite accepts the columns and leaves them empty.
    search_vector = SearchVectorField(null=True, blank=True)
    head_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="unique_article_document"),
            models.UniqueConstraint(fields=["question", "language"], name="unique_question_document"),
            models.CheckConstraint(
                condition=models.Q(article__isnull=True, question__isnull=False)
                | models.Q(article__isnull=False, question__isnull=True),
                name="document_of_one_page",
            ),
        ]

    def __str__(self):
        return f"{self.language}: {self.title}"

    @classmethod
    def copy_publication(cls, model, pks):
        """Copy the publication state of these articles or questions (`model`) to their documents."""
        field = model._meta.model_name  # "article" or "question"
        page = model._base_manager.filter(pk=OuterRef(f"{field}_id"))
        cls.objects.filter(**{f"{field}_id__in": pks}).update(
            published=Exists(page.filter(status=Status.PUBLISHED)),
            published_at=Subquery(page.values("published_at")[:1]),
        )

    @property
    def page(self):
        return self.article or self.question


class SearchWord(models.Model):
    """The words of the indexed pages, folded: misspelt query words are matched against them."""

    language = models.CharField(max_length=10)
    word = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="unique_search_word")]

    def __str__(self):
        return self.word
