"""Explanatory pages (a page type): articles by category, with their sources and images."""

from django.db import models
from django.db.models import Count, Q
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.images import ImageUploadField, process_upload, validate_image
from mesoinfo.editorial.fields import SanitizedHTMLField
from mesoinfo.editorial.models import Publishable, PublishableQuerySet, Section
from mesoinfo.pages.models import health_problems_field


class Category(Section):
    pages_relation = "articles"
    index_url_name = "articles:index"
    index_label = _("Articles")
    browse_label = _("Articles by section")

    class Meta(Section.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class ArticleQuerySet(PublishableQuerySet):
    def sharing_conditions(self, article):
        """Other articles about the same health problems, those sharing the most first."""
        condition_ids = [condition.pk for condition in article.conditions.all()]
        return (
            self.filter(conditions__in=condition_ids)
            .exclude(pk=article.pk)
            .annotate(shared=Count("conditions"))
            .order_by("-shared", "category__position", "position", "pk")
            .as_links()
        )

    def from_content_key(self, key):
        """The article a content file names as "<category slug>/<article slug>", or None."""
        category, _, slug = key.partition("/")
        return self.filter(category__slug=category, slug=slug).first()

    def neighbours(self, article):
        """The articles just before and after `article` in its category's order: (previous, next)."""
        siblings = self.filter(category_id=article.category_id).as_links()
        before = Q(position__lt=article.position) | Q(position=article.position, pk__lt=article.pk)
        after = Q(position__gt=article.position) | Q(position=article.position, pk__gt=article.pk)
        return (
            siblings.filter(before).order_by("-position", "-pk").first(),
            siblings.filter(after).order_by("position", "pk").first(),
        )


class Article(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown under the title and in lists."))
    body = SanitizedHTMLField(_("body"))
    meta_description = models.CharField(
        _("meta description"), max_length=160, blank=True, help_text=_("Shown by search engines.")
    )
    conditions = health_problems_field(_("The health problems this article is about: it is listed on their pages."))

    translation_required = ("title", "summary", "body")
    section_field = "category"
    related_heading = _("To find out more")
    home_heading = _("Understand mesotherapy")
    home_limit = 8
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "pk"]
        # A category's articles in their order: the previous and next article without sorting the category.
        indexes = [models.Index(fields=["category", "position", "id"], name="article_category_order")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Stored in the database and shown as such in the admin's group editor, hence in French.
        permissions = [("publish_article", "Peut mettre en ligne les articles et enregistrer leur relecture")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"category": self.category.slug, "slug": self.slug})

    @property
    def search_description(self):
        return self.meta_description or truncatechars(self.summary, 160)

    def search_summary(self):
        # "L'essentiel" (a field being added next to the summary): read only when the article has it.
        return " ".join(text for text in (self.summary, getattr(self, "essentiel", "")) if text)

    @classmethod
    def home_sections(cls, limit):
        """The home page's lists: each category with its first articles."""
        return Category.objects.with_published_pages(limit=limit, links_only=True)


class Source(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


class ImageFileField(models.ImageField):
    """An image checked by its content (see articles.images), with the admin's French messages."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


class ArticleImage(models.Model):
    """An illustration of an article, shown as a figure with its renditions (srcset) under the text."""

    UPLOAD_FOLDER = "articles/images"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    image = ImageFileField(
        _("image"),
        upload_to=UPLOAD_FOLDER,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels. Location and camera data are removed."),
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it (read aloud by screen readers)."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit and licence"),
        max_length=200,
        help_text=_(
            "Author and licence, e.g. “Photo: Jeanne Martin, CC BY 4.0” or “Clinic photo, all rights reserved”."
        ),
    )
    renditions = models.JSONField(default=list, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            # A new upload: store the cleaned original and its renditions once, under random names.
            storage = self.image.storage
            name, self.width, self.height, self.renditions = process_upload(self.image, storage, self.UPLOAD_FOLDER)
            self.image.name = name
            self.image._committed = True
        super().save(*args, **kwargs)

    def _renditions(self, image_format):
        return [r for r in self.renditions if r["format"] == image_format]

    def _srcset(self, image_format):
        storage = self.image.storage
        return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in self._renditions(image_format))

    @property
    def webp_srcset(self):
        return self._srcset("WEBP")

    @property
    def fallback_format(self):
        return next((r["format"] for r in self.renditions if r["format"] != "WEBP"), "WEBP")

    @property
    def fallback_srcset(self):
        return self._srcset(self.fallback_format)

    @property
    def fallback(self):
        """The middle rendition of the original format: the `src` of browsers that ignore srcset."""
        renditions = self._renditions(self.fallback_format)
        return renditions[len(renditions) // 2] if renditions else None

    @property
    def fallback_url(self):
        return self.image.storage.url(self.fallback["name"]) if self.fallback else self.image.url
