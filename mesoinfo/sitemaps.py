"""sitemap.xml: every published page, in each language it really exists in, with its alternates.

Each item lists only the languages it has (`get_languages_for_item`), so an article not translated yet
appears once, in French, and its English address (which shows the French text) is left out. Each section
reads its items in one query, whatever their number.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from faq.models import Question, Theme
from mesoinfo.models import Condition, SitePage, Status


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        return item.languages

    def lastmod(self, item):
        return item.updated_at


class StaticSitemap(TranslatedSitemap):
    """Home page, the indexes and the glossary: they exist in every language; they change with the content."""

    def items(self):
        return ["home", "articles:index", "faq:index", "glossary", "condition_list"]

    def get_languages_for_item(self, item):
        return self._languages()

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.latest

    def get_urls(self, *args, **kwargs):
        latest = Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        questions = Question.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        self.latest = max(filter(None, [latest, questions]), default=None)
        return super().get_urls(*args, **kwargs)


def _published(prefix):
    """The condition `published()` applies, seen from a category or a theme."""
    return Q(**{f"{prefix}__status": Status.PUBLISHED}) & Q(**{f"{prefix}__published_at__lte": timezone.now()})


class CategorySitemap(TranslatedSitemap):
    def items(self):
        return list(Category.objects.annotate(updated_at=Max("articles__updated_at", filter=_published("articles"))))


class ThemeSitemap(TranslatedSitemap):
    def items(self):
        return list(Theme.objects.annotate(updated_at=Max("questions__updated_at", filter=_published("questions"))))


class ArticleSitemap(TranslatedSitemap):
    def items(self):
        return list(Article.objects.published().select_related("category"))


class QuestionSitemap(TranslatedSitemap):
    def items(self):
        return list(Question.objects.published().select_related("theme"))


class SitePageSitemap(TranslatedSitemap):
    def items(self):
        return list(SitePage.objects.all())


class ConditionSitemap(TranslatedSitemap):
    """A health problem's page lists its articles and questions: it changes when they do."""

    def items(self):
        return list(
            Condition.objects.with_published_pages().annotate(
                articles_updated=Max("articles__updated_at", filter=_published("articles")),
                questions_updated=Max("questions__updated_at", filter=_published("questions")),
            )
        )

    def lastmod(self, item):
        return max(filter(None, [item.articles_updated, item.questions_updated]), default=None)


SITEMAPS = {
    "static": StaticSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
    "themes": ThemeSitemap,
    "questions": QuestionSitemap,
    "pages": SitePageSitemap,
    "conditions": ConditionSitemap,
}
