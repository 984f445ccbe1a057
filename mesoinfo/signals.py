"""Work done when content changes: search documents, and article bodies prepared with the glossary."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article
from faq.models import Question
from mesoinfo.models import GlossaryTerm
from mesoinfo.search import index


@receiver(post_save, sender=Article, dispatch_uid="mesoinfo-index-article")
@receiver(post_save, sender=Question, dispatch_uid="mesoinfo-index-question")
def index_page(sender, instance, raw=False, **kwargs):
    """The page's search documents follow every save (deletion takes them along: foreign keys)."""
    if not raw:
        index.update([instance])


@receiver(post_save, sender=GlossaryTerm, dispatch_uid="mesoinfo-glossary-saved")
@receiver(post_delete, sender=GlossaryTerm, dispatch_uid="mesoinfo-glossary-deleted")
def prepare_article_bodies(sender, raw=False, **kwargs):
    """Glossary links live in the prepared bodies: a changed term prepares every article again."""
    if not raw:
        Article.objects.prepare_bodies()
