"""Explanatory pages (a page type): articles by category, with their sources and images."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.images import (
    UPLOAD_FOLDER,
    ImageUploadField,
    image_stem,
    language_codes,
    media_path,
    process_upload,
    stems_in,
    validate_image,
)
from mesoinfo.editorial.fields import SanitizedHTMLField
from mesoinfo.editorial.models import (
    Publishable,
    PublishableQuerySet,
    Section,
    Status,
    TranslatedSlug,
    default_language_texts_constraint,
    localized,
    slug_in_any_language,
    translated_slug_constraints,
)
from mesoinfo.editorial.prose import FigureImage
from mesoinfo.editorial.text import whole_sentences
from mesoinfo.pages.models import health_problems_field

# The texts without which an article does not exist in a language (`Translated.translation_required`).
REQUIRED_TEXTS = ("title", "summary", "body")


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
        """Other articles about the same health problems that exist in the current language, those sharing the
        most first."""
        condition_ids = [condition.pk for condition in article.conditions.all()]
        return (
            self.available_in(get_language())
            .filter(conditions__in=condition_ids)
            .exclude(pk=article.pk)
            .annotate(shared=Count("conditions"))
            .order_by("-shared", "category__position", "position", "pk")
            .as_links()
        )

    def from_content_key(self, key):
        """The article a content file names as "<category slug>/<article slug>" (French slugs), or None."""
        category, _, slug = key.partition("/")
        french = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return self.filter(
            **{f"category__{build_localized_fieldname('slug', french)}": category},
            **{build_localized_fieldname("slug", french): slug},
        ).first()

    def at_address(self, category, slug):
        """The article at /articles/<category>/<slug>/, the slugs in any language (see `TranslatedSlug`)."""
        return self.filter(slug_in_any_language(category, "category__"), slug_in_any_language(slug))

    def with_evidence(self):
        """The indication pages: those with an evidence box."""
        return self.exclude(evidence_level="")

    def as_evidence_links(self):
        """Links to pages (`as_links()`) with their level of evidence."""
        return self.select_related(self.model.section_field).only(*self.model.link_fields(), "evidence_level")

    def neighbours(self, article):
        """The articles just before and after `article` in its category's order, among those that exist in the
        current language: (previous, next)."""
        siblings = self.available_in(get_language()).filter(category_id=article.category_id).as_links()
        before = Q(position__lt=article.position) | Q(position=article.position, pk__lt=article.pk)
        after = Q(position__gt=article.position) | Q(position=article.position, pk__gt=article.pk)
        return (
            siblings.filter(before).order_by("-position", "-pk").first(),
            siblings.filter(after).order_by("position", "pk").first(),
        )


class EvidenceLevel(models.TextChoices):
    """What the studies show for one use of mesotherapy, on a fixed scale explained on its own page."""

    NOT_EVALUATED = "not_evaluated", _("not evaluated")
    NO_EVIDENCE = "no_evidence", _("no evidence")
    WEAK = "weak", _("weak or conflicting evidence")
    MODERATE = "moderate", _("moderate evidence")

    @property
    def meaning(self):
        return EVIDENCE_MEANINGS[self]


EVIDENCE_MEANINGS = {
    EvidenceLevel.NOT_EVALUATED: _(
        "No public evaluation has looked at this use with studies of acceptable method: nobody can say whether it "
        "works."
    ),
    EvidenceLevel.NO_EVIDENCE: _(
        "This use has been evaluated, and no sound study was found that could confirm or rule out a benefit."
    ),
    EvidenceLevel.WEAK: _(
        "A few trials report an effect, but they are small, few or very different from one another: the result "
        "remains uncertain and could change with better studies."
    ),
    EvidenceLevel.MODERATE: _(
        "Several trials of good quality point the same way; new studies could still change the conclusion."
    ),
}

EVIDENCE_HEADING = _("Evidence at a glance")
# The evidence box of an indication page: its parts, in the order they are shown.
EVIDENCE_FIELDS = (
    "evidence_used_for",
    "evidence_studies",
    "evidence_sessions",
    "evidence_price",
    "evidence_reimbursement",
    "evidence_risks",
    "evidence_proven_treatments",
)


class Article(TranslatedSlug, Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_("The page's word in its address, in each language (the French one, when English has none)."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown under the title and in lists."))
    essentials = models.TextField(
        _("the essentials"),
        blank=True,
        help_text=_(
            "Two to four sentences at the top of the page that answer its title. Needed to put the page online, "
            "in each language it exists in."
        ),
    )
    body = SanitizedHTMLField(_("body"))
    meta_description = models.CharField(
        _("meta description"),
        max_length=160,
        blank=True,
        help_text=_("Shown by search engines. Empty: the first sentences of the essentials."),
    )
    conditions = health_problems_field(_("The health problems this article is about: it is listed on their pages."))
    evidence_level = models.CharField(
        _("what the studies show"),
        max_length=20,
        choices=EvidenceLevel.choices,
        blank=True,
        help_text=_("Indication pages only, with every part of the box below. Empty: the page has no evidence box."),
    )
    evidence_used_for = models.TextField(_("what it is used for"), blank=True)
    evidence_studies = models.TextField(
        _("what the studies found"), blank=True, help_text=_("Who found what, and when; never an absolute.")
    )
    evidence_sessions = models.TextField(_("usual number of sessions"), blank=True)
    evidence_price = models.TextField(_("price range"), blank=True)
    evidence_reimbursement = models.TextField(_("reimbursement"), blank=True)
    evidence_risks = models.TextField(_("main risks"), blank=True)
    evidence_proven_treatments = models.TextField(_("treatments with a proven effect"), blank=True)

    translation_required = REQUIRED_TEXTS
    section_field = "category"
    related_heading = _("To find out more")
    home_heading = _("Understand mesotherapy")
    home_see_all = _("All the articles")
    home_limit = 3
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "pk"]
        # A category's articles in their order: the previous and next article without sorting the category.
        indexes = [models.Index(fields=["category", "position", "id"], name="article_category_order")]
        constraints = [
            *translated_slug_constraints("article"),
            default_language_texts_constraint("article", REQUIRED_TEXTS),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Stored in the database and shown as such in the admin's group editor, hence in French.
        permissions = [("publish_article", "Peut mettre en ligne les articles et enregistrer leur relecture")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"category": self.category.slug, "slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        languages = self.languages  # those it exists in: French, and English once translated
        if self.status == Status.PUBLISHED:
            for code in languages:
                name = build_localized_fieldname("essentials", code)
                if not (getattr(self, name) or "").strip():
                    errors[name] = ValidationError(
                        _("Write the essentials (two to four sentences) before putting the page online."),
                        code="required",
                    )
        if self.evidence_level:
            for code in languages:
                for field in EVIDENCE_FIELDS:
                    name = build_localized_fieldname(field, code)
                    if not (getattr(self, name) or "").strip():
                        errors[name] = ValidationError(_("Every part of the evidence box is needed."), code="required")
        elif any((getattr(self, name) or "").strip() for name in localized_evidence_fields()):
            errors["evidence_level"] = ValidationError(
                _("Choose what the studies show, or empty the evidence box."), code="required"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def search_description(self):
        return self.meta_description or whole_sentences(self.essentials or self.summary, 160)

    def search_summary(self):
        # The essentials answer the title: they weigh with the summary, above the body.
        return " ".join(text for text in (self.summary, self.essentials) if text)

    @property
    def evidence(self):
        """The evidence box in the current language: {part: (label, text)} in order ("used_for", "studies",
        "sessions", "price", "reimbursement", "risks", "proven_treatments"), or {} when the page has none."""
        if not self.evidence_level:
            return {}
        return {
            name.removeprefix("evidence_"): (capfirst(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in EVIDENCE_FIELDS
        }

    @property
    def essentials_language(self):
        """The language the essentials are shown in: the current one, or French when not written in it."""
        own = getattr(self, build_localized_fieldname("essentials", get_language() or settings.LANGUAGE_CODE), "")
        return get_language() if own else settings.MODELTRANSLATION_DEFAULT_LANGUAGE

    @property
    def evidence_level_meaning(self):
        return EvidenceLevel(self.evidence_level).meaning if self.evidence_level else ""

    @classmethod
    def home_sections(cls, limit):
        """The home page's lists: each category with its first articles."""
        return Category.objects.with_published_pages(limit=limit, links_only=True)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Images sent from the form of a new article belong to it once it exists.
        self.images_shown().filter(article__isnull=True).update(article=self)

    def images_shown(self):
        """The images of this article that its texts show (both languages)."""
        texts = [getattr(self, name, "") for name in localized("body") if name in self.__dict__]
        return ArticleImage.objects.of_article(self).shown_in(*texts)

    def prose_figures(self):
        return {address: figure for image in self.images_shown() for address, figure in image.figure_addresses()}


def localized_evidence_fields():
    return [build_localized_fieldname(name, code) for name in EVIDENCE_FIELDS for code, _name in settings.LANGUAGES]


class Source(models.Model):
    class NoAddress(models.TextChoices):
        """Why a source has no address: said next to it, so that a reader knows it was not forgotten."""

        NOT_ONLINE = "not_online", _("Document not available online")
        NOT_VERIFIED = "not_verified", _("Online address not verified")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    no_address = models.CharField(
        _("no address"),
        max_length=20,
        choices=NoAddress.choices,
        blank=True,
        help_text=_("When the source has no address here: why (shown to readers)."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.url and self.no_address:
            raise ValidationError({"no_address": _("A source with an address needs no reason for not having one.")})
        if not self.url and not self.no_address:
            raise ValidationError(
                {"no_address": _("Give the document's address, or say why there is none (not online, not verified).")}
            )


class ImageFileField(models.ImageField):
    """An image checked by its content (see articles.images), with the admin's French messages."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


class ArticleImageQuerySet(models.QuerySet):
    def shown_in(self, *texts):
        """The images whose address appears in these texts (an article's bodies), whatever the rendition."""
        return self.with_stems(set().union(*(stems_in(text) for text in texts)))

    def at_addresses(self, addresses):
        """The images at these addresses (originals or renditions, see `articles.images.media_path`)."""
        return self.with_stems({stem for address in addresses if (stem := image_stem(address))})

    def with_stems(self, stems):
        if not stems:
            return self.none()
        condition = Q()
        for stem in stems:
            condition |= Q(image__startswith=f"{stem}.")
        return self.filter(condition)

    def of_article(self, article):
        """The images of `article`, and those sent from its form before it was first saved (no article yet)."""
        return (
            self.filter(Q(article_id=article.pk) | Q(article__isnull=True))
            if article.pk
            else self.filter(article__isnull=True)
        )


class ArticleImage(models.Model):
    """An image uploaded from the editor of an article: a cleaned original, its renditions, its alternative text
    in each language and its credit. The text places it (a figure, with its caption); the public page shows it
    with its renditions (srcset), prepared on save (see `Article.prose_figures`)."""

    UPLOAD_FOLDER = UPLOAD_FOLDER
    # Restoring an older version of the article keeps the images sent since (the text decides what shows; an
    # image dropped from the text stays available to the image dialog).
    restore_keeps_later_rows = True

    # Empty while the article is being written for the first time: set when the article is saved.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article"), null=True, blank=True
    )
    image = ImageFileField(
        _("image"),
        upload_to=UPLOAD_FOLDER,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 24 megapixels. Location and camera data are removed."),
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it (read aloud by screen readers)."),
    )
    credit = models.CharField(
        _("credit and licence"),
        max_length=200,
        help_text=_(
            "Author and licence, e.g. “Photo: Jeanne Martin, CC BY 4.0” or “Clinic photo, all rights reserved”."
        ),
    )
    renditions = models.JSONField(default=list, editable=False)

    objects = ArticleImageQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt or self.image.name.rpartition("/")[2]

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            # A new upload: store the cleaned original and its renditions once, under random names.
            storage = self.image.storage
            name, self.width, self.height, self.renditions = process_upload(self.image, storage, self.UPLOAD_FOLDER)
            self.image.name = name
            self.image._committed = True
        super().save(*args, **kwargs)
        self._prepare_article_text()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._prepare_article_text()
        return result

    def _prepare_article_text(self):
        """The article's prepared text carries this image's alternative text and credit: prepare it again."""
        if self.article_id:
            Article.objects.filter(pk=self.article_id).prepare_texts()

    @property
    def stem(self):
        """The stored name without its extension: what every rendition's name starts with."""
        return self.image.name.rpartition(".")[0]

    @property
    def editor_src(self):
        """The address the editor puts in the text: the fallback rendition's, under MEDIA_URL."""
        return media_path(self.fallback["name"] if self.fallback else self.image.name)

    def addresses(self):
        """Every address under which a text may show this image (original and renditions)."""
        return [media_path(self.image.name), *(media_path(r["name"]) for r in self.renditions)]

    def figure_addresses(self):
        figure = self.as_figure()
        return [(address, figure) for address in self.addresses()]

    def as_figure(self):
        alts = tuple((code, getattr(self, build_localized_fieldname("alt", code)) or "") for code in language_codes())
        return FigureImage(
            src=self.fallback_url,
            srcset=self.fallback_srcset,
            webp_srcset=self.webp_srcset if self.fallback_format != "WEBP" else "",
            width=self.fallback["width"] if self.fallback else self.width,
            height=self.fallback["height"] if self.fallback else self.height,
            alts=alts,
            credit=self.credit,
            thumbnail=self.thumbnail_url,
        )

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

    @property
    def thumbnail_url(self):
        """The smallest rendition: for lists of images in the admin."""
        renditions = self._renditions(self.fallback_format)
        return self.image.storage.url(renditions[0]["name"]) if renditions else self.image.url
