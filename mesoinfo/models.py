import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from mesoinfo.fields import SanitizedHTMLField
from mesoinfo.prose import GlossaryLink
from mesoinfo.text import fold, initial, light_stem, words

REVIEW_NOTICE_DAYS = 30


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("To review")
    PUBLISHED = "published", _("Published")


class TranslatedQuerySet(models.QuerySet):
    def available_in(self, language):
        """The objects whose required texts exist in `language` (see `Translated.translation_required`)."""
        condition = Q()
        for name in self.model.translation_required:
            field = build_localized_fieldname(name, language)
            condition &= Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})
        return self.filter(condition)


class Translated:
    """Knows in which languages an object really exists.

    django-modeltranslation falls back to French silently when an English field is empty; a page only
    exists in English when every field named in `translation_required` is filled in English.
    """

    translation_required = ()

    def has_language(self, language):
        return all(
            (getattr(self, build_localized_fieldname(name, language)) or "").strip()
            for name in self.translation_required
        )

    @property
    def languages(self):
        return [code for code, _name in settings.LANGUAGES if self.has_language(code)]

    def text_language(self, language=None):
        """The language the texts are shown in: the one asked for, or French when it is missing."""
        language = language or get_language()
        return language if self.has_language(language) else settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("English translation missing")
    OUTDATED = "outdated", _("Translation to review")
    UP_TO_DATE = "ok", _("Translation up to date")


class StaleVersionError(Exception):
    """Someone else saved the object since this copy of it was read: saving it would erase their work."""


class LoadedFromFile(models.Model):
    """Content that `load_content` may write from the files in `mesoinfo/content/`."""

    # Fingerprint of the loaded fields right after `load_content` wrote them: a different fingerprint
    # later means staff changed the object, and the loader leaves it alone.
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class PublishableQuerySet(TranslatedQuerySet):
    def published(self):
        """What visitors may see: published, with a publication date that has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Visitors see what is published; staff who may view these pages also see drafts (preview)."""
        if self.model.can_preview(user):
            return self.all()
        return self.published()

    def awaiting_review(self):
        return self.filter(status=Status.REVIEW)

    def review_due(self, within_days=REVIEW_NOTICE_DAYS):
        """Pages whose next medical review date is past or comes within `within_days` days."""
        return self.filter(next_review__lte=timezone.localdate() + datetime.timedelta(days=within_days))

    def _translation_missing_q(self):
        q = Q()
        for name in self.model.translation_required:
            q |= Q(**{f"{name}_en": ""}) | Q(**{f"{name}_en__isnull": True})
        return q

    def translation_missing(self):
        return self.filter(self._translation_missing_q())

    def translation_outdated(self):
        """English present, but the French text changed after the English text was last saved."""
        return self.exclude(self._translation_missing_q()).filter(french_updated_at__gt=F("english_updated_at"))

    def translation_up_to_date(self):
        return self.exclude(self._translation_missing_q()).exclude(french_updated_at__gt=F("english_updated_at"))

    def update(self, **kwargs):
        """Also keeps the search documents' copy of the publication state in step: admin actions that
        publish or withdraw pages in bulk go through here, not through save()."""
        if not {"status", "published_at"} & kwargs.keys():
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        SearchDocument.copy_publication(self.model, pks)
        return count


class Publishable(Translated, LoadedFromFile):
    """Editorial state shared by articles and FAQ questions: workflow, review, locking, translation dates."""

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
    # Optimistic locking: each save increments it, and a save made from an older copy is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    # When the French and the English texts last changed, to flag translations to review.
    french_updated_at = models.DateTimeField(_("French text updated"), null=True, blank=True, editable=False)
    english_updated_at = models.DateTimeField(_("English text updated"), null=True, blank=True, editable=False)

    # What history keeps out of its copies: bookkeeping that a restore must not roll back.
    history_excluded_fields = ["version", "loaded_checksum", "french_updated_at", "english_updated_at"]

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    # Saving with optimistic locking ---------------------------------------------------------

    def save(self, *args, **kwargs):
        self._touch_language_dates(timezone.now())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "french_updated_at", "english_updated_at"}
        self._expected_version = None if self._state.adding else self.version
        if self._expected_version is not None:
            self.version = self._expected_version + 1
        try:
            # In a savepoint: a refused save leaves the caller's transaction usable.
            with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
                super().save(*args, **kwargs)
        except StaleVersionError:
            self.version = self._expected_version
            raise
        finally:
            self._expected_version = None
        self._loaded_texts = {
            name: self.__dict__[name]
            for lang in ("fr", "en")
            for name in self.translated_attnames(lang)
            if name in self.__dict__  # deferred fields stay unread
        }

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs):
        """Update the row only if it still holds the version this copy was read at (one UPDATE)."""
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs)
        locked = base_qs.filter(version=expected)
        if super()._do_update(locked, using, pk_val, values, update_fields, forced_update, *args, **kwargs):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleVersionError(f"{self._meta.label} {pk_val}: version {expected} is no longer the current one")
        return False  # the row is gone: Django inserts it again, as for any save of a deleted object

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def review_overdue(self):
        """The planned review date has passed: the page says so, it may be out of date."""
        return self.next_review is not None and self.next_review < timezone.localdate()

    @classmethod
    def can_preview(cls, user):
        opts = cls._meta
        return bool(
            user and user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        )

    @classmethod
    def publish_permission(cls):
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"

    # Translation status ---------------------------------------------------------------------

    @classmethod
    def translated_attnames(cls, language):
        from modeltranslation.translator import translator

        return [f"{name}_{language}" for name in sorted(translator.get_options_for_model(cls).all_fields)]

    def missing_translations(self):
        return [name for name in self.translation_required if not (getattr(self, f"{name}_en") or "").strip()]

    @property
    def translation_status(self):
        if self.missing_translations():
            return TranslationStatus.MISSING
        if self.french_updated_at and self.english_updated_at and self.french_updated_at > self.english_updated_at:
            return TranslationStatus.OUTDATED
        return TranslationStatus.UP_TO_DATE

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The texts as read, to tell on save which language changed (no extra query, deferred fields left out).
        instance._loaded_texts = dict(zip(field_names, values, strict=False))
        return instance

    def _touch_language_dates(self, now):
        previous = getattr(self, "_loaded_texts", None)
        if previous is None and not self._state.adding:
            # Built without reading the row (a version restored from history): compare with the database.
            row = type(self)._base_manager.filter(pk=self.pk).first()
            previous = row._loaded_texts if row else None
        for language, date_attname in (("fr", "french_updated_at"), ("en", "english_updated_at")):
            attnames = self.translated_attnames(language)
            if previous is None:
                changed = any(getattr(self, name) for name in attnames)
            else:
                changed = any(
                    (getattr(self, name) or "") != (previous[name] or "") for name in attnames if name in previous
                )
            if changed:
                setattr(self, date_attname, now)


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
    # The legal notice (French law on the digital economy, LCEN art. 6) names these two.
    publication_director = models.CharField(
        _("director of publication"),
        max_length=200,
        blank=True,
        help_text=_("The person legally responsible for the site's content, shown on the legal notice."),
    )
    host_details = models.TextField(
        _("hosting provider"),
        blank=True,
        help_text=_("Name, address and phone number of the company hosting the site, shown on the legal notice."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        # Kept per content generation: a save in any process or server renews it (mesoinfo/pagecache.py).
        from mesoinfo.pagecache import ENTRY_SECONDS, generation_token

        token = generation_token()
        key = f"{cls.CACHE_KEY}:{token}"
        try:
            settings = cache.get(key) if token else None
        except Exception:  # the cache server is down: read the database
            settings = token = None
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            if token:
                cache.set(key, settings, ENTRY_SECONDS)
        return settings


class SitePageQuerySet(TranslatedQuerySet):
    pass


class SitePage(Translated, models.Model):
    """The pages about the site itself, linked from the footer: one record per kind, edited in the admin."""

    class Slug(models.TextChoices):
        ABOUT = "a-propos", _("About and editorial policy")
        LEGAL = "mentions-legales", _("Legal notice")
        PRIVACY = "confidentialite", _("Privacy")
        ACCESSIBILITY = "accessibilite", _("Accessibility")
        CONTACT = "contact", _("Contact")

    slug = models.SlugField(_("page"), unique=True, choices=Slug.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence: the page's description for search engines.")
    )
    body = SanitizedHTMLField(_("body"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)

    translation_required = ("title", "body")
    objects = SitePageQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    parent_crumbs = ()


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


class Condition(Translated, LoadedFromFile):
    """A health problem patients look up ("arthrose", "jambes lourdes"), tagging articles and questions."""

    translation_required = ("name",)

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
