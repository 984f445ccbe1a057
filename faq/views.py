from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from faq.models import Question, Theme
from mesoinfo.editorial.models import Publishable
from mesoinfo.pages import structured_data
from mesoinfo.pages.chrome import PageInfoMixin, PublishedPageView, TranslatedAddressMixin

RELATED_QUESTIONS = 4


class FaqPageMixin(PageInfoMixin):
    """FAQ lists are FAQPage data: every question shown, in the language the page is read in."""

    def get_schema(self):
        language = get_language()
        questions = [q for theme in self.get_themes() for q in theme.published_pages if q.has_language(language)]
        return structured_data.faq_page(questions)


class FaqIndexView(FaqPageMixin, ListView):
    template_name = "faq/faq_index.html"
    context_object_name = "themes"
    page_title = _("Frequently asked questions")
    crumb_label = _("Questions")
    page_description = _(
        "Short answers on mesotherapy: cost, reimbursement, side effects, who it suits, how a session goes."
    )

    def get_queryset(self):
        return Theme.objects.with_published_pages()

    def get_themes(self):
        return self.object_list


class ThemeDetailView(TranslatedAddressMixin, FaqPageMixin, DetailView):
    template_name = "faq/theme_detail.html"
    context_object_name = "theme"

    def get_queryset(self):
        return Theme.objects.with_published_pages()

    def get_themes(self):
        return [self.object]

    def get_page_title(self):
        return _("%(theme)s – Frequently asked questions") % {"theme": self.object.name}

    def get_page_description(self):
        return self.object.description or _("Questions and answers on mesotherapy: %(theme)s.") % {
            "theme": self.object.name
        }


class QuestionDetailView(PublishedPageView):
    model = Question
    template_name = "faq/question_detail.html"
    context_object_name = "question"
    slug_kwargs = {"theme": "theme", "slug": ""}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("conditions")

    def get_page_title(self):
        # An answer and an article may ask the same question: the title says which one this is.
        return _("%(question)s – Frequently asked questions") % {"question": self.object.question}

    def get_sources(self):
        # A question has no sources of its own: those of its related pages, each listed once.
        return Publishable.sources_of(page for group in self.related for page in group.pages)

    def get_context_data(self, **kwargs):
        same_theme = Question.objects.published().same_theme_as(self.object)[:RELATED_QUESTIONS]
        return super().get_context_data(same_theme_questions=same_theme, **kwargs)
