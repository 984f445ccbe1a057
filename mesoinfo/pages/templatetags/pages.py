from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# {(template name, language): HTML} of the fragments of `include_fixed`, for the life of the process.
_fixed_fragments = {}


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
    """A part of the layout that depends on nothing but the language (translated labels, links to fixed
    addresses, static files): rendered once per process and language, then reused. It is given no context,
    so it cannot show anything read from the database or the request. With DEBUG on it is rendered each time,
    so that an edited template shows at once."""
    key = (template_name, get_language())
    html = _fixed_fragments.get(key)
    if html is None:
        html = mark_safe(render_to_string(template_name))  # noqa: S308 (a template: Django escaped it)
        if not settings.DEBUG:
            _fixed_fragments[key] = html
    return html


@receiver(setting_changed)
def forget_fixed_fragments(**kwargs):
    """A setting changed (in tests): static addresses, URLs or languages may differ."""
    _fixed_fragments.clear()
