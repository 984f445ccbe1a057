from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, Category, Contributor


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
