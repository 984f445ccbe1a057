from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from mesoinfo.pages import views
from mesoinfo.pages.models import SitePage

# Only the known pages' addresses, so that these root-level URLs never shadow another page.
site_pages = (
    [re_path(rf"^(?P<slug>{'|'.join(SitePage.Slug.values)})/$", views.SitePageView.as_view(), name="detail")],
    "pages",
)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("glossaire/", views.GlossaryView.as_view(), name="glossary"),
    path("je-cherche-pour/", views.ConditionListView.as_view(), name="condition_list"),
    path("je-cherche-pour/<slug:slug>/", views.ConditionDetailView.as_view(), name="condition_detail"),
    path(_("contributors/<slug:key>/"), views.ContributorDetailView.as_view(), name="contributor"),
    path("", include(site_pages)),
]
