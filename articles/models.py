from django.db import models
from django.db.models import Prefetch
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mesoinfo.fields import SanitizedHTMLField
from mesoinfo.models import Publishable, PublishableQuerySet, Translated, TranslatedQuerySet


class CategoryQuerySet(TranslatedQuerySet):
    def with_published_articles(self):
        """Categories with their published articles prefetched, in one query each."""
        return self.prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.published().select_related("category"),
                to_attr="published_articles",
            )
        )


class Category(Translated, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    translation_required = ("name",)
    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    @property
    def parent_crumbs(self):
        return [(reverse("articles:index"), _("Articles"))]


class Contributor(models.Model):
    """A person or a team who writes or medically reviews pages."""

    key = models.SlugField(_("key"), unique=True, help_text=_("Internal identifier, used by content files."))
    name = models.CharField(_("name"), max_length=200)
    qualifications = models.CharField(_("qualifications"), max_length=300, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    is_team = models.BooleanField(
        _("team or organisation"), default=False, help_text=_("Ticked for an editorial team rather than a person.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return self.name


class ArticleQuerySet(PublishableQuerySet):
    def for_display(self):
        return self.select_related("category", "author", "reviewer")


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

    translation_required = ("title", "summary", "body")
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"category": self.category.slug, "slug": self.slug})

    @property
    def parent_crumbs(self):
        return [*self.category.parent_crumbs, (self.category.get_absolute_url(), self.category.name)]

    @property
    def search_description(self):
        return self.meta_description or truncatechars(self.summary, 160)


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
