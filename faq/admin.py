from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from faq.models import Question, Theme


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_fr"]}
    search_fields = ["name", "description"]


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ["question", "theme", "position", "status", "next_review", "is_published_display"]
    list_filter = ["status", "theme", "next_review"]
    list_select_related = ["theme"]
    search_fields = ["question", "answer", "slug"]
    prepopulated_fields = {"slug": ["question_fr"]}
    filter_horizontal = ["related_articles"]
    autocomplete_fields = ["author", "reviewer", "conditions"]
    fieldsets = [
        (None, {"fields": ["question", "slug", "theme", "position", "answer", "related_articles", "conditions"]}),
        (_("Home page"), {"fields": ["home_position"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Authors and review"), {"fields": ["author", "reviewer", "last_reviewed", "next_review"]}),
    ]

    @admin.display(boolean=True, description=_("online"))
    def is_published_display(self, obj):
        return obj.is_published
