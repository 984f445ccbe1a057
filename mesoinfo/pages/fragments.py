"""Parts of pages that depend on nothing but the language (translated labels, links to fixed addresses,
static files): rendered once per process and language, then reused.

A fragment is rendered with the context it is given and nothing else (no request, no context processor), so
it cannot show anything read from the page, the visitor or the database. With DEBUG on it is rendered each
time, so that an edited template shows at once; a changed setting (in tests) forgets them all.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
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


@receiver(setting_changed)
def forget_fragments(**kwargs):
    """A setting changed (in tests): static addresses, URLs or languages may differ."""
    _fragments.clear()
