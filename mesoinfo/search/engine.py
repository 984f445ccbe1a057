"""Site search over the pages visitors may see, of every type, in the current language.

`search(text, language, page_number)` analyses the query (`query.py`: stems, synonyms, spelling) and pages
through its results (`backends.py`: PostgreSQL full-text search, or the SQLite fallback). The documents
searched are kept up to date by `index.py`, called when a page is saved; a page scheduled for publication is
indexed by the first search after its date.
"""

import logging

from django.core.paginator import Paginator
from django.db import DatabaseError, transaction

from mesoinfo.search import index
from mesoinfo.search.backends import MAX_RESULTS, get_backend
from mesoinfo.search.query import analyse

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
LAST_PAGE = MAX_RESULTS // PAGE_SIZE


def page_window(page_number):
    """(first, last) positions of the results page asked for, read with the ranking (Paginator's reading of
    the number: anything but a whole number is page 1)."""
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), LAST_PAGE)
    return (number - 1) * PAGE_SIZE + 1, number * PAGE_SIZE


def search(text, language, page_number=1):
    """(analysed query, results, page of results): every query of the search runs here."""
    backend = get_backend()
    query, vocabulary = analyse(text, language, backend)
    if vocabulary.due and publish_due():
        query, vocabulary = analyse(text, language, backend)  # with the words of the pages just published
    results = backend.results(query, *page_window(page_number))
    page = Paginator(results, PAGE_SIZE).get_page(page_number)
    return query, results, page


def publish_due():
    """Index the pages whose publication date has come; a failure is logged, and the search goes on."""
    try:
        with transaction.atomic():
            return index.publish_due()
    except DatabaseError:
        logger.exception("search: the pages due for publication could not be indexed")
        return 0
