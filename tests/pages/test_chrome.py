"""The page's address in each language, worked out from the view Django resolved (`path_in`)."""

import pytest
from django.test import RequestFactory
from django.urls import resolve, translate_url
from django.utils import translation

from mesoinfo.pages.chrome import path_in

# (language the page is asked in, path): list pages and a page whose address takes a value.
PAGES = [
    ("fr", "/recherche/"),
    ("en", "/en/search/"),
    ("fr", "/faq/"),
    ("en", "/en/faq/"),
    ("fr", "/glossaire/"),
    ("fr", "/"),
    ("en", "/en/"),
    ("fr", "/contributeurs/equipe/"),
]


def resolved(language, path):
    request = RequestFactory().get(path)
    with translation.override(language):
        request.resolver_match = resolve(path)
    return request


@pytest.mark.parametrize(("language", "path"), PAGES)
def test_the_same_addresses_as_translate_url(language, path):
    request = resolved(language, path)
    with translation.override(language):
        for code in ("fr", "en"):
            assert path_in(request, code) == translate_url(path, code)
    assert path_in(request, language) == path


def test_search_page_in_each_language():
    request = resolved("fr", "/recherche/")
    assert (path_in(request, "fr"), path_in(request, "en")) == ("/recherche/", "/en/search/")


def test_without_a_resolved_view_the_path_is_resolved():
    request = RequestFactory().get("/faq/")  # an error page: no view was resolved
    assert request.resolver_match is None
    assert path_in(request, "en") == "/en/faq/"


def test_an_address_that_names_nothing_stays_itself():
    request = RequestFactory().get("/nulle-part/")
    assert path_in(request, "en") == "/nulle-part/"
