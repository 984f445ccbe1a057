from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mesoinfo.views import ConditionDetailView, ConditionListView, GlossaryView, HomeView, SearchView

admin.site.site_header = _("MésoInfo administration")
admin.site.site_title = _("MésoInfo administration")
admin.site.index_title = _("Site content")

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
]

# French pages have no prefix; English ones live under /en/.
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("articles/", include("articles.urls")),
    path("faq/", include("faq.urls")),
    path("recherche/", SearchView.as_view(), name="search"),
    path("glossaire/", GlossaryView.as_view(), name="glossary"),
    path("je-cherche-pour/", ConditionListView.as_view(), name="condition_list"),
    path("je-cherche-pour/<slug:slug>/", ConditionDetailView.as_view(), name="condition_detail"),
    prefix_default_language=False,
)

urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
