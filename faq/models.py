"""Short answers (a page type): questions by theme."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from mesoinfo.editorial.fields import SanitizedHTMLField
from mesoinfo.editorial.models import (
    Publishable,
    PublishableQuerySet,
    Section,
    Status,
    TranslatedSlug,
    default_language_texts_constraint,
    translated_slug_constraints,
)
from mesoinfo.editorial.text import html_to_text, sentences, whole_sentences
from mesoinfo.pages.models import health_problems_field

HOME_PAGE_QUESTIONS = 5
FIRST_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)
FIRST_SENTENCES_WORDS = 40


# The texts without which a question does not exist in a language (`Translated.translation_required`).
REQUIRED_TEXTS = ("question", "answer")


class Theme(Section):
    pages_relation = "questions"
    index_url_name = "faq:index"
    index_label = _("Questions")
    browse_label = _("Questions by theme")

    class Meta(Section.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_absolute_url(self):
        return reverse("faq:theme", kwargs={"slug": self.slug})


class QuestionQuerySet(PublishableQuerySet):
    def on_home_page(self):
        """The questions staff chose to answer at a glance on the home page, in their order."""
        return self.filter(home_position__isnull=False).select_related("theme").order_by("home_position", "pk")

    def from_content_key(self, key):
        """The question a content file names as "<theme slug>/<question slug>" (French slugs), or None."""
        theme, _, slug = key.partition("/")
        french = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return self.filter(
            **{f"theme__{build_localized_fieldname('slug', french)}": theme},
            **{build_localized_fieldname("slug", french): slug},
        ).first()

    def same_theme_as(self, question):
        """The other questions of its theme that exist in the current language, as links (`as_links()`)."""
        same_theme = self.available_in(get_language()).filter(theme_id=question.theme_id)
        return same_theme.exclude(pk=question.pk).as_links()


class Question(TranslatedSlug, Publishable):
    question = models.CharField(_("question"), max_length=300)
    short_answer = models.TextField(
        _("short answer"),
        blank=True,
        help_text=_(
            "One or two whole sentences that answer the question, shown on the home page (needed there). "
            "Empty elsewhere: the first sentences of the answer."
        ),
    )
    answer = SanitizedHTMLField(_("answer"))
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_("The page's word in its address, in each language (the French one, when English has none)."),
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="questions", verbose_name=_("theme"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    conditions = health_problems_field(_("The health problems this question is about: it is listed on their pages."))
    home_position = models.PositiveSmallIntegerField(
        _("position on the home page"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(HOME_PAGE_QUESTIONS)],
        help_text=_("1 to 5: the home page answers these five questions at a glance. Empty: not shown there."),
    )

    translation_required = REQUIRED_TEXTS
    title_field = "question"
    prose_field = "answer"
    section_field = "theme"
    related_heading = _("Related questions")
    home_heading = _("Frequently asked questions")
    home_see_all = _("All the questions")
    home_limit = 0  # the themes only, as links: the five questions above are answered in full
    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["theme__position", "position", "pk"]
        constraints = [
            *translated_slug_constraints("question"),
            default_language_texts_constraint("question", REQUIRED_TEXTS),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        # Stored in the database and shown as such in the admin's group editor, hence in French.
        permissions = [("publish_question", "Peut mettre en ligne les questions et enregistrer leur relecture")]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("faq:question", kwargs={"theme": self.theme.slug, "slug": self.slug})

    @property
    def anchor(self):
        return f"q-{self.slug}"

    def clean(self):
        super().clean()
        if self.status != Status.PUBLISHED or self.home_position is None:
            return
        errors = {}
        for code in self.languages:
            name = build_localized_fieldname("short_answer", code)
            if not (getattr(self, name) or "").strip():
                errors[name] = ValidationError(
                    _("A question answered on the home page needs its short answer, in each language."),
                    code="required",
                )
        if errors:
            raise ValidationError(errors)

    @property
    def search_description(self):
        return whole_sentences(self.answer_at_a_glance, 160)

    def search_summary(self):
        return self.answer_at_a_glance

    @property
    def first_sentences(self):
        """The first sentences of the answer, as text (answers start with the answer itself): whole
        sentences only, up to about forty words."""
        paragraph = FIRST_PARAGRAPH_RE.search(self.answer or "")
        found = sentences(html_to_text(paragraph.group(1) if paragraph else self.answer))
        kept = found[:1]
        for sentence in found[1:]:
            if len(" ".join([*kept, sentence]).split()) > FIRST_SENTENCES_WORDS:
                break
            kept.append(sentence)
        return " ".join(kept)

    @property
    def answer_at_a_glance(self):
        """The short answer written for this language, else the first sentences of the answer shown."""
        own = getattr(self, build_localized_fieldname("short_answer", get_language() or settings.LANGUAGE_CODE), "")
        if own and own.strip():
            return own.strip()
        if self.has_language(get_language()):
            return self.first_sentences
        return self.short_answer or self.first_sentences  # shown in French: its French short answer

    @classmethod
    def home_sections(cls, limit):
        """The home page's lists: each theme with its first questions."""
        return Theme.objects.with_published_pages(limit=limit, links_only=True)

    @classmethod
    def home_answers(cls):
        """The questions answered at a glance on the home page."""
        return cls.objects.listed().on_home_page()[:HOME_PAGE_QUESTIONS]
