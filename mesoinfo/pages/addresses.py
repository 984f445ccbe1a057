"""Addresses in the other language: a page asked for with another language's address words (`/en/recherche/`,
`/en/je-cherche-pour/arthrose/`, `/search/`) answers with a permanent redirect to its address in the
language of the request (`/en/search/`, `/en/health-problems/osteoarthritis/`, `/recherche/`), not a 404.

French addresses have no prefix, English ones start with /en/; each language has its own address words
(`localized_route`) and slugs (translated slug fields). Detail views whose object has translated slugs
redirect by themselves (`TranslatedAddressMixin`); this middleware handles the address words.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.functional import lazy


def _route_in_current_language(words):
    return words.get(translation.get_language() or settings.LANGUAGE_CODE) or words[settings.LANGUAGE_CODE]


def localized_route(**words):
    """A URL route whose words depend on the language: `localized_route(fr="recherche/", en="search/")`.

    Django compiles a lazy route once per language. The words are written here rather than in the translation
    catalogues: an address must not change, or break, with a translator's edit.
    """
    return lazy(_route_in_current_language, str)(words)


def _path_in(language, rest):
    """`rest` (a path without language prefix) under the prefix of `language`."""
    return rest if language == settings.LANGUAGE_CODE else f"/{language}{rest}"


def _address_of(request, match):
    """The address in the active language of the page `match` (resolved in another language) shows."""
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None and hasattr(view_class, "find_object"):
        view = view_class()
        view.setup(request, *match.args, **match.kwargs)
        found = view.find_object()
        return found.get_absolute_url() if found is not None else None
    try:
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return None


def address_from_other_language(request):
    """The address, in the language of the request, of the page whose address in another language is the
    request's path; None when there is none."""
    path = request.path_info
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    prefix = f"/{language}/"
    rest = path[len(prefix) - 1 :] if path.startswith(prefix) else path
    for other, _name in settings.LANGUAGES:
        if other == language:
            continue
        with translation.override(other):
            try:
                match = resolve(_path_in(other, rest))
            except Resolver404:
                continue
        with translation.override(language):
            return _address_of(request, match)
    return None


class OtherLanguageAddressMiddleware:
    """Turns the 404 of an address written with the other language's words into a permanent redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        address = address_from_other_language(request)
        if not address or address == request.path:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)
