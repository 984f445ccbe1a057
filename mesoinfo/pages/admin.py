from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from mesoinfo.editorial.admin import ReadableHistoryAdmin, RichTextAdminMixin, TypographyAdminMixin
from mesoinfo.pages.models import Condition, SitePage, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(ReadableHistoryAdmin, TabbedTranslationAdmin):
    """A single record: the list goes straight to it; no add once it exists, no delete."""

    fieldsets = [
        (_("The clinic"), {"fields": ["clinic_name", "address", "phone", "email", "opening_hours", "footer_notice"]}),
        (
            _("Legal notice"),
            {
                "fields": ["publisher_details", "publication_director", "host_details"],
                "description": _("A French site must name them (LCEN art. 6); the admin home lists what is missing."),
            },
        ),
        (_("Editorial policy"), {"fields": ["medical_signoff_required"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return redirect("admin:pages_sitesettings_change", SiteSettings.load().pk)


@admin.register(SitePage)
class SitePageAdmin(RichTextAdminMixin, ReadableHistoryAdmin, TabbedTranslationAdmin):
    """The five pages about the site: their texts are edited here; the pages themselves stay (no delete)."""

    list_display = ["title", "slug", "updated_at"]
    fields = ["slug", "title", "summary", "body"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []  # the footer links to these addresses

    def has_add_permission(self, request):
        return SitePage.objects.count() < len(SitePage.Slug)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Condition)
class ConditionAdmin(TypographyAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}  # each language's slug from that language's name
    fields = ["name", "slug", "description"]
