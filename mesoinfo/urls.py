"""The site's addresses: each app's own URLs, French without a prefix and English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from articles.feeds import ArticleFeed
from mesoinfo.editorial.admin import translation_status_view
from mesoinfo.ops import health
from mesoinfo.pages.addresses import localized_route
from mesoinfo.pages.views import RobotsView, sitemap_view

admin.site.site_header = _("MésoInfo administration")
admin.site.site_title = _("MésoInfo administration")
admin.site.index_title = _("Site content")

urlpatterns = [
    # Before the admin's own URLs, whose catch-all would answer first.
    path(
        f"{settings.ADMIN_URL}traductions/", admin.site.admin_view(translation_status_view), name="admin_translations"
    ),
    path(
        f"{settings.ADMIN_URL}jsi18n/editeur/",
        JavaScriptCatalog.as_view(packages=["django_prose_editor"]),
        name="admin_editor_jsi18n",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # Sitemap and robots.txt: one for the whole site, at the root, with both languages' addresses.
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path("articles/", include("articles.urls")),
    path("faq/", include("faq.urls")),
    path(localized_route(fr="recherche/", en="search/"), include("mesoinfo.search.urls")),
    path(localized_route(fr="retours/", en="feedback/"), include("mesoinfo.feedback.urls")),
    path(localized_route(fr="flux.atom", en="feed.atom"), ArticleFeed(), name="feed"),
    path("", include("mesoinfo.pages.urls")),
    prefix_default_language=False,
)

urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
