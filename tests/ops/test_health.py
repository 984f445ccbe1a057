import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_and_are_never_cached(client, path):
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200 and response.json()["status"] == "ok"
        assert "no-store" in response["Cache-Control"]


def test_probes_answer_over_plain_http_even_with_https_redirects(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_readyz_reports_the_database(client):
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_503_page_renders_in_french_and_english_without_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        french = render_to_string("503.html")
        with translation.override("en"):
            english = render_to_string("503.html")
    assert "temporairement indisponible" in french and "15</a> (SAMU)" in french and '<html lang="fr">' in french
    assert "temporarily unavailable" in english and '<html lang="en">' in english
