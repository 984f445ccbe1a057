from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mesoinfo import health
from mesoinfo.views import HomeView

admin.site.site_header = _("MésoInfo administration")
admin.site.site_title = _("MésoInfo administration")
admin.site.index_title = _("Site content")

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# French pages have no prefix; English ones live under /en/.
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("articles/", include("articles.urls")),
    path("faq/", include("faq.urls")),
    prefix_default_language=False,
)

urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
