from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The home page, the pages about the site, the glossary page, health problems, the head of every page."""

    name = "mesoinfo.pages"
    label = "pages"
    verbose_name = _("Site")
    public_content = True
    content_loader = "mesoinfo.pages.content.PagesLoader"
    sitemaps = "mesoinfo.pages.sitemaps.SITEMAPS"
    signoff_policy = "mesoinfo.pages.models.medical_signoff_required"
    admin_worklist = "mesoinfo.pages.checks.worklist"

    def ready(self):
        from mesoinfo.pages import checks  # noqa: F401 (registers the go-live checks)
