"""The editorial core shared by every page type: workflow, review, locking, translation dates, authors,
and the links between pages of any type.

A page type is a model that subclasses `Publishable` (see `mesoinfo.editorial.registry`): nothing else
needs to know about it.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from mesoinfo.editorial.prose import GlossaryLink, prepare
from mesoinfo.editorial.text import fold, initial, split_list

REVIEW_NOTICE_DAYS = 30


def localized(*names):
    """The per-language columns of translated fields: what a page needs to show them in any language."""
    return [build_localized_fieldname(name, code) for name in names for code, _name in settings.LANGUAGES]


# Sent by `PublishableQuerySet.update()` when it changes the publication state of pages in bulk (admin
# actions): whatever keeps a copy of that state (the search documents) follows. Arguments: sender (the
# model), pks.
publication_changed = Signal()


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


class PageGroup(NamedTuple):
    """Pages of one type shown together (related pages, a health problem's pages), under a heading."""

    heading: str
    kind: str  # the page type's model name: "article", "question"
    pages: list


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

    def for_display(self):
        return self.select_related(self.model.section_field, "author", "reviewer")

    def as_links(self):
        """Only what a link to a page shows: its title and address (with its section's)."""
        return self.select_related(self.model.section_field).only(*self.model.link_fields())

    def prepare_texts(self):
        """Prepare the texts again, in bulk: after a change of the glossary, or rows written without save()."""
        glossary = GlossaryTerm.objects.links()
        pages = list(self.only("pk", *localized(self.model.prose_field)))
        for page in pages:
            page.prepared_text = page.prepare_text(glossary)
        self.bulk_update(pages, ["prepared_text"], batch_size=500)

    def update(self, **kwargs):
        """Also tells what keeps a copy of the publication state (`publication_changed`): admin actions
        that publish or withdraw pages in bulk go through here, not through save()."""
        if not {"status", "published_at"} & kwargs.keys():
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        publication_changed.send(sender=self.model, pks=pks)
        return count


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

    def search_document(self):
        """What the search keeps of this definition (see mesoinfo.search.index): always searchable."""
        return {
            "title": self.term,
            "summary": self.definition,
            "keywords": self.other_forms,
            "body": "",
            "url": self.get_absolute_url(),
            "section_name": str(_("Glossary")),
            "section_url": reverse("glossary"),
            "published": True,
            "published_at": None,
            "boost": -0.5,  # a definition comes after the pages that explain
        }


class SectionQuerySet(TranslatedQuerySet):
    def with_published_pages(self, limit=None, links_only=False):
        """Sections with their published pages prefetched (`published_pages`), in one query. With `limit`, at
        most `limit` + 1 each (the first ones in their order): one more than a list shows tells it there are
        others. With `links_only`, each page is read as a link (title and address)."""
        relation = self.model.pages_relation
        page_model = self.model._meta.get_field(relation).related_model
        pages = page_model.objects.published()
        pages = pages.as_links() if links_only else pages.select_related(page_model.section_field)
        return self.prefetch_related(
            Prefetch(relation, queryset=pages if limit is None else pages[: limit + 1], to_attr="published_pages")
        )


class Section(Translated, LoadedFromFile):
    """What groups pages of one type and gives their address its first part: article categories, FAQ
    themes. A concrete section names its pages' relation (`pages_relation`) and its index page
    (`index_url_name`, `index_label`)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    translation_required = ("name",)
    pages_relation = None
    index_url_name = None
    index_label = None
    browse_label = None  # e.g. "Questions by theme", where pages offer other ways to find an answer

    objects = SectionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def parent_crumbs(self):
        return [(reverse(self.index_url_name), self.index_label)]

    def searchable_pages(self):
        """Its pages, whose search results show its name and address (see mesoinfo.search.signals)."""
        return getattr(self, self.pages_relation).all()


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


class Publishable(Translated, LoadedFromFile):
    """Editorial state shared by every page type: workflow, review, locking, translation dates.

    A page type also gives its section (`section`, with a name and an address), `as_links()` on its
    queryset, `search_document()` for the search and, when it wants them, `home_sections()` and
    `home_answers()` for the home page.
    """

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("A date in the future keeps the page offline until then."),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review = models.DateField(_("next review due"), null=True, blank=True)
    author = models.ForeignKey(
        "editorial.Contributor",
        on_delete=models.PROTECT,
        related_name="%(class)ss_written",
        verbose_name=_("author"),
        null=True,
        blank=True,
    )
    reviewer = models.ForeignKey(
        "editorial.Contributor",
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

    # The rich text of the page (`body`, `answer`) prepared for display in each language: heading anchors,
    # table of contents, glossary links, typography, reading time. Worked out on save and when the glossary
    # changes (`prepare_texts`), so that serving a page does no such work.
    prepared_text = models.JSONField(default=dict, editable=False)

    # What history keeps out of its copies: bookkeeping that a restore must not roll back, and derived data.
    history_excluded_fields = ["version", "loaded_checksum", "french_updated_at", "english_updated_at", "prepared_text"]
    # What a page type names its parts: its title, its rich text (`prepared_text` is made from it) and the
    # section it belongs to (a `Section`, the parent of its address).
    title_field = "title"
    prose_field = "body"
    section_field = None
    related_heading = None  # heading of this type's pages where another page lists them as related
    home_heading = None  # heading of this type's sections on the home page, when it has home_sections()

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    # Saving with optimistic locking ---------------------------------------------------------

    def save(self, *args, **kwargs):
        self._touch_language_dates(timezone.now())
        self.prepared_text = self.prepare_text(GlossaryTerm.objects.links())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "version",
                "french_updated_at",
                "english_updated_at",
                "prepared_text",
            }
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

    # Prepared text ------------------------------------------------------------------------------

    def prepare_text(self, glossary):
        """The rich text of each language prepared for display, with that language's glossary links."""
        prepared = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                prepared[code] = prepare(getattr(self, self.prose_field), glossary.get(code, ()))
        return prepared

    @property
    def prose(self):
        """The prepared text in the current language: {"html", "toc", "minutes"}."""
        language = translation.get_language()
        prepared = self.prepared_text.get(language) or self.prepared_text.get(settings.LANGUAGE_CODE)
        if prepared is None:
            # Rows written in bulk without save() have none yet: anchors and contents, no glossary links.
            prepared = self.prepared_text[language] = prepare(getattr(self, self.prose_field))
        return prepared

    @classmethod
    def link_fields(cls):
        """The columns a link to a page reads (`as_links()`): its address and its title in every language."""
        section = cls.section_field
        return ["pk", "slug", "position", f"{section}__slug", f"{section}__position", *localized(cls.title_field)]

    @property
    def section(self):
        return getattr(self, self.section_field)

    @classmethod
    def section_model(cls):
        return cls._meta.get_field(cls.section_field).related_model

    @property
    def parent_crumbs(self):
        return [*self.section.parent_crumbs, (self.section.get_absolute_url(), self.section.name)]

    def search_document(self):
        """What the search keeps of this page in the current language (see mesoinfo.search.index)."""
        return {
            "title": getattr(self, self.title_field),
            "summary": self.search_summary(),
            # The description written for search engines, when the page type has one: searched, never shown.
            "keywords": getattr(self, "meta_description", ""),
            "body": getattr(self, self.prose_field),
            "url": self.get_absolute_url(),
            "section_name": self.section.name,
            "section_url": self.section.get_absolute_url(),
            "published": self.status == Status.PUBLISHED,
            "published_at": self.published_at,
        }

    def search_summary(self):
        return ""

    @staticmethod
    def sources_of(pages):
        """The sources of these pages (of the types that have sources), each listed once."""
        pages = [page for page in pages if hasattr(page, "sources")]
        prefetch_related_objects(pages, "sources")
        sources, seen = [], set()
        for page in pages:
            for source in page.sources.all():
                key = (source.title.strip().lower(), source.url)
                if key not in seen:
                    seen.add(key)
                    sources.append(source)
        return sources

    def related_pages(self):
        """The published pages linked to this one, grouped by type in the links' order: [PageGroup…].

        One query for the links and one per type of page linked; each page is read as a link (title and
        address only).
        """
        groups = {}
        for type_id, pk in RelatedPage.objects.linked_to(self):
            groups.setdefault(type_id, []).append(pk)
        related = []
        for type_id, pks in groups.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None:
                continue  # a page type whose app was removed
            found = {page.pk: page for page in model.objects.published().as_links().filter(pk__in=pks)}
            pages = [found[pk] for pk in pks if pk in found]
            if pages:
                related.append(PageGroup(model.related_heading, model._meta.model_name, pages))
        return related

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


class RelatedPageQuerySet(models.QuerySet):
    def of(self, page):
        """The links of `page`, in either direction: a link shows on both pages."""
        content_type = ContentType.objects.get_for_model(page)
        return self.filter(Q(from_type=content_type, from_id=page.pk) | Q(to_type=content_type, to_id=page.pk))

    def linked_to(self, page):
        """[(content type id, pk), …] of the pages linked to `page`, in the links' order (one query)."""
        content_type = ContentType.objects.get_for_model(page)
        this = (content_type.pk, page.pk)
        linked = []
        for link in self.of(page).order_by("position", "pk"):
            ends = [(link.from_type_id, link.from_id), (link.to_type_id, link.to_id)]
            linked.append(ends[1] if ends[0] == this else ends[0])
        return linked

    def set_for(self, page, others):
        """Make `others` (pages of any types, in order) the pages linked to `page`."""
        content_type = ContentType.objects.get_for_model(page)
        with transaction.atomic(using=self.db):
            self.of(page).delete()
            self.bulk_create(
                self.model(
                    from_type=content_type,
                    from_id=page.pk,
                    to_type=ContentType.objects.get_for_model(other),
                    to_id=other.pk,
                    position=position,
                )
                for position, other in enumerate(others, start=1)
            )


class RelatedPage(models.Model):
    """Two pages that go together, of any types ("Pour aller plus loin"): a question and the articles that
    explain it in depth. A link shows on both pages; staff edit it from either."""

    from_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    from_id = models.PositiveBigIntegerField()
    to_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    to_id = models.PositiveBigIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    objects = RelatedPageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_type", "from_id", "to_type", "to_id"], name="unique_related_page")
        ]
        indexes = [
            models.Index(fields=["from_type", "from_id"], name="related_page_from"),
            models.Index(fields=["to_type", "to_id"], name="related_page_to"),
        ]
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")

    def __str__(self):
        return f"{self.from_type.model} {self.from_id} ↔ {self.to_type.model} {self.to_id}"
