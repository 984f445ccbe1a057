import simple_history
from modeltranslation.translator import TranslationOptions, register

from mesoinfo.editorial.translation import TRANSLATED_SLUG_EMPTY_VALUES
from mesoinfo.pages.models import Condition, SitePage, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("opening_hours", "footer_notice")


@register(SitePage)
class SitePageTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("fr",)


@register(Condition)
class ConditionTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    empty_values = TRANSLATED_SLUG_EMPTY_VALUES
    required_languages = {"fr": ("name", "slug")}


# History after the translations, so that the historical model copies the per-language fields too.
simple_history.register(SiteSettings)
simple_history.register(SitePage)
