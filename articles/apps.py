from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """Explanatory pages by section: what `Article` (a page type) needs, and what it gives the site."""

    name = "articles"
    verbose_name = _("Articles")
    public_content = True
    content_loader = "articles.content.ArticlesLoader"
    sitemaps = "articles.sitemaps.SITEMAPS"
