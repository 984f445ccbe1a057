import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.template.defaultfilters import striptags, truncatechars
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from mesoinfo.fields import SanitizedHTMLField
from mesoinfo.models import Publishable, PublishableQuerySet, Translated, TranslatedQuerySet, health_problems_field
from mesoinfo.text import html_to_text

HOME_PAGE_QUESTIONS = 5
FIRST_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
SHORT_ANSWER_WORDS = 40


class ThemeQuerySet(TranslatedQuerySet):
    def with_published_questions(self, limit=None):
        """Themes with their published questions prefetched, in one query; with `limit`, the first ones only."""
        questions = Question.objects.published().select_related("theme")
        return self.prefetch_related(
            Prefetch(
                "questions",
                queryset=questions if limit is None else questions[:limit],
                to_attr="published_questions",
            )
        )


class Theme(Translated, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    translation_required = ("name",)
    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("faq:theme", kwargs={"slug": self.slug})

    @property
    def parent_crumbs(self):
        return [(reverse("faq:index"), _("Questions"))]


class QuestionQuerySet(PublishableQuerySet):
    def for_display(self):
        return self.select_related("theme", "author", "reviewer")

    def on_home_page(self):
        """The questions staff chose to answer at a glance on the home page, in their order."""
        return self.filter(home_position__isnull=False).select_related("theme").order_by("home_position", "pk")

    def same_theme_as(self, question):
        return self.filter(theme_id=question.theme_id).exclude(pk=question.pk).select_related("theme")


class Question(Publishable):
    question = models.CharField(_("question"), max_length=300)
    answer = SanitizedHTMLField(_("answer"))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="questions", verbose_name=_("theme"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    related_articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="related_questions",
        verbose_name=_("related articles"),
        help_text=_("The articles that go deeper into the answer."),
    )
    conditions = health_problems_field(_("The health problems this question is about: it is listed on their pages."))
    home_position = models.PositiveSmallIntegerField(
        _("position on the home page"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(HOME_PAGE_QUESTIONS)],
        help_text=_("1 to 5: the home page answers these five questions at a glance. Empty: not shown there."),
    )

    translation_required = ("question", "answer")
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
    def parent_crumbs(self):
        return [*self.theme.parent_crumbs, (self.theme.get_absolute_url(), self.theme.name)]

    @property
    def anchor(self):
        return f"q-{self.slug}"

    @property
    def search_description(self):
        return truncatechars(striptags(self.answer), 160)

    def sources_of_articles(self, articles):
        """A question has no sources of its own: those of the given related articles, each listed once."""
        sources, seen = [], set()
        for article in articles:
            for source in article.sources.all():
                key = (source.title.strip().lower(), source.url)
                if key not in seen:
                    seen.add(key)
                    sources.append(source)
        return sources

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
