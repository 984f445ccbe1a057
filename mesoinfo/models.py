from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from mesoinfo.fields import SanitizedHTMLField


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


class PublishableQuerySet(TranslatedQuerySet):
    def published(self):
        """What visitors may see: published, with a publication date that has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class Publishable(Translated, models.Model):
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
    # Fingerprint of the loaded fields right after `load_content` wrote them: a different fingerprint
    # later means staff changed the object, and the loader leaves it alone.
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def review_overdue(self):
        """The planned review date has passed: the page says so, it may be out of date."""
        return self.next_review is not None and self.next_review < timezone.localdate()


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
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, settings, None)
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
