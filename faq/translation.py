from modeltranslation.translator import TranslationOptions, register

from faq.models import Question, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
    required_languages = ("fr",)
