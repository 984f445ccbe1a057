from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from faq.models import Question, Theme
from mesoinfo.editorial.admin import PublishableAdmin, ReviewDueFilter, SectionAdmin, TranslationFilter

admin.site.register(Theme, SectionAdmin)


@admin.register(Question)
class QuestionAdmin(PublishableAdmin):
    list_display = ["question", "publication_display", "next_review_display", "translation_display", "updated_display"]
    list_filter = ["status", ReviewDueFilter, TranslationFilter, "theme"]
    list_select_related = ["theme"]
    search_fields = ["question", "short_answer", "answer", "slug"]
    prepopulated_fields = {"slug": ["question"]}  # each language's slug from that language's question
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
                    "short_answer",
                    "answer",
                    "conditions",
                    "version",
                ]
            },
        ),
        (_("Related pages"), {"fields": ["related_pages"]}),
        (_("Home page"), {"fields": ["home_position"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Authors and review"), {"fields": ["author", "reviewer", "last_reviewed", "next_review"]}),
    ]
