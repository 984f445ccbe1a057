from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    """Short answers by theme: what `Question` (a page type) needs, and what it gives the site."""

    name = "faq"
    verbose_name = _("Frequently asked questions")
    public_content = True
    content_loader = "faq.content.QuestionsLoader"
    sitemaps = "faq.sitemaps.SITEMAPS"
