"""Work done when content changes: a deleted page takes its links along (they are generic rows, not foreign
keys), and glossary links live in the prepared texts, so a changed term prepares every page again."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mesoinfo.editorial.models import GlossaryTerm, Publishable, RelatedPage
from mesoinfo.editorial.registry import page_types


@receiver(post_delete, dispatch_uid="editorial-related-pages-of-deleted-page")
def forget_links(sender, instance, **kwargs):
    if isinstance(instance, Publishable) and not sender._meta.proxy:
        RelatedPage.objects.of(instance).delete()


def prepare_missing_texts(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """`post_migrate` receiver: the pages without prepared text get it."""
    for model in page_types():
        model.objects.using(using).filter(prepared_text={}).prepare_texts()


@receiver(post_save, sender=GlossaryTerm, dispatch_uid="editorial-glossary-saved")
@receiver(post_delete, sender=GlossaryTerm, dispatch_uid="editorial-glossary-deleted")
def prepare_page_texts(sender, raw=False, **kwargs):
    if not raw:
        for model in page_types():
            model.objects.prepare_texts()
