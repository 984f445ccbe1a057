"""The editorial core shared by every page type: workflow, medical review and sign-off, locking,
translation dates, authors and reviewers, and the links between pages of any type.

A page type is a model that subclasses `Publishable` (see `mesoinfo.editorial.registry`): nothing else
needs to know about it.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import models, router, transaction
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from mesoinfo.editorial import review
from mesoinfo.editorial.prose import GlossaryLink, prepare
from mesoinfo.editorial.review import ChangeKind
from mesoinfo.editorial.text import fold, initial, split_list

REVIEW_NOTICE_DAYS = 30
# The public record of a health professional in the national directory (« Annuaire santé » of the Agence du
# Numérique en Santé), by RPPS number; its search page when the address of a record is not known.
ANNUAIRE_SANTE_RECORD = "https://annuaire.esante.gouv.fr/pp/detail/{rpps}"
ANNUAIRE_SANTE_SEARCH = "https://annuaire.esante.gouv.fr/"


def localized(*names):
    """The per-language columns of translated fields: what a page needs to show them in any language."""
    return [build_localized_fieldname(name, code) for name in names for code, _name in settings.LANGUAGES]


def slug_in_any_language(slug, prefix=""):
    """Q: the translated `slug` (of the model, or of the relation `prefix`, e.g. "category__") is `slug` in
    one of the languages. An old address, or one in the other language, still finds its object."""
    condition = Q()
    for name in localized("slug"):
        condition |= Q(**{f"{prefix}{name}": slug})
    return condition


def translated_slug_constraints(prefix):
    """The unique indexes of a translated slug's columns (slug_fr, slug_en). Pages with a history give them as
    constraints rather than `unique=True` on the field: modeltranslation would copy `unique` to the columns of
    the history table, which must hold many versions of a page."""
    return [models.UniqueConstraint(fields=[name], name=f"{prefix}_unique_{name}") for name in localized("slug")]


def _texts_constraint_name(prefix):
    return f"{prefix}_texts_in_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"


def default_language_texts_constraint(prefix, names):
    """A check that the texts a page needs (`Translated.translation_required`, given as `names`) are written in
    the default language: every page exists in French, the language it falls back to. The admin asks for them;
    the database holds to it whatever writes the row, so that lists in French need not check each page
    (`TranslatedQuerySet.available_in`)."""
    condition = Q()
    for name in names:
        column = build_localized_fieldname(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
        condition &= Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})
    return models.CheckConstraint(
        condition=condition,
        name=_texts_constraint_name(prefix),
        violation_error_message=_("A page needs its title and its texts in French."),
    )


class TranslatedSlug:
    """A model whose `slug` is translated (an address word per language, registered with modeltranslation).

    A slug is unique across languages too: a French slug is never another object's English slug, so that an
    address in either language leads to one object (see `slug_in_any_language`).
    """

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        errors = {}
        others = type(self)._default_manager.exclude(pk=self.pk)
        for name in localized("slug"):
            slug = getattr(self, name, None)
            if slug and name not in (exclude or ()) and others.filter(slug_in_any_language(slug)).exists():
                errors[name] = ValidationError(
                    _("Another page already uses this address, in French or in English."), code="unique"
                )
        if errors:
            raise ValidationError(errors)


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
        """The objects whose required texts exist in `language` (see `Translated.translation_required`): all of
        them in the default language when the database guarantees it (`default_language_texts_constraint`)."""
        if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE and self.model.texts_guaranteed_in_default():
            return self
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

    @classmethod
    def texts_guaranteed_in_default(cls):
        """Whether the database refuses a row without its required texts in the default language (a
        `default_language_texts_constraint`)."""
        name = _texts_constraint_name(cls._meta.model_name)
        return any(constraint.name == name for constraint in cls._meta.constraints)

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
    """Content that `load_content` may write from the content files of its app (`<app>/content/`)."""

    # Fingerprint of the loaded fields right after `load_content` wrote them: a different fingerprint
    # later means staff changed the object, and the loader leaves it alone.
    loaded_checksum = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class PublishableQuerySet(TranslatedQuerySet):
    def published(self):
        """What visitors may see: published, with a publication date that has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def listed(self, language=None):
        """What lists show visitors reading `language` (the current one by default): the published pages that
        exist in it. A page without its translation is still reachable at its address, in French, but lists
        of another language leave it out rather than mix French titles into them."""
        return self.published().available_in(language or get_language())

    def visible_to(self, user):
        """Visitors see what is published; staff who may view these pages also see drafts (preview)."""
        if self.model.can_preview(user):
            return self.all()
        return self.published()

    def awaiting_review(self):
        return self.filter(status=Status.REVIEW)

    def without_signoff(self):
        """Pages online (or scheduled) whose current medical text no medical reviewer has signed off."""
        return self.filter(status=Status.PUBLISHED, signoff__isnull=True)

    def review_overdue(self):
        """Pages whose next medical review date has passed."""
        return self.filter(next_review__lt=timezone.localdate())

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
        return self.select_related(self.model.section_field, "author", "signoff__reviewer")

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
        """Sections with their listed pages (`listed()`: published, in the current language) prefetched
        (`published_pages`), in one query. With `limit`, at
        most `limit` + 1 each (the first ones in their order): one more than a list shows tells it there are
        others. With `links_only`, each page is read as a link (title and address)."""
        relation = self.model.pages_relation
        page_model = self.model._meta.get_field(relation).related_model
        pages = page_model.objects.listed()
        pages = pages.as_links() if links_only else pages.select_related(page_model.section_field)
        return self.prefetch_related(
            Prefetch(relation, queryset=pages if limit is None else pages[: limit + 1], to_attr="published_pages")
        )


class Section(TranslatedSlug, Translated, LoadedFromFile):
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


validate_rpps = RegexValidator(
    r"^[0-9]{11}$", _("An RPPS number has exactly 11 digits (for example 10001234567)."), code="rpps"
)


class ContributorQuerySet(models.QuerySet):
    def medical_reviewers(self):
        return self.filter(is_medical_reviewer=True)


class Contributor(models.Model):
    """A person or a team who writes pages, or a physician who reviews them medically.

    Every contributor has a name and a role. A medical reviewer (`is_medical_reviewer`) is a physician with a
    qualification, a speciality, an RPPS number (linked to its public record in the « Annuaire santé ») and a
    declaration of interests, all shown on their public page; they sign off pages through the staff account
    linked to them (`user`), and only then does a page name them.
    """

    key = models.SlugField(_("key"), unique=True, help_text=_("Internal identifier, used by content files."))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("What they do for the site, e.g. “Medical writer”.")
    )
    qualifications = models.CharField(
        _("qualification"), max_length=300, blank=True, help_text=_("Degree or title, e.g. “Doctor of medicine”.")
    )
    speciality = models.CharField(_("speciality"), max_length=200, blank=True)
    rpps = models.CharField(
        _("RPPS number"),
        max_length=11,
        blank=True,
        validators=[validate_rpps],
        help_text=_("The 11-digit number of the national directory of health professionals."),
    )
    is_medical_reviewer = models.BooleanField(
        _("medical reviewer"),
        default=False,
        help_text=_(
            "A physician who signs off pages. Requires a qualification, a speciality, an RPPS number and a "
            "declaration of interests, all shown on the public page."
        ),
    )
    declaration_of_interests = models.TextField(
        _("declaration of interests"),
        blank=True,
        help_text=_("Links with companies, clinics or practitioners in the field, or “None”. Shown publicly."),
    )
    interests_declared_on = models.DateField(_("declaration of interests dated"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
        verbose_name=_("staff account"),
        help_text=_("The account this medical reviewer signs off with. Only a superuser sets it."),
    )
    bio = models.TextField(_("biography"), blank=True)
    is_team = models.BooleanField(
        _("team or organisation"), default=False, help_text=_("Ticked for an editorial team rather than a person.")
    )

    objects = ContributorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        constraints = [
            models.UniqueConstraint(fields=["rpps"], condition=~Q(rpps=""), name="unique_contributor_rpps"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contributor", kwargs={"key": self.key})

    def clean(self):
        if not self.is_medical_reviewer:
            return
        errors = {}
        if self.is_team:
            errors["is_team"] = _("A medical reviewer is a person, not a team.")
        # In French at least: pages show the French text when there is no English one.
        required = {
            "qualifications_fr": _("A medical reviewer needs a qualification."),
            "speciality_fr": _("A medical reviewer needs a speciality."),
            "rpps": _("A medical reviewer needs an RPPS number."),
            "declaration_of_interests_fr": _("A medical reviewer needs a declaration of interests (or “None”)."),
        }
        for name, message in required.items():
            if not (getattr(self, name, "") or "").strip():
                errors[name] = message
        if errors:
            raise ValidationError(errors)

    @classmethod
    def signing_as(cls, user):
        """The medical reviewer profile `user` signs off pages with, or None: an active staff account with the
        sign-off permission, linked to a medical reviewer who has an RPPS number."""
        if not (user and user.is_active and user.is_staff and user.has_perm("editorial.sign_off")):
            return None
        return cls.objects.medical_reviewers().exclude(rpps="").filter(user=user).first()

    @property
    def annuaire_url(self):
        """The public record of this RPPS number in the « Annuaire santé »."""
        return ANNUAIRE_SANTE_RECORD.format(rpps=self.rpps) if self.rpps else ANNUAIRE_SANTE_SEARCH

    @property
    def description(self):
        """What a page says of them after their name: role, or qualification and speciality for a reviewer."""
        if self.is_medical_reviewer:
            return ", ".join(part for part in (self.qualifications, self.speciality) if part)
        return self.role or self.qualifications

    @staticmethod
    def page_models():
        """The page types (every concrete Publishable has an author)."""
        return [
            relation.related_model
            for relation in Contributor._meta.related_objects
            if relation.field.name == "author" and issubclass(relation.related_model, Publishable)
        ]

    def _pages(self, **lookups):
        groups = []
        for model in self.page_models():
            pages = list(model.objects.published().filter(**lookups).as_links())
            if pages:
                groups.append(PageGroup(capfirst(model._meta.verbose_name_plural), model._meta.model_name, pages))
        return groups

    def pages_written(self):
        """[PageGroup…]: the published pages they wrote, by page type (one query per type)."""
        return self._pages(author=self)

    def pages_reviewed(self):
        """[PageGroup…]: the published pages whose current version they signed off, by page type."""
        return self._pages(signoff__reviewer=self)


class ReviewEventQuerySet(models.QuerySet):
    def of(self, page):
        return self.filter(page_type=ContentType.objects.get_for_model(page), page_id=page.pk)


class ReviewEvent(models.Model):
    """The medical review log of a page: sign-offs (who, when, which version), and the changes that kept or
    withdrew one. A page's `signoff` points to the sign-off that covers its current medical text."""

    class Kind(models.TextChoices):
        SIGN_OFF = "signoff", _("Medical sign-off")
        MEDICAL_CHANGE = "medical", _("Medical text changed: sign-off withdrawn")
        MINOR_CORRECTION = "minor", _("Minor correction: sign-off kept")
        TRANSLATION = "translation", _("English text changed: sign-off kept")
        UNREVIEWED_PUBLICATION = "unreviewed", _("Published without medical review")

    page_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    page_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("event"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("date"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reviewer = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signoffs",
        verbose_name=_("medical reviewer"),
    )
    version = models.PositiveIntegerField(_("version"))
    text_digest = models.CharField(_("fingerprint of the medical text"), max_length=64, blank=True)

    objects = ReviewEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["page_type", "page_id"], name="review_event_page")]
        verbose_name = _("medical review log entry")
        verbose_name_plural = _("medical review log")
        # Stored in the database and shown as such in the admin's group editor, hence in French.
        permissions = [("sign_off", "Peut signer la relecture médicale des pages")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.page_type.model} {self.page_id} v{self.version}"


# Changes that keep a sign-off, and how the review log records them.
KEPT_SIGNOFF = {
    ChangeKind.MINOR: ReviewEvent.Kind.MINOR_CORRECTION,
    ChangeKind.TRANSLATION: ReviewEvent.Kind.TRANSLATION,
}


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
    # Who signed off the current medical text: a copy of `signoff.reviewer`, set by the sign-off only.
    reviewer = models.ForeignKey(
        "editorial.Contributor",
        on_delete=models.SET_NULL,
        related_name="%(class)ss_reviewed",
        verbose_name=_("medical reviewer"),
        null=True,
        blank=True,
        editable=False,
    )
    # The sign-off that covers the current medical text (see mesoinfo.editorial.review); none: "pending".
    signoff = models.ForeignKey(
        "editorial.ReviewEvent",
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("medical sign-off"),
        null=True,
        blank=True,
        editable=False,
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
    # The sign-off is kept out too: restoring an old version must not bring back a review of another text.
    history_excluded_fields = [
        "version",
        "loaded_checksum",
        "french_updated_at",
        "english_updated_at",
        "prepared_text",
        "signoff",
    ]
    # What a page type names its parts: its title, its rich text (`prepared_text` is made from it) and the
    # section it belongs to (a `Section`, the parent of its address).
    title_field = "title"
    prose_field = "body"
    section_field = None
    # Translated fields that are not medical text (see mesoinfo.editorial.review): for search engines, addresses.
    non_medical_fields = ("meta_description", "slug")
    related_heading = None  # heading of this type's pages where another page lists them as related
    home_heading = None  # heading of this type's sections on the home page, when it has home_sections()

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    # Saving with optimistic locking, and a medical sign-off that covers only the text it was given for ------

    def save(self, *args, **kwargs):
        """Save if nobody saved a newer version meanwhile (else StaleVersionError); a change to the medical text
        withdraws the sign-off, minor and English changes keep it, each recorded in the review log (see
        mesoinfo.editorial.review); a sign-off asked for with `sign_off()` is recorded for the version saved."""
        previous = self._previous_texts()
        self._touch_language_dates(timezone.now(), previous)
        change = self.change_kind(previous)
        self.prepared_text = self.prepare_text(GlossaryTerm.objects.links())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "version",
                "french_updated_at",
                "english_updated_at",
                "prepared_text",
                "signoff",
                "reviewer",
                "last_reviewed",
            }
        adding = self._state.adding
        self._expected_version = None if adding else self.version
        if self._expected_version is not None:
            self.version = self._expected_version + 1
        signing = getattr(self, "_signing", None)
        before = (self.signoff_id, self.reviewer_id, self.last_reviewed)
        withdrawn = self.signoff_id is not None and change == ChangeKind.MEDICAL
        kept_kind = KEPT_SIGNOFF.get(change) if self.signoff_id is not None else None
        try:
            # In a savepoint: a refused save leaves the caller's transaction usable, and logs nothing.
            with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
                if withdrawn:
                    self.signoff = None
                if signing and not adding:
                    self._record_signoff(*signing)
                self._copy_reviewer()
                super().save(*args, **kwargs)
                if signing and adding:
                    self._record_signoff(*signing)
                    type(self)._base_manager.filter(pk=self.pk).update(
                        signoff=self.signoff, reviewer=self.reviewer, last_reviewed=self.last_reviewed
                    )
                elif withdrawn and not signing:
                    self.log_review(ReviewEvent.Kind.MEDICAL_CHANGE)
                elif kept_kind and not signing:
                    self.log_review(kept_kind, reviewer_id=self.reviewer_id)
        except StaleVersionError:
            self.version = self._expected_version
            self.signoff_id, self.reviewer_id, self.last_reviewed = before
            raise
        finally:
            self._expected_version = None
        self._signing = None
        # The values as saved, as `from_db` keeps those read: what the next save compares with.
        self._loaded_texts = {
            field.attname: self.__dict__[field.attname]
            for field in self._meta.concrete_fields
            if field.attname in self.__dict__  # deferred fields stay unread
        }

    # Medical review -------------------------------------------------------------------------------

    @classmethod
    def medical_fields(cls):
        """The fields whose French text is medical text: every translated field but the non-medical ones."""
        names = sorted(translator.get_options_for_model(cls).all_fields)
        return [name for name in names if name not in cls.non_medical_fields]

    @classmethod
    def medical_attnames(cls):
        return [build_localized_fieldname(name, "fr") for name in cls.medical_fields()]

    def stored_status(self):
        """The status as last read from the database (None for a new page)."""
        previous = self._previous_texts()
        return previous.get("status") if previous else None

    def medical_texts(self):
        return {name: getattr(self, name) or "" for name in self.medical_attnames()}

    def change_kind(self, previous):
        """What kind of change the unsaved state is, compared with the texts as read (`previous`; None: new)."""
        if previous is None:
            return ChangeKind.MEDICAL
        old = {name: previous[name] or "" for name in self.medical_attnames() if name in previous}
        new = {name: getattr(self, name) or "" for name in old}
        english_changed = any(
            (getattr(self, name) or "") != (previous[name] or "")
            for name in self.translated_attnames("en")
            if name in previous
        )
        return review.classify(old, new, english_changed)

    def pending_change(self):
        """The kind of change that saving now would make (see mesoinfo.editorial.review)."""
        return self.change_kind(self._previous_texts())

    def sign_off(self, user):
        """Have the next save record that `user`'s medical reviewer profile signs off the saved version.

        Raises PermissionDenied when `user` may not sign off (see `Contributor.signing_as`).
        """
        reviewer = Contributor.signing_as(user)
        if reviewer is None:
            raise PermissionDenied("only a medical reviewer with the sign-off permission signs off a page")
        self._signing = (user, reviewer)

    @property
    def is_signed_off(self):
        return self.signoff_id is not None

    def _record_signoff(self, user, reviewer):
        event = ReviewEvent.objects.create(
            page_type=ContentType.objects.get_for_model(self),
            page_id=self.pk,
            kind=ReviewEvent.Kind.SIGN_OFF,
            user=user,
            reviewer=reviewer,
            version=self.version,
            text_digest=review.digest(self.medical_texts()),
        )
        self.signoff, self.reviewer, self.last_reviewed = event, reviewer, timezone.localdate(event.at)

    def _copy_reviewer(self):
        """The reviewer a page names is the one who signed off its current text, and nobody else."""
        if self.signoff_id is None:
            self.reviewer = None
        elif self.reviewer_id is None or self.reviewer_id != self.signoff.reviewer_id:
            self.reviewer_id = self.signoff.reviewer_id

    def log_review(self, kind, user=None, reviewer_id=None):
        """Add an entry to this page's medical review log, for its saved version."""
        return ReviewEvent.objects.create(
            page_type=ContentType.objects.get_for_model(self),
            page_id=self.pk,
            kind=kind,
            user=user or getattr(self, "_review_user", None),
            reviewer_id=reviewer_id,
            version=self.version,
        )

    def review_log(self):
        return ReviewEvent.objects.of(self).select_related("user", "reviewer")

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
        """The rich text of each language prepared for display, with that language's glossary links and the
        figures of the images it shows."""
        figures = self.prose_figures()
        prepared = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                prepared[code] = prepare(getattr(self, self.prose_field), glossary.get(code, ()), figures, code)
        return prepared

    def prose_figures(self):
        """{address in the text: FigureImage}: the uploaded images that this page's texts show (see
        `mesoinfo.editorial.prose`). A page type with uploaded images gives them; by default there are none."""
        return {}

    def images_to_translate(self):
        """[(FigureImage, [language codes])]: the images of the texts whose alternative text is still to be
        written in some language. Not an error: the page shows the text of another language meanwhile."""
        languages = [code for code, _name in settings.LANGUAGES]
        unique = {id(figure): figure for figure in self.prose_figures().values()}.values()
        return [(figure, missing) for figure in unique if (missing := figure.missing_languages(languages))]

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
        """The listed pages (published, in the current language) linked to this one, grouped by type in the
        links' order: [PageGroup…].

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
            found = {page.pk: page for page in model.objects.listed().as_links().filter(pk__in=pks)}
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

    def _previous_texts(self):
        """The columns as last read ({attname: value}), None for a new page."""
        if self._state.adding:
            return None
        previous = getattr(self, "_loaded_texts", None)
        if previous is None:
            # Built without reading the row (a version restored from history): compare with the database.
            row = type(self)._base_manager.filter(pk=self.pk).first()
            previous = row._loaded_texts if row else None
        return previous

    def _touch_language_dates(self, now, previous):
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
