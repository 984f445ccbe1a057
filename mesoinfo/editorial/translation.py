from modeltranslation.translator import TranslationOptions, register

from mesoinfo.editorial.models import Contributor, GlossaryTerm


class SectionTranslationOptions(TranslationOptions):
    """What a section (article category, FAQ theme) has in each language: its app registers it."""

    fields = ("name", "description")


@register(Contributor)
class ContributorTranslationOptions(TranslationOptions):
    fields = ("role", "qualifications", "speciality", "declaration_of_interests", "bio")


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("term", "definition", "other_forms")
    required_languages = {"fr": ("term", "definition")}
