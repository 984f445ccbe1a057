"""Site search over the published pages of every type, in the current language.

`search(text, language, page_number)` analyses the query (`query.py`: synonyms, spelling) and pages through
its results (`backends.py`: PostgreSQL full-text search, or the SQLite fallback). The documents searched
are kept up to date by `index.py`, called when a page is saved.
"""

from django.core.paginator import Paginator

from mesoinfo.search.backends import get_backend
from mesoinfo.search.query import analyse

PAGE_SIZE = 10


def search(text, language, page_number=1):
    """(analysed query, results, page of results): every query of the search runs here."""
    backend = get_backend()
    with backend.session():
        query = analyse(text, language, backend)
        results = backend.results(query)
        page = Paginator(results, PAGE_SIZE).get_page(page_number)
    return query, results, page
