"""Parts of pages that depend on nothing but the language (translated labels, links to fixed addresses,
static files): rendered once per process and language, then reused.

A fragment is rendered with the context it is given and nothing else (no request, no context processor), so
it cannot show anything read from the page, the visitor or the database. With DEBUG on it is rendered each
time, so that an edited template shows at once; a changed setting (in tests) forgets them all.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# {(template name, language): HTML}, for the life of the process.
_fragments = {}


def fixed(template_name, context=None):
    """The HTML of `template_name` in the current language; `context` (a callable giving the template's
    context) is called only when the fragment is rendered, so it must give the same whatever the page."""
    key = (template_name, get_language())
    html = _fragments.get(key)
    if html is None:
        html = mark_safe(render_to_string(template_name, context() if context else None))  # noqa: S308 (Django escaped it)
        if not settings.DEBUG:
            _fragments[key] = html
    return html


def filled(template_name, context, values):
    """The fragment of `template_name` (see `fixed()`) with what differs from page to page put in: `context`
    gives a stand-in (plain letters, which the template shows once) in place of each value, and `values`
    ({stand-in: text}) the page's own, escaped here."""
    html = fixed(template_name, context)
    for stand_in, value in values.items():
        before, found, after = html.partition(stand_in)
        if not found or stand_in in after:
            raise TemplateSyntaxError(f"{template_name} must show {stand_in} once.")
        html = before + escape(value) + after
    return mark_safe(html)  # noqa: S308 (the template and escape() escaped it)


@receiver(setting_changed)
def forget_fragments(**kwargs):
    """A setting changed (in tests): static addresses, URLs or languages may differ."""
    _fragments.clear()
