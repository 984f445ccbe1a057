from django import template
from django.urls import translate_url

from mesoinfo.pages import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """The current page's address in another language: its own slugs and address words there (the home page
    when there is no request)."""
    request = context.get("request")
    if request is None:
        return "/" if language_code == "fr" else f"/{language_code}/"
    page_info = context.get("page_info")
    if page_info is not None and page_info.addresses.get(language_code):
        return page_info.addresses[language_code]
    return translate_url(request.path, language_code)


@register.simple_tag
def include_fixed(template_name):
    """A part of the layout that depends on nothing but the language, rendered once per process and language
    (see `mesoinfo.pages.fragments`): it is given no context."""
    return fragments.fixed(template_name)
