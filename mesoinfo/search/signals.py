"""The search follows the pages: every save, deletion, bulk change of publication state and change of the
health problems a page is tagged with; and the synonyms staff edit."""

import functools

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from mesoinfo.editorial.models import publication_changed
from mesoinfo.search import index

RELATED_ON_DELETE = "_search_related_on_delete"


def unless_paused(receiver):
    """The receiver does nothing while the index is paused (see `index.paused`)."""

    @functools.wraps(receiver)
    def receive(*args, **kwargs):
        if not index.is_paused():
            return receiver(*args, **kwargs)
        return None

    return receive


@unless_paused
def index_page(sender, instance, raw=False, **kwargs):
    if not raw:
        index.update([instance])
        index.update(index.related_searchables([instance]))


@unless_paused
def remember_related(sender, instance, **kwargs):
    """Before a deletion: the health problems of the page, whose tags the deletion removes."""
    setattr(instance, RELATED_ON_DELETE, index.related_searchables([instance]))


@unless_paused
def forget_page(sender, instance, **kwargs):
    index.remove(instance)
    index.update(getattr(instance, RELATED_ON_DELETE, []))


@unless_paused
def index_section_pages(sender, instance, raw=False, **kwargs):
    """A section (category, theme) renamed: its pages' results show its new name and address."""
    if not raw:
        index.update(instance.searchable_pages())


@unless_paused
def index_changed_pages(sender, pks, **kwargs):
    """Pages published, withdrawn or rescheduled in bulk (admin actions): documents written or removed."""
    pages = list(index.all_pages(sender).filter(pk__in=pks))
    index.update(pages)
    index.update(index.related_searchables(pages))


@unless_paused
def tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A page tagged with a health problem, or untagged: the problem is searchable while it has a visible page."""
    if action == "pre_clear":
        # The tags about to go: after the clear, nothing says which they were.
        items = index.related_searchables([instance]) if not reverse else [instance]
        setattr(instance, RELATED_ON_DELETE, items)
        return
    if action not in ("post_add", "post_remove", "post_clear") or getattr(instance, "_state", None) is None:
        return
    if action == "post_clear":
        index.update(getattr(instance, RELATED_ON_DELETE, []))
    elif reverse:
        index.update([instance])
    else:
        index.update(model._base_manager.filter(pk__in=pk_set or ()))


def index_missing_pages(sender, **kwargs):
    index.update_missing()


def connect():
    """Connect the receivers to every searchable model, to every model whose pages show it in their results
    (a `searchable_pages()` method: sections), and to the tags between searchable models."""
    searchable = index.searchable_models()
    for model in apps.get_models():
        label = model._meta.label_lower
        if model in searchable:
            post_save.connect(index_page, sender=model, dispatch_uid=f"search-index-{label}")
            pre_delete.connect(remember_related, sender=model, dispatch_uid=f"search-related-{label}")
            post_delete.connect(forget_page, sender=model, dispatch_uid=f"search-forget-{label}")
            for field in model._meta.many_to_many:
                if field.related_model in searchable:
                    m2m_changed.connect(
                        tags_changed,
                        sender=field.remote_field.through,
                        dispatch_uid=f"search-tags-{label}-{field.name}",
                    )
        if callable(getattr(model, "searchable_pages", None)):
            post_save.connect(index_section_pages, sender=model, dispatch_uid=f"search-section-{label}")
    publication_changed.connect(index_changed_pages, dispatch_uid="search-publication-changed")
