"""The search documents follow the pages: every save, deletion and bulk change of publication state."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from mesoinfo.editorial.models import publication_changed
from mesoinfo.search import index
from mesoinfo.search.models import SearchDocument


def index_page(sender, instance, raw=False, **kwargs):
    if not raw:
        index.update([instance])


def forget_page(sender, instance, **kwargs):
    index.remove(instance)


def index_section_pages(sender, instance, raw=False, **kwargs):
    """A section (category, theme) renamed: its pages' results show its new name and address."""
    if not raw:
        index.update(instance.searchable_pages())


def copy_publication(sender, pks, **kwargs):
    SearchDocument.copy_publication(sender, pks)


def index_missing_pages(sender, **kwargs):
    index.update_missing()


def connect():
    """Connect the receivers to every searchable model, and to every model whose pages show it in their
    results (a `searchable_pages()` method: sections)."""
    for model in apps.get_models():
        label = model._meta.label_lower
        if model in index.searchable_models():
            post_save.connect(index_page, sender=model, dispatch_uid=f"search-index-{label}")
            post_delete.connect(forget_page, sender=model, dispatch_uid=f"search-forget-{label}")
        if callable(getattr(model, "searchable_pages", None)):
            post_save.connect(index_section_pages, sender=model, dispatch_uid=f"search-section-{label}")
    publication_changed.connect(copy_publication, dispatch_uid="search-copy-publication")
