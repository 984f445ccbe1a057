from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from mesoinfo.models import Condition, GlossaryTerm, SiteSettings, Synonym


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    """A single record: no list to browse, no add once it exists, no delete."""

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TabbedTranslationAdmin):
    list_display = ["term", "slug", "updated_at"]
    search_fields = ["term", "definition", "other_forms", "slug"]
    prepopulated_fields = {"slug": ["term_fr"]}
    fields = ["term", "slug", "definition", "other_forms"]


@admin.register(Condition)
class ConditionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    fields = ["name", "slug", "description"]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["phrase", "alternatives", "language"]
    list_filter = ["language"]
    search_fields = ["phrase", "alternatives"]
    fields = ["language", "phrase", "alternatives"]
