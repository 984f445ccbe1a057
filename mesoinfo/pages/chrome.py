"""Page chrome: what the head of every page says about it (title, description, languages, breadcrumbs,
structured data), worked out once per page by the view (`page_info`), and the base view of published pages
of every type, with staff previews."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from mesoinfo.editorial.models import Translated
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


class PreviewMixin:
    """Staff reach unpublished pages at their public address (see `visible_to`), under a visible banner.

    Their responses are never cached: see mesoinfo.staff.middleware.StaffNeverCacheMiddleware.
    """

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)


class PublishedPageView(PreviewMixin, PageInfoMixin, DetailView):
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
