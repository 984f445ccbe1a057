import simple_history
from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, ArticleImage, Category, Contributor, Source


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Contributor)
class ContributorTranslationOptions(TranslationOptions):
    fields = ("qualifications", "bio")


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "meta_description")
    required_languages = ("fr",)


@register(ArticleImage)
class ArticleImageTranslationOptions(TranslationOptions):
    fields = ("alt", "caption")
    required_languages = {"fr": ("alt",), "en": ("alt",)}


# History after the translations, so that the historical models copy the per-language fields too.
simple_history.register(Article, excluded_fields=[*Article.history_excluded_fields, "prepared_body"])  # derived
simple_history.register(Source)
simple_history.register(ArticleImage)
