from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from faq.models import Question, Theme
from mesoinfo.admin import PublishableAdmin, ReviewDueFilter, TranslationFilter


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_fr"]}
    search_fields = ["name", "description"]


@admin.register(Question)
class QuestionAdmin(PublishableAdmin):
    list_display = [
        "question", "theme", "position", "status", "next_review_display", "translation_display",
        "is_published_display",
    ]  # fmt: skip
    list_filter = ["status", ReviewDueFilter, TranslationFilter, "theme"]
    list_select_related = ["theme"]
    search_fields = ["question", "answer", "slug"]
    prepopulated_fields = {"slug": ["question_fr"]}
    filter_horizontal = ["related_articles"]
    autocomplete_fields = ["author", "reviewer", "conditions"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "question",
                    "slug",
                    "theme",
                    "position",
                    "answer",
                    "related_articles",
                    "conditions",
                    "version",
                ]
            },
        ),
        (_("Home page"), {"fields": ["home_position"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Authors and review"), {"fields": ["author", "reviewer", "last_reviewed", "next_review"]}),
    ]
