import simple_history
from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, ArticleImage, Category, Source
from mesoinfo.editorial.translation import SectionTranslationOptions

register(Category)(SectionTranslationOptions)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "meta_description")
    required_languages = ("fr",)


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
