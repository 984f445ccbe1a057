from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from mesoinfo.models import SitePage, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    """A single record: no list to browse, no add once it exists, no delete."""

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SitePage)
class SitePageAdmin(TabbedTranslationAdmin):
    """The five pages about the site: their texts are edited here; the pages themselves stay (no delete)."""

    list_display = ["title", "slug", "updated_at"]
    fields = ["slug", "title", "summary", "body"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []  # the footer links to these addresses

    def has_add_permission(self, request):
        return SitePage.objects.count() < len(SitePage.Slug)

    def has_delete_permission(self, request, obj=None):
        return False
