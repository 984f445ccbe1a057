import simple_history
from modeltranslation.translator import TranslationOptions, register

from faq.models import Question, Theme
from mesoinfo.editorial.translation import TRANSLATED_SLUG_EMPTY_VALUES, SectionTranslationOptions

register(Theme)(SectionTranslationOptions)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("question", "slug", "short_answer", "answer")
    empty_values = TRANSLATED_SLUG_EMPTY_VALUES
    required_languages = {"fr": ("question", "slug", "answer")}


# History after the translations, so that the historical model copies the per-language fields too.
simple_history.register(Question, excluded_fields=Question.history_excluded_fields)
