from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from articles.models import Article, ArticleImage, Category, Contributor, Source
from mesoinfo.admin import PublishableAdmin, ReviewDueFilter, TranslationFilter


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


class ArticleImageInline(TranslationStackedInline):
    model = ArticleImage
    extra = 0
    fields = ["image", "preview", "alt", "caption", "credit", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk or not obj.renditions:
            return "—"
        return format_html('<img class="image-preview" src="{}" alt="">', obj.fallback_url)


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = [
        "title", "category", "status", "published_at", "next_review_display", "translation_display",
        "is_published_display",
    ]  # fmt: skip
    list_filter = ["status", ReviewDueFilter, TranslationFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title_fr"]}
    autocomplete_fields = ["author", "reviewer", "conditions"]
    date_hierarchy = "published_at"
    inlines = [ArticleImageInline, SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "position", "summary", "body", "conditions", "version"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Authors and review"), {"fields": ["author", "reviewer", "last_reviewed", "next_review"]}),
        (_("Search engines"), {"fields": ["meta_description"]}),
    ]
