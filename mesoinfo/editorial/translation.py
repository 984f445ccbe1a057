from modeltranslation.translator import TranslationOptions, register

from mesoinfo.editorial.models import Contributor, GlossaryTerm

# A translated slug (an address word per language, see `TranslatedSlug`): required in French, and empty in
# another language means none (NULL, so that the unique index allows any number of them): the French one
# is then used.
TRANSLATED_SLUG_EMPTY_VALUES = {"slug": None}


class SectionTranslationOptions(TranslationOptions):
    """What a section (article category, FAQ theme) has in each language: its app registers it."""

    fields = ("name", "description", "slug")
    empty_values = TRANSLATED_SLUG_EMPTY_VALUES
    required_languages = {"fr": ("name", "slug")}


@register(Contributor)
class ContributorTranslationOptions(TranslationOptions):
    fields = ("name", "role", "qualifications", "speciality", "declaration_of_interests", "bio")
    required_languages = {"fr": ("name",)}


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("term", "definition", "other_forms")
    required_languages = {"fr": ("term", "definition")}
