"""Page chrome: what the head of every page says about it (title, description, languages, addresses,
breadcrumbs, structured data), worked out once per page by the view (`page_info`), and the base view of
published pages of every type, with staff previews."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView
from modeltranslation.utils import build_localized_fieldname

from mesoinfo.editorial.models import Translated, slug_in_any_language
from mesoinfo.pages import structured_data

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
    addresses: dict = field(default_factory=dict)  # {language: this page's path in that language}


def address_in(obj, language):
    """The path of an object's page in `language`: its slugs and address words in that language."""
    with translation.override(language):
        return obj.get_absolute_url()


def path_in(request, language):
    """The path of the page asked for in `language`: the view Django resolved for it, reversed in that language
    (its address words there), as `translate_url` does, without resolving the path a second time; the path
    itself when the view has no other (no name, or no address in that language)."""
    match = request.resolver_match
    if match is None:  # an error page, answered before or without a view
        return translate_url(request.path, language)
    if match.url_name is None:
        return request.path
    with translation.override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path


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

    def get_addresses(self):
        """{language: path} of this page: an object's own address in each language, else the same view's."""
        obj = self.get_page_object()
        if hasattr(obj, "get_absolute_url"):
            return {code: address_in(obj, code) for code, _name in settings.LANGUAGES}
        return {code: path_in(self.request, code) for code, _name in settings.LANGUAGES}

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
                addresses=self.get_addresses(),
            )
        if hasattr(obj, "published_at"):
            info.og_type, info.published, info.modified = "article", obj.published_at, obj.updated_at
        return info

    def get_context_data(self, **kwargs):
        page_info = self.get_page_info()
        return super().get_context_data(page_info=page_info, **kwargs)


class PreviewMixin:
    """Staff reach unpublished pages at their public address (see `visible_to`), under a visible banner.

    Their responses are never cached: see mesoinfo.staff.middleware.StaffNeverCacheMiddleware.
    """

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)


class TranslatedAddressMixin:
    """The detail view of an object with a translated slug (`TranslatedSlug`): its slugs are looked up in
    every language, and the object is shown only at its address in the current language. The other
    language's slugs (an English slug under a French address, a French one under /en/) answer with a
    permanent redirect to it."""

    # URL keyword arguments holding slugs: {kwarg: the relation from the object to what it names ("" for
    # the object itself)}.
    slug_kwargs = {"slug": ""}

    def find_object(self):
        """The object the address names, in any language, or None (also used by mesoinfo.pages.addresses).

        Two objects answer one address only if one's slug in a language is the other's in the other language,
        which the admin refuses (`TranslatedSlug.validate_unique`) but rows written otherwise may hold: the one
        whose slug in the current language is the address's wins, then the oldest. The rows are read
        unordered: ordering them in SQL would cost more than choosing here, since Django then looks up every
        selected column among the ordering's (over a hundred on a page read with its authors).
        """
        queryset = self.get_queryset()
        for kwarg, relation in self.slug_kwargs.items():
            queryset = queryset.filter(slug_in_any_language(self.kwargs[kwarg], f"{relation}__" if relation else ""))
        found = list(queryset.order_by())
        if len(found) < 2:
            return found[0] if found else None
        own_slug = next(self.kwargs[kwarg] for kwarg, relation in self.slug_kwargs.items() if not relation)
        slug_here = build_localized_fieldname("slug", translation.get_language())
        return min(found, key=lambda obj: (getattr(obj, slug_here, None) != own_slug, obj.pk))

    def get_object(self, queryset=None):
        obj = self.find_object()
        if obj is None:
            raise Http404("No page at this address")
        return obj

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        address = self.object.get_absolute_url()
        if address != request.path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)
        return self.render_to_response(self.get_context_data(object=self.object))


class PublishedPageView(PreviewMixin, TranslatedAddressMixin, PageInfoMixin, DetailView):
    """A page of any type at its public address: published for visitors, any state for staff who may preview
    it, with its related pages (`related_pages`) and its structured data."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).for_display()

    def get_object(self, queryset=None):
        page = super().get_object(queryset)
        self.related = page.related_pages()
        return page

    def get_sources(self):
        return []

    def get_schema(self):
        return structured_data.medical_web_page(self.object, self.sources)

    def get_context_data(self, **kwargs):
        self.sources = self.get_sources()
        return super().get_context_data(related_pages=self.related, sources=self.sources, **kwargs)
