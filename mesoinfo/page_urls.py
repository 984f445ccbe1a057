from django.urls import re_path

from mesoinfo.models import SitePage
from mesoinfo.views import SitePageView

app_name = "pages"
# Only the known pages' addresses, so that these root-level URLs never shadow another page.
urlpatterns = [
    re_path(rf"^(?P<slug>{'|'.join(SitePage.Slug.values)})/$", SitePageView.as_view(), name="detail"),
]
