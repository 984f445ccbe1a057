import simple_history
from modeltranslation.translator import TranslationOptions, register

from articles.models import EVIDENCE_FIELDS, Article, ArticleImage, Category, Source
from mesoinfo.editorial.translation import TRANSLATED_SLUG_EMPTY_VALUES, SectionTranslationOptions

register(Category)(SectionTranslationOptions)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "essentials", "body", "meta_description", *EVIDENCE_FIELDS)
    empty_values = TRANSLATED_SLUG_EMPTY_VALUES
    required_languages = {"fr": ("title", "slug", "summary", "body")}


@register(ArticleImage)
class ArticleImageTranslationOptions(TranslationOptions):
    # Each language's alternative text is asked for where the image is placed in that language's text; one
    # still to write is a translation to do, not an error.
    fields = ("alt",)
    required_languages = ()


# History after the translations, so that the historical models copy the per-language fields too.
simple_history.register(Article, excluded_fields=Article.history_excluded_fields)
simple_history.register(Source)
simple_history.register(ArticleImage)
