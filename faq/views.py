from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from faq.models import Question, Theme

RELATED_QUESTIONS = 4


class FaqIndexView(ListView):
    template_name = "faq/faq_index.html"
    context_object_name = "themes"

    def get_queryset(self):
        return Theme.objects.with_published_questions()


class ThemeDetailView(DetailView):
    template_name = "faq/theme_detail.html"
    context_object_name = "theme"

    def get_queryset(self):
        return Theme.objects.with_published_questions()


class QuestionDetailView(DetailView):
    template_name = "faq/question_detail.html"
    context_object_name = "question"

    def get_queryset(self):
        return (
            Question.objects.published()
            .for_display()
            .filter(theme__slug=self.kwargs["theme"])
            .prefetch_related(
                "conditions",
                Prefetch(
                    "related_articles",
                    queryset=Article.objects.published().select_related("category"),
                    to_attr="published_articles",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        same_theme = Question.objects.published().same_theme_as(self.object)[:RELATED_QUESTIONS]
        return super().get_context_data(same_theme_questions=same_theme, **kwargs)
