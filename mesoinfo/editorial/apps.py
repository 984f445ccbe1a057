from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """What every page type shares: workflow, review, authors, history, links between pages (see models.py)."""

    name = "mesoinfo.editorial"
    label = "editorial"
    verbose_name = _("Editorial")
    public_content = True
    content_loader = "mesoinfo.editorial.content.ContributorLoader"

    def ready(self):
        from mesoinfo.editorial import signals  # noqa: F401 (connects the links and glossary receivers)
