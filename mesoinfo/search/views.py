from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.views.generic import TemplateView

from mesoinfo.editorial.registry import page_types
from mesoinfo.pages.chrome import PageInfoMixin
from mesoinfo.pages.models import Condition
from mesoinfo.search import throttle
from mesoinfo.search.backends import MAX_RESULTS
from mesoinfo.search.engine import search
from mesoinfo.search.forms import SearchForm


class SearchView(PageInfoMixin, TemplateView):
    """Search results; an empty box shows help, a query we cannot search answers 400 with the reason, and a
    client searching too often answers 429 (see throttle.py)."""

    template_name = "search/search.html"
    page_title = gettext_lazy("Search")
    page_description = gettext_lazy("Search the articles and questions of MésoInfo.")
    query_text = ""

    def get_page_title(self):
        if self.query_text:
            return gettext_lazy("Search: %(query)s") % {"query": self.query_text}
        return str(self.page_title)

    def get(self, request, *args, **kwargs):
        if "q" in request.GET:
            allowed, retry_after = throttle.allow(request)
            if not allowed:
                return self.too_many_searches(retry_after)
        typed = request.GET.get("q", "")
        form = SearchForm(request.GET if typed.strip() else None)
        self.query_text = form.value_to_show() if form.is_bound else ""
        context = {"form": form, "query_text": self.query_text}
        status = 200
        if form.is_bound and form.is_valid():
            query, results, page = search(form.cleaned_data["q"], get_language(), request.GET.get("page"))
            context.update(query=query, page=page, results=results, max_results=MAX_RESULTS)
        elif form.is_bound:
            status = 400
        if not context.get("page"):
            # Nothing to show, or nothing found: ways to go on.
            context.update(
                browse=[
                    (model.section_model().browse_label, model.section_model().objects.all()) for model in page_types()
                ],
                conditions=Condition.objects.with_published_pages().alphabetical(),
            )
        return self.render_to_response(self.get_context_data(**context), status=status)

    def too_many_searches(self, retry_after):
        self.page_title = gettext_lazy("Too many searches")
        response = render(
            self.request,
            "search/too_many_searches.html",
            self.get_context_data(retry_after=retry_after, minutes=max(1, round(retry_after / 60))),
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        return response
