from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """What every page type shares: workflow, review, authors, history, links between pages (see models.py)."""

    name = "mesoinfo.editorial"
    label = "editorial"
    verbose_name = _("Editorial")
    public_content = True
    content_loader = "mesoinfo.editorial.content.ContributorLoader"

    def ready(self):
        from mesoinfo.editorial import signals

        # Pages migrated from a version without prepared texts (or written in bulk) get them once migrated.
        post_migrate.connect(signals.prepare_missing_texts, sender=self, dispatch_uid="editorial-prepare-texts")
