from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info

from mesoinfo.pages import fragments
from mesoinfo.pages.chrome import path_in

register = template.Library()


def translated_url(context, language_code):
    """The current page's address in another language: its own slugs and address words there (the home page
    when there is no request)."""
    request = context.get("request")
    if request is None:
        return "/" if language_code == "fr" else f"/{language_code}/"
    page_info = context.get("page_info")
    if page_info is not None and page_info.addresses.get(language_code):
        return page_info.addresses[language_code]
    return path_in(request, language_code)


@register.simple_tag
def include_fixed(template_name):
    """A part of the layout that depends on nothing but the language, rendered once per process and language
    (see `mesoinfo.pages.fragments`): it is given no context."""
    return fragments.fixed(template_name)


ADDRESS_STAND_IN = "language-address-stand-in-{}"


@register.simple_tag(takes_context=True)
def language_links(context):
    """The links to the page in the other languages: rendered once per language (see
    `mesoinfo.pages.fragments`) with a stand-in for each address, which each page then puts its own in."""
    languages = [code for code, _name in settings.LANGUAGES]

    def fragment_context():
        return {
            "languages": [
                (code, get_language_info(code)["name_local"], ADDRESS_STAND_IN.format(code)) for code in languages
            ]
        }

    current = get_language()
    addresses = {ADDRESS_STAND_IN.format(code): translated_url(context, code) for code in languages if code != current}
    return fragments.filled("includes/language_switcher.html", fragment_context, addresses)
