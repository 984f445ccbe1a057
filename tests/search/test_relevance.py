"""The relevance table (relevance.py) on the real content: every patient query finds its page first, or in
the first three results. `make search-quality` prints each row and the score."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from mesoinfo.editorial.content import ContentLoader
from tests.search.relevance import TABLE, address

pytestmark = pytest.mark.django_db

REPORT = os.environ.get("SEARCH_QUALITY_REPORT") == "1"


@pytest.fixture(autouse=True)
def _every_search_rendered(settings):
    settings.SEARCH_RATE_LIMIT = 0
    settings.SEARCH_CACHE_SECONDS = 0


def result_urls(client, language, query):
    with translation.override(language):
        path = reverse("search")
    response = client.get(path, {"q": query})
    assert response.status_code == 200, query
    page = response.context["page"]
    return [result.url for result in page] if page else []


def test_patient_queries_find_their_page_first_or_in_the_first_three(client, capsys):
    ContentLoader().load()
    lines, misses, first = [], [], 0
    for language, query, page, within in TABLE:
        urls = result_urls(client, language, query)
        expected = address(page, language)
        rank = urls.index(expected) + 1 if expected in urls else None
        first += rank == 1
        ok = rank is not None and rank <= within
        if not ok:
            misses.append(f"{language} {query!r}: {page} at {rank or '—'}, wanted within {within}: {urls[:3]}")
        lines.append(
            f"{'ok ' if ok else 'MISS'} {language} {query!r:48} {page:62} rank {rank or '—'} (within {within})"
        )
    passed = len(TABLE) - len(misses)
    with capsys.disabled():
        if REPORT:
            print("\n" + "\n".join(lines))
        print(
            f"\nsearch quality: {passed}/{len(TABLE)} queries find their page where they must "
            f"({first} first); {len({(row[0], row[1]) for row in TABLE})} different queries"
        )
    assert len(TABLE) >= 40
    assert not misses, "\n".join(misses)
