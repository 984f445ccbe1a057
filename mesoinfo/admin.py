from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from mesoinfo.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    """A single record: no list to browse, no add once it exists, no delete."""

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
