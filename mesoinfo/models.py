from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("To review")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, with a publication date that has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class Publishable(models.Model):
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
