from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """The current page's address in another language (the home page when there is no request)."""
    request = context.get("request")
    if request is None:
        return "/" if language_code == "fr" else f"/{language_code}/"
    return translate_url(request.path, language_code)
