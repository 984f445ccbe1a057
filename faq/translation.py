import simple_history
from modeltranslation.translator import TranslationOptions, register

from faq.models import Question, Theme
from mesoinfo.editorial.translation import SectionTranslationOptions

register(Theme)(SectionTranslationOptions)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
    required_languages = ("fr",)


# History after the translations, so that the historical model copies the per-language fields too.
simple_history.register(Question, excluded_fields=Question.history_excluded_fields)
