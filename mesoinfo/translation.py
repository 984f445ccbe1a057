from modeltranslation.translator import TranslationOptions, register

from mesoinfo.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("opening_hours", "footer_notice")
