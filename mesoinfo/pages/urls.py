from django.urls import include, path, register_converter
from django.utils.translation import get_language

from mesoinfo.pages import views
from mesoinfo.pages.addresses import localized_route
from mesoinfo.pages.models import SitePage


class SitePageConverter:
    """The word of a page about the site in the address of the current language (`SitePage.ADDRESS_WORDS`):
    only the known pages' words match, so that these root-level addresses never shadow another page."""

    regex = "[a-z-]+"

    def to_python(self, value):
        slug = SitePage.slug_at(value, get_language())
        if slug is None:
            raise ValueError(value)
        return slug

    def to_url(self, value):
        word = SitePage.address_word(value, get_language())
        if word is None:
            raise ValueError(value)
        return word


register_converter(SitePageConverter, "site_page")

site_pages = ([path("<site_page:slug>/", views.SitePageView.as_view(), name="detail")], "pages")

# Address words in each language (French without a prefix, English under /en/): mesoinfo.pages.addresses.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(localized_route(fr="glossaire/", en="glossary/"), views.GlossaryView.as_view(), name="glossary"),
    path(
        localized_route(fr="contributeurs/<slug:key>/", en="contributors/<slug:key>/"),
        views.ContributorDetailView.as_view(),
        name="contributor",
    ),
    path(
        localized_route(fr="je-cherche-pour/", en="health-problems/"),
        include(
            [
                path("", views.ConditionListView.as_view(), name="condition_list"),
                path("<slug:slug>/", views.ConditionDetailView.as_view(), name="condition_detail"),
            ]
        ),
    ),
    path("", include(site_pages)),
]
