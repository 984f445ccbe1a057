from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search: documents kept up to date on every save, queries, synonyms, the results page."""

    name = "mesoinfo.search"
    label = "search"
    verbose_name = _("Search")
    content_loader = "mesoinfo.search.content.SynonymLoader"

    def ready(self):
        from mesoinfo.search import signals

        signals.connect()
