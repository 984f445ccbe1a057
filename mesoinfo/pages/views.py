from typing import NamedTuple

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView, View

from mesoinfo.editorial.models import Contributor, GlossaryTerm
from mesoinfo.editorial.registry import contributions, page_types
from mesoinfo.pages.chrome import DEFAULT_DESCRIPTION, PageInfoMixin, TranslatedAddressMixin
from mesoinfo.pages.models import Condition, SitePage


class HomeGroup(NamedTuple):
    """A page type's sections on the home page, each with its first `limit` pages (`published_pages`); with a
    limit of 0, the sections alone."""

    heading: str
    index_url_name: str
    see_all: str
    sections: list
    limit: int


class HomeView(PageInfoMixin, TemplateView):
    """Answers at a glance, the sections of every page type with their first pages, the health problems.

    It stays short and quick to render however much is published: the first pages of each section (`home_limit`
    of the page type), with a link to the rest.
    """

    template_name = "home.html"
    page_title = gettext_lazy("Mesotherapy explained honestly")

    def get_breadcrumbs(self, title):
        return []

    def get_context_data(self, **kwargs):
        types = page_types()
        return super().get_context_data(
            home_groups=[
                HomeGroup(
                    model.home_heading,
                    model.section_model().index_url_name,
                    model.home_see_all,
                    model.home_sections(model.home_limit),
                    model.home_limit,
                )
                for model in types
                if hasattr(model, "home_sections")
            ],
            home_answers=[page for model in types if hasattr(model, "home_answers") for page in model.home_answers()],
            conditions=Condition.objects.with_published_pages().alphabetical(),
            search_in_page=True,  # the header leaves the search box to the page's own, larger one
            **kwargs,
        )


class SitePageView(PageInfoMixin, DetailView):
    """About, legal notice, privacy, accessibility, contact: texts edited by staff in the admin."""

    template_name = "pages/site_page.html"
    context_object_name = "site_page"
    queryset = SitePage.objects.all()
    SCHEMA_TYPES = {SitePage.Slug.ABOUT: "AboutPage", SitePage.Slug.CONTACT: "ContactPage"}

    def get_page_description(self):
        return self.object.summary or str(DEFAULT_DESCRIPTION)

    def get_schema(self):
        return {"@type": self.SCHEMA_TYPES.get(self.object.slug, "WebPage")}


class RobotsView(View):
    """robots.txt: everything may be crawled but the admin; the sitemap's absolute address."""

    def get(self, request):
        lines = [
            "User-agent: *",
            # The admin at its default address; an admin moved elsewhere (DJANGO_ADMIN_URL) is not named
            # here, where anyone could read it: its pages carry a robots "none" meta tag instead.
            "Disallow: /admin/",
            "",
            f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        ]
        response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
        response.language_independent = True  # see sitemap_view
        return response


def sitemap_view(request):
    """Every app's sitemaps (`sitemaps` on its AppConfig), in one sitemap.xml.

    The same for every visitor whatever their browser's language (it lists both languages' addresses):
    rendered in French, and marked so that the page cache may keep it (mesoinfo.pagecache.middleware).
    """
    sitemaps = {name: section for found in contributions("sitemaps") for name, section in found.items()}
    with translation.override(settings.LANGUAGE_CODE):
        response = sitemap(request, sitemaps=sitemaps)
        response.render()
    response.language_independent = True
    return response


class GlossaryView(PageInfoMixin, ListView):
    template_name = "pages/glossary.html"
    page_title = gettext_lazy("Glossary")
    page_description = gettext_lazy(
        "The medical words of our pages on mesotherapy, explained in plain words, from A to Z."
    )
    context_object_name = "terms"

    def get_queryset(self):
        return GlossaryTerm.objects.alphabetical()


class ConditionListView(PageInfoMixin, ListView):
    template_name = "pages/condition_list.html"
    page_title = gettext_lazy("I am looking for… Health problems from A to Z")
    crumb_label = gettext_lazy("Health problems")
    page_description = gettext_lazy(
        "Choose your health problem (osteoarthritis, back pain, tendinitis, hair loss…) to find our pages and "
        "questions about it."
    )
    context_object_name = "conditions"

    def get_queryset(self):
        return Condition.objects.with_published_pages().alphabetical()


class ConditionDetailView(TranslatedAddressMixin, PageInfoMixin, DetailView):
    template_name = "pages/condition_detail.html"
    context_object_name = "condition"
    queryset = Condition.objects.all()

    def get_page_title(self):
        return gettext_lazy("%(condition)s – Health problems") % {"condition": self.object.name}

    def get_page_description(self):
        return self.object.description or str(DEFAULT_DESCRIPTION)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_groups=self.object.published_pages(), **kwargs)


class ContributorDetailView(PageInfoMixin, DetailView):
    """Who a contributor is — for a medical reviewer: qualification, speciality, RPPS number with its record in
    the « Annuaire santé », declaration of interests — and the published pages they wrote or signed off."""

    template_name = "pages/contributor_detail.html"
    context_object_name = "contributor"
    queryset = Contributor.objects.all()
    slug_field = "key"
    slug_url_kwarg = "key"
    schema_type = "ProfilePage"

    def get_page_description(self):
        contributor = self.object
        return (
            gettext_lazy("%(name)s, %(description)s: the pages of MésoInfo they wrote or medically reviewed.")
            % {"name": contributor.name, "description": contributor.description}
            if contributor.description
            else gettext_lazy("%(name)s: the pages of MésoInfo they wrote or medically reviewed.")
            % {"name": contributor.name}
        )

    def get_breadcrumbs(self, title):
        return [(self.request.path, self.object.name)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            written=self.object.pages_written(), reviewed=self.object.pages_reviewed(), **kwargs
        )
