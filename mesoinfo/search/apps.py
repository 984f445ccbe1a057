from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search: documents kept up to date on every save, queries, synonyms, the results page."""

    name = "mesoinfo.search"
    label = "search"
    verbose_name = _("Search")
    # Its tables make the search pages: writing them (a page indexed, a synonym edited) renews the page cache's
    # generation, under which the pages of results are kept too (responses.py).
    public_content = True
    content_loader = "mesoinfo.search.content.SynonymLoader"

    def ready(self):
        from mesoinfo.search import signals

        signals.connect()
        # Search documents are derived data: after migrating (a new database, or one whose documents a
        # migration remade), every page without its documents gets them.
        post_migrate.connect(signals.index_missing_pages, sender=self, dispatch_uid="search-index-missing")
