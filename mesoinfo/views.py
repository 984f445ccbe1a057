from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Category
from faq.models import Question, Theme
from mesoinfo.forms import SearchForm
from mesoinfo.models import Condition, GlossaryTerm
from mesoinfo.search import search
from mesoinfo.search.backends import MAX_RESULTS


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=Category.objects.with_published_articles(),
            themes=Theme.objects.with_published_questions(),
            home_questions=Question.objects.published().on_home_page()[:5],
            conditions=Condition.objects.with_published_pages().alphabetical(),
            **kwargs,
        )


class SearchView(TemplateView):
    """Search results; an empty box shows help, a query we cannot search answers 400 with the reason."""

    template_name = "mesoinfo/search.html"

    def get(self, request, *args, **kwargs):
        typed = request.GET.get("q", "")
        form = SearchForm(request.GET if typed.strip() else None)
        context = {"form": form, "query_text": form.value_to_show() if form.is_bound else ""}
        status = 200
        if form.is_bound and form.is_valid():
            query, results, page = search(form.cleaned_data["q"], get_language(), request.GET.get("page"))
            context.update(query=query, page=page, results=results, max_results=MAX_RESULTS)
        elif form.is_bound:
            status = 400
        if not context.get("page"):
            # Nothing to show, or nothing found: ways to go on.
            context.update(
                themes=Theme.objects.all(),
                conditions=Condition.objects.with_published_pages().alphabetical(),
            )
        return self.render_to_response(self.get_context_data(**context), status=status)


class GlossaryView(ListView):
    template_name = "mesoinfo/glossary.html"
    context_object_name = "terms"

    def get_queryset(self):
        return GlossaryTerm.objects.alphabetical()


class ConditionListView(ListView):
    template_name = "mesoinfo/condition_list.html"
    context_object_name = "conditions"

    def get_queryset(self):
        return Condition.objects.with_published_pages().alphabetical()


class ConditionDetailView(DetailView):
    template_name = "mesoinfo/condition_detail.html"
    context_object_name = "condition"

    def get_queryset(self):
        return Condition.objects.with_published_pages_listed()
