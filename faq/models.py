"""Short answers (a page type): questions by theme."""

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import striptags, truncatechars
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mesoinfo.editorial.fields import SanitizedHTMLField
from mesoinfo.editorial.models import Publishable, PublishableQuerySet, Section
from mesoinfo.editorial.text import html_to_text
from mesoinfo.pages.models import health_problems_field

HOME_PAGE_QUESTIONS = 5
FIRST_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
SHORT_ANSWER_WORDS = 40


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
        """The question a content file names as "<theme slug>/<question slug>", or None."""
        theme, _, slug = key.partition("/")
        return self.filter(theme__slug=theme, slug=slug).first()

    def same_theme_as(self, question):
        return self.filter(theme_id=question.theme_id).exclude(pk=question.pk).select_related("theme")


class Question(Publishable):
    question = models.CharField(_("question"), max_length=300)
    answer = SanitizedHTMLField(_("answer"))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
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

    translation_required = ("question", "answer")
    title_field = "question"
    prose_field = "answer"
    section_field = "theme"
    related_heading = _("Related questions")
    home_heading = _("Frequently asked questions")
    home_limit = 3
    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["theme__position", "position", "pk"]
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

    @property
    def search_description(self):
        return truncatechars(striptags(self.answer), 160)

    @property
    def short_answer(self):
        """The first sentences of the answer, as text (answers start with the answer itself): whole
        sentences only, up to about forty words."""
        paragraph = FIRST_PARAGRAPH_RE.search(self.answer or "")
        sentences = SENTENCE_END_RE.split(html_to_text(paragraph.group(1) if paragraph else self.answer))
        kept = sentences[:1]
        for sentence in sentences[1:]:
            if len(" ".join([*kept, sentence]).split()) > SHORT_ANSWER_WORDS:
                break
            kept.append(sentence)
        return " ".join(kept)

    def search_summary(self):
        return self.short_answer

    @classmethod
    def home_sections(cls, limit):
        """The home page's lists: each theme with its first questions."""
        return Theme.objects.with_published_pages(limit=limit, links_only=True)

    @classmethod
    def home_answers(cls):
        """The questions answered at a glance on the home page."""
        return cls.objects.published().on_home_page()[:HOME_PAGE_QUESTIONS]
