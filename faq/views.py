from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from faq.models import Question, Theme
from mesoinfo.views import PreviewMixin


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


class QuestionDetailView(PreviewMixin, DetailView):
    template_name = "faq/question_detail.html"
    context_object_name = "question"

    def get_queryset(self):
        return (
            Question.objects.visible_to(self.request.user)
            .for_display()
            .filter(theme__slug=self.kwargs["theme"])
            .prefetch_related(
                Prefetch(
                    "related_articles",
                    queryset=Article.objects.published().select_related("category"),
                    to_attr="published_articles",
                )
            )
        )
