"""The readers' forms keep content pages cacheable: they carry no token, post elsewhere, and what they store
renews no page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(captured)


def test_pages_with_the_forms_come_from_the_page_cache_before_and_after_readers_use_them(article, question):
    visitor = Client()
    paths = [article.get_absolute_url(), question.get_absolute_url()]
    for path in paths:
        # Rendered and stored (the first render of all may also create the site settings, a write).
        counts = [queries(visitor, path)[1] for _ in range(3)]
        assert counts[-1] == 0, f"{path} is served from the page cache: {counts}"
        response = queries(visitor, path)[0]
        assert "public" in response["Cache-Control"] and not response.cookies
    reader = Client(REMOTE_ADDR="192.0.2.1")
    reader.post("/retours/signaler/", {"page": f"articles.article:{article.pk}", "message": "Une coquille."})
    reader.post("/retours/utile/", {"page": f"faq.question:{question.pk}", "answer": "no"})
    for path in paths:
        assert queries(visitor, path)[1] == 0, "a report or an answer renews no page"
