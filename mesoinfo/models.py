import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import models, router, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from mesoinfo.fields import SanitizedHTMLField

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


class Publishable(Translated, models.Model):
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
    # Fingerprint of the loaded fields right after `load_content` wrote them: a different fingerprint
    # later means staff changed the object, and the loader leaves it alone.
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)
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
