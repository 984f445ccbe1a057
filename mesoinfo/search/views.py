from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.views.generic import TemplateView

from mesoinfo.editorial.registry import page_types
from mesoinfo.pages.chrome import PageInfoMixin
from mesoinfo.pages.models import Condition
from mesoinfo.search import responses, throttle
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
        key, seconds = None, 0
        if "q" in request.GET:
            allowed, retry_after = throttle.allow(request)
            if not allowed:
                return self.too_many_searches(retry_after)
            key, seconds = responses.key_for(request)
            page = responses.cached(key)
            if page is not None:
                return HttpResponse(page)
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
        response = self.render_to_response(self.get_context_data(**context), status=status)
        if key is not None and status == 200:
            response.add_post_render_callback(lambda rendered: responses.store(key, seconds, rendered))
        return response

    def too_many_searches(self, retry_after):
        """429, on a page of its own (no query, a small template): refusing costs little."""
        response = render(self.request, "search/too_many_searches.html", {"retry_after": retry_after}, status=429)
        response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        return response
