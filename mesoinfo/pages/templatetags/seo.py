"""Head links (canonical, hreflang, Open Graph) and JSON-LD, from `page_info`.

Every address is absolute and built from the request (`build_absolute_uri`): behind the TLS proxy, which
sends X-Forwarded-Proto: https, it starts with https:// and carries the host the visitor asked for.
"""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mesoinfo.pages import structured_data
from mesoinfo.pages.chrome import DEFAULT_DESCRIPTION, PageInfo, path_in

register = template.Library()

OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def _page_info(context):
    """The view's page_info, or a plain one for pages that do not give any (in every language)."""
    info = context.get("page_info")
    if info is None:
        info = PageInfo(
            title=structured_data.SITE_NAME,
            description=str(DEFAULT_DESCRIPTION),
            languages=[code for code, _name in settings.LANGUAGES],
            text_language=get_language(),
        )
    return info


def _trusted_request(context):
    """The request, unless its host is not allowed (the 400 page): no absolute address could be trusted then."""
    request = context.get("request")
    if request is None:
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return request


def _address(request, info, language):
    """The page's absolute address in `language`: its own slugs and address words in that language."""
    path = info.addresses.get(language) or path_in(request, language)
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def page_links(context):
    request = _trusted_request(context)
    if request is None:
        return None
    info = _page_info(context)
    # A page shown in French under /en/ (not translated yet) is the French page: it says so to search engines.
    if info.is_fallback:
        canonical = _address(request, info, info.text_language)
    else:
        canonical = request.build_absolute_uri(request.path)
    alternates = [(code, _address(request, info, code)) for code in info.languages]
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if default in info.languages:
        alternates.append(("x-default", _address(request, info, default)))
    return {
        "info": info,
        "canonical": canonical,
        "alternates": alternates,
        "feed": request.build_absolute_uri(reverse("feed")),
        "image": request.build_absolute_uri(static("img/apple-touch-icon.png")),
        "locale": OG_LOCALES.get(info.text_language, info.text_language),
        "other_locales": [OG_LOCALES.get(code, code) for code in info.languages if code != info.text_language],
    }


@register.simple_tag(takes_context=True)
def json_ld(context):
    """One JSON-LD graph: the clinic, the site, and, on pages that have them, the page and its trail."""
    request = _trusted_request(context)
    if request is None:
        return ""
    home = structured_data.home_url(request)
    nodes = [
        structured_data.organization(request, context["site_settings"], home),
        structured_data.website(home, get_language()),
    ]
    info = context.get("page_info")
    if info is not None:
        url = request.build_absolute_uri(request.path)
        nodes.append(structured_data.web_page(home, info, url))
        if info.breadcrumbs:
            nodes.append(structured_data.breadcrumb_list(request, url, info.breadcrumbs))
    return structured_data.script({"@context": structured_data.CONTEXT, "@graph": nodes})


@register.filter
def title_lang_if_untranslated(page, language):
    """` lang="fr"` for a link whose title is shown in French on a page in another language, else nothing.

    A link reads only its page's title (`as_links()`): whether the rest of the page is translated is not
    loaded, and does not matter for the link's text.
    """
    title = getattr(page, f"{page.title_field}_{language}", None)
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return mark_safe(f' lang="{default}"') if language != default and not title else ""  # noqa: S308


@register.filter
def lang_if_untranslated(obj, language):
    """` lang="fr"` for an object shown in French on a page in another language, else nothing."""
    text_language = obj.text_language(language)
    return mark_safe(f' lang="{text_language}"') if text_language != language else ""  # noqa: S308 (a language code)
