from modeltranslation.translator import TranslationOptions, register

from mesoinfo.models import Condition, GlossaryTerm, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("opening_hours", "footer_notice")


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("term", "definition", "other_forms")
    required_languages = {"fr": ("term", "definition")}


@register(Condition)
class ConditionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"fr": ("name",)}
