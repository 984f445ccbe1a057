from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from articles.models import Article, Category, Contributor, Source


@admin.register(Category)
class CategoryAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_fr"]}
    search_fields = ["name", "description"]


@admin.register(Contributor)
class ContributorAdmin(TabbedTranslationAdmin):
    list_display = ["name", "qualifications", "key"]
    prepopulated_fields = {"key": ["name"]}
    search_fields = ["name", "qualifications"]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ["position", "title", "publisher", "year", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ["title", "category", "status", "published_at", "next_review", "is_published_display"]
    list_filter = ["status", "category", "next_review"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title_fr"]}
    autocomplete_fields = ["author", "reviewer", "conditions"]
    date_hierarchy = "published_at"
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "position", "summary", "body", "conditions"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Authors and review"), {"fields": ["author", "reviewer", "last_reviewed", "next_review"]}),
        (_("Search engines"), {"fields": ["meta_description"]}),
    ]

    @admin.display(boolean=True, description=_("online"))
    def is_published_display(self, obj):
        return obj.is_published
