from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from articles.models import EVIDENCE_FIELDS, Article, ArticleImage, Category, Source
from mesoinfo.editorial.admin import PublishableAdmin, ReviewDueFilter, SectionAdmin, TranslationFilter

admin.site.register(Category, SectionAdmin)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ["position", "title", "publisher", "year", "url", "no_address"]
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
    search_fields = ["title", "summary", "essentials", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}  # each language's slug from that language's title
    autocomplete_fields = ["author", "reviewer", "conditions"]
    date_hierarchy = "published_at"
    inlines = [ArticleImageInline, SourceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "category",
                    "position",
                    "summary",
                    "essentials",
                    "body",
                    "conditions",
                    "version",
                ]
            },
        ),
        (
            _("Evidence at a glance (indication pages)"),
            {
                "fields": ["evidence_level", *EVIDENCE_FIELDS],
                "description": _(
                    "Shown as a box at the top of the page, the same way on every indication page, and given to "
                    "search engines. The levels are explained on the page “What the studies show: our scale”."
                ),
            },
        ),
        (_("Related pages"), {"fields": ["related_pages"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Authors and review"), {"fields": ["author", "reviewer", "last_reviewed", "next_review"]}),
        (_("Search engines"), {"fields": ["meta_description"]}),
    ]
