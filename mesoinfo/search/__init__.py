"""Site search over published articles and FAQ questions, in the current language.

`search(text, language)` analyses the query (`query.py`: synonyms, spelling) and returns it with a list of
results to page through (`backends.py`: PostgreSQL full-text search, or the SQLite fallback). The
documents searched are kept up to date by `index.py`, called when a page is saved.
"""

from mesoinfo.search.backends import get_backend
from mesoinfo.search.query import analyse

PAGE_SIZE = 10


def search(text, language):
    """(analysed query, results): `results` has `count()` and slices, for Django's Paginator."""
    backend = get_backend()
    query = analyse(text, language, backend)
    return query, backend.results(query)
