from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView, View

from articles.models import Category
from faq.models import Question, Theme
from mesoinfo.forms import SearchForm
from mesoinfo.models import Condition, GlossaryTerm, SitePage, Translated
from mesoinfo.search import search
from mesoinfo.search.backends import MAX_RESULTS
from mesoinfo.sitemaps import SITEMAPS

DEFAULT_DESCRIPTION = gettext_lazy(
    "Plain, sourced information on mesotherapy for patients: uses, how a session goes, evidence, risks, cost "
    "and reimbursement."
)


@dataclass
class PageInfo:
    """What the head of a page says about it: title, description, languages, trail, structured data."""

    title: str
    description: str
    languages: list  # the languages this page really exists in
    text_language: str  # the language its texts are shown in (French when not translated yet)
    breadcrumbs: list = field(default_factory=list)  # (path, label) pairs after the home page
    schema: dict = field(default_factory=lambda: {"@type": "WebPage"})
    og_type: str = "website"
    published: datetime | None = None
    modified: datetime | None = None
    is_fallback: bool = False  # shown in French on a page in another language


class PageInfoMixin:
    """Gives the template a `page_info` for the head (title, canonical, hreflang, Open Graph, JSON-LD).

    List pages set `page_title`; detail pages take the object's own texts, in the language they exist in.
    """

    page_title = None
    page_description = None
    crumb_label = None  # list pages: the breadcrumb's label when shorter than the title
    schema_type = "WebPage"

    def get_page_object(self):
        return getattr(self, "object", None)

    def get_page_title(self):
        return str(self.page_title) if self.page_title else str(self.get_page_object())

    def get_page_description(self):
        obj = self.get_page_object()
        description = getattr(obj, "search_description", None) or self.page_description or DEFAULT_DESCRIPTION
        return str(description)

    def get_schema(self):
        return {"@type": self.schema_type}

    def get_breadcrumbs(self, title):
        obj = self.get_page_object()
        if obj is None:
            return [(self.request.path, str(self.crumb_label or title))]
        return [*obj.parent_crumbs, (self.request.path, str(obj))]

    def get_page_info(self):
        obj = self.get_page_object()
        language = translation.get_language()
        translated = isinstance(obj, Translated)
        text_language = obj.text_language(language) if translated else language
        with translation.override(text_language):
            title = self.get_page_title()
            info = PageInfo(
                title=title,
                description=self.get_page_description(),
                languages=obj.languages if translated else [code for code, _name in settings.LANGUAGES],
                text_language=text_language,
                breadcrumbs=self.get_breadcrumbs(title),
                schema=self.get_schema(),
                is_fallback=text_language != language,
            )
        if hasattr(obj, "published_at"):
            info.og_type, info.published, info.modified = "article", obj.published_at, obj.updated_at
        return info

    def get_context_data(self, **kwargs):
        page_info = self.get_page_info()
        return super().get_context_data(page_info=page_info, **kwargs)


class HomeView(PageInfoMixin, TemplateView):
    template_name = "home.html"
    page_title = gettext_lazy("Mesotherapy explained honestly")

    def get_breadcrumbs(self, title):
        return []

    # The home page stays short and quick to render however much is published: the first articles of each
    # section (all of them today) and the first questions of each theme, with a link to the rest.
    ARTICLES_PER_CATEGORY = 8
    QUESTIONS_PER_THEME = 3

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=Category.objects.with_published_articles(limit=self.ARTICLES_PER_CATEGORY),
            articles_per_category=self.ARTICLES_PER_CATEGORY,
            themes=Theme.objects.with_published_questions(limit=self.QUESTIONS_PER_THEME),
            home_questions=Question.objects.published().on_home_page()[:5],
            conditions=Condition.objects.with_published_pages().alphabetical(),
            **kwargs,
        )


class SitePageView(PageInfoMixin, DetailView):
    """About, legal notice, privacy, accessibility, contact: texts edited by staff in the admin."""

    template_name = "mesoinfo/site_page.html"
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
    # The same for every visitor whatever their browser's language (it lists both languages' addresses):
    # rendered in French, and marked so that the page cache may keep it (mesoinfo.middleware).
    with translation.override(settings.LANGUAGE_CODE):
        response = sitemap(request, sitemaps=SITEMAPS)
        response.render()
    response.language_independent = True
    return response


class PreviewMixin:
    """Staff reach unpublished pages at their public address (see `visible_to`), under a visible banner.

    Their responses are never cached: see mesoinfo.middleware.StaffNeverCacheMiddleware.
    """

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)


class SearchView(PageInfoMixin, TemplateView):
    """Search results; an empty box shows help, a query we cannot search answers 400 with the reason."""

    template_name = "mesoinfo/search.html"
    page_title = gettext_lazy("Search")
    page_description = gettext_lazy("Search the articles and questions of MésoInfo.")

    def get(self, request, *args, **kwargs):
        typed = request.GET.get("q", "")
        form = SearchForm(request.GET if typed.strip() else None)
        context = {"form": form, "query_text": form.value_to_show() if form.is_bound else ""}
        status = 200
        if form.is_bound and form.is_valid():
            query, results, page = search(form.cleaned_data["q"], get_language(), request.GET.get("page"))
            context.update(query=query, page=page, results=results, max_results=MAX_RESULTS)
        elif form.is_bound:
            status = 400
        if not context.get("page"):
            # Nothing to show, or nothing found: ways to go on.
            context.update(
                themes=Theme.objects.all(),
                conditions=Condition.objects.with_published_pages().alphabetical(),
            )
        return self.render_to_response(self.get_context_data(**context), status=status)


class GlossaryView(PageInfoMixin, ListView):
    template_name = "mesoinfo/glossary.html"
    page_title = gettext_lazy("Glossary")
    page_description = gettext_lazy(
        "The medical words of our pages on mesotherapy, explained in plain words, from A to Z."
    )
    context_object_name = "terms"

    def get_queryset(self):
        return GlossaryTerm.objects.alphabetical()


class ConditionListView(PageInfoMixin, ListView):
    template_name = "mesoinfo/condition_list.html"
    page_title = gettext_lazy("I am looking for… Health problems from A to Z")
    crumb_label = gettext_lazy("Health problems")
    page_description = gettext_lazy(
        "Choose your health problem (osteoarthritis, back pain, tendinitis, hair loss…) to find our pages and "
        "questions about it."
    )
    context_object_name = "conditions"

    def get_queryset(self):
        return Condition.objects.with_published_pages().alphabetical()


class ConditionDetailView(PageInfoMixin, DetailView):
    template_name = "mesoinfo/condition_detail.html"
    context_object_name = "condition"

    def get_page_title(self):
        return gettext_lazy("%(condition)s – Health problems") % {"condition": self.object.name}

    def get_page_description(self):
        return self.object.description or str(DEFAULT_DESCRIPTION)

    def get_queryset(self):
        return Condition.objects.with_published_pages_listed()
