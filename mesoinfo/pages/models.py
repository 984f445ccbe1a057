"""The site's own pages: site settings (the clinic's details), the pages about the site, and the health
problems that tag pages of every type."""

from django.core.cache import cache
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mesoinfo.editorial.fields import SanitizedHTMLField
from mesoinfo.editorial.models import (
    LoadedFromFile,
    PageGroup,
    Status,
    Translated,
    TranslatedQuerySet,
    TranslatedSlug,
)
from mesoinfo.editorial.registry import page_types
from mesoinfo.editorial.text import fold, initial
from mesoinfo.pagecache.cache import ENTRY_SECONDS, generation_token


class SiteSettings(models.Model):
    """The clinic's details shown in the footer and on the contact page, what the legal notice must name, and
    the editorial policy: a single record."""

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
    # The legal notice (French law on the digital economy, LCEN art. 6) names these three.
    publisher_details = models.TextField(
        _("publisher"),
        blank=True,
        help_text=_(
            "Who publishes the site: name or company name and legal form, address, phone number, and registration "
            "number (RCS or SIREN for a company, RPPS for a physician). Shown on the legal notice."
        ),
    )
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
    medical_signoff_required = models.BooleanField(
        _("medical sign-off required before publication"),
        default=True,
        help_text=_(
            "When ticked, a page goes online, or an online page's medical text changes, only with the sign-off of "
            "a medical reviewer; a superuser may still publish without it by ticking “Publish without medical "
            "review”, and the page then says that its medical review is pending."
        ),
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
        # Kept per content generation: a save in any process or server renews it (mesoinfo.pagecache.cache).
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


def medical_signoff_required():
    """The site setting, read by the editorial core (`signoff_policy` in apps.py)."""
    return SiteSettings.load().medical_signoff_required


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

    # The French address of a page is its slug; other languages have words of their own.
    ADDRESS_WORDS = {
        "en": {
            Slug.ABOUT: "about",
            Slug.LEGAL: "legal-notice",
            Slug.PRIVACY: "privacy",
            Slug.ACCESSIBILITY: "accessibility",
            Slug.CONTACT: "contact",
        }
    }

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

    @classmethod
    def address_word(cls, slug, language):
        """The word of page `slug` in addresses of `language`, or None for an unknown page."""
        if slug not in cls.Slug.values:
            return None
        return cls.ADDRESS_WORDS.get(language, {}).get(slug, slug)

    @classmethod
    def slug_at(cls, word, language):
        """The page whose address word in `language` is `word`, or None."""
        return next((slug for slug in cls.Slug.values if cls.address_word(slug, language) == word), None)

    parent_crumbs = ()


class ConditionQuerySet(models.QuerySet):
    def alphabetical(self):
        return sorted(self, key=lambda condition: fold(condition.name))

    def with_published_pages(self):
        """Health problems with at least one published page, of any type."""
        now = timezone.now()
        condition = None
        for model in tagged_page_types():
            through = model.conditions.through
            name = model._meta.model_name
            exists = Exists(
                through.objects.filter(
                    condition_id=OuterRef("pk"),
                    **{f"{name}__status": Status.PUBLISHED, f"{name}__published_at__lte": now},
                )
            )
            condition = exists if condition is None else condition | exists
        return self.filter(condition) if condition is not None else self.none()


def tagged_page_types():
    """The page types that can be tagged with health problems (a `conditions` field)."""
    return [model for model in page_types() if any(field.name == "conditions" for field in model._meta.many_to_many)]


class Condition(TranslatedSlug, Translated, LoadedFromFile):
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

    def search_document(self):
        """What the search keeps of this health problem (see mesoinfo.search.index): found while it has a
        published page, as it is listed only then."""
        return {
            "title": self.name,
            "summary": self.description,
            "body": "",
            "url": self.get_absolute_url(),
            "section_name": str(_("Health problems")),
            "section_url": reverse("condition_list"),
            "published": type(self).objects.with_published_pages().filter(pk=self.pk).exists(),
            "published_at": None,
        }

    def published_pages(self):
        """[PageGroup…]: this health problem's listed pages (published, in the current language) of each type,
        one query per type."""
        groups = []
        for model in tagged_page_types():
            pages = list(model.objects.listed().filter(conditions=self).as_links())
            if pages:
                groups.append(PageGroup(capfirst(model._meta.verbose_name_plural), model._meta.model_name, pages))
        return groups


def health_problems_field(help_text):
    """The health problems a page is about (`conditions`): its page is listed on theirs."""
    return models.ManyToManyField(
        Condition, blank=True, related_name="%(class)ss", verbose_name=_("health problems"), help_text=help_text
    )
