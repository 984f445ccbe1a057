"""sitemap.xml: every published page, in each language it really exists in, with its alternates.

Each app gives its own sitemaps (`sitemaps` on its AppConfig); these are the ones of the pages app and the
base classes the others use. Each item lists only the languages it has (`get_languages_for_item`), so a
page not translated yet appears once, in French, and its English address (which shows the French text) is
left out. Each section reads its items in one query, whatever their number.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from mesoinfo.editorial.models import Status
from mesoinfo.editorial.registry import page_types
from mesoinfo.pages.models import Condition, SitePage, tagged_page_types


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        return item.languages

    def lastmod(self, item):
        return item.updated_at


class IndexSitemap(TranslatedSitemap):
    """Pages that exist in every language and change with the content: home page, glossary, health
    problems, and the index page of every page type's sections."""

    def items(self):
        return ["home", "glossary", "condition_list", *(model.section_model().index_url_name for model in page_types())]

    def get_languages_for_item(self, item):
        return self._languages()

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.latest

    def get_urls(self, *args, **kwargs):
        dates = [model.objects.published().aggregate(latest=Max("updated_at"))["latest"] for model in page_types()]
        self.latest = max(filter(None, dates), default=None)
        return super().get_urls(*args, **kwargs)


def published(prefix):
    """The condition `published()` applies, seen from a related model (a section, a health problem)."""
    return Q(**{f"{prefix}__status": Status.PUBLISHED}) & Q(**{f"{prefix}__published_at__lte": timezone.now()})


class SectionSitemap(TranslatedSitemap):
    """The sections of a page type (`model`), each changed when its last published page was."""

    model = None

    def items(self):
        relation = self.model.pages_relation
        return list(self.model.objects.annotate(updated_at=Max(f"{relation}__updated_at", filter=published(relation))))


class PageSitemap(TranslatedSitemap):
    """The published pages of a page type (`model`)."""

    model = None

    def items(self):
        return list(self.model.objects.published().select_related(self.model.section_field))


class SitePageSitemap(TranslatedSitemap):
    def items(self):
        return list(SitePage.objects.all())


class ConditionSitemap(TranslatedSitemap):
    """A health problem's page lists its pages: it changes when they do."""

    def items(self):
        annotations = {
            f"{model._meta.model_name}_updated": Max(
                f"{model._meta.model_name}s__updated_at", filter=published(f"{model._meta.model_name}s")
            )
            for model in tagged_page_types()
        }
        return list(Condition.objects.with_published_pages().annotate(**annotations))

    def lastmod(self, item):
        dates = [getattr(item, f"{model._meta.model_name}_updated") for model in tagged_page_types()]
        return max(filter(None, dates), default=None)


SITEMAPS = {"static": IndexSitemap, "pages": SitePageSitemap, "conditions": ConditionSitemap}
