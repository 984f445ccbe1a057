import simple_history
from modeltranslation.translator import TranslationOptions, register

from mesoinfo.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("opening_hours", "footer_notice")


# History after the translations, so that the historical model copies the per-language fields too.
simple_history.register(SiteSettings)
