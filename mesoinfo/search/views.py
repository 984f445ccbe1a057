from django.http import HttpResponse
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
        if "q" not in request.GET:
            return self.results(None, 0)
        allowed, retry_after = throttle.allow(request)
        if not allowed:
            return self.refused(429, retry_after)
        if not request.GET["q"].strip():  # the help page: nothing to work out
            return self.results(None, 0)
        key, seconds = responses.key_for(request)
        page = responses.cached(key)
        if page is not None:
            return HttpResponse(page)
        with throttle.search_slot() as granted:
            if not granted:
                return self.refused(503, throttle.BUSY_RETRY_AFTER)
            return self.results(key, seconds).render()

    def results(self, key, seconds):
        """The page for the query (help without one, 400 for one we cannot search), stored under `key`."""
        typed = self.request.GET.get("q", "")
        form = SearchForm(self.request.GET if typed.strip() else None)
        self.query_text = form.value_to_show() if form.is_bound else ""
        context = {"form": form, "query_text": self.query_text}
        status = 200
        if form.is_bound and form.is_valid():
            query, results, page = search(form.cleaned_data["q"], get_language(), self.request.GET.get("page"))
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

    def refused(self, status, retry_after):
        """429 (this client searched too often) or 503 (the machine's searches are all taken), on a short page
        of its own: under a flood most answers are refusals, so each costs little (see throttle.refusal_page)."""
        response = HttpResponse(throttle.refusal_page(get_language(), status, retry_after), status=status)
        response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        throttle.log_refusal(response)
        return response
