"""Parts of pages rendered once per language (mesoinfo/pages/fragments.py), with stand-ins that each page fills."""

import pytest
from django.template import TemplateSyntaxError
from django.utils import translation

from mesoinfo.pages import fragments
from mesoinfo.pages.templatetags.pages import ADDRESS_STAND_IN

SWITCHER = "includes/language_switcher.html"


@pytest.fixture(autouse=True)
def no_fragments_kept():
    """Start without fragments, and leave none rendered from this test's contexts to the next tests."""
    fragments.forget_fragments()
    yield
    fragments.forget_fragments()


def switcher_context():
    return {"languages": [("fr", "français", ADDRESS_STAND_IN.format("fr")), ("en", "English", "stand-in-en")]}


def test_a_fragment_is_rendered_once_per_language_and_each_page_puts_in_its_own_escaped_values():
    calls = []

    def context():
        calls.append(translation.get_language())
        return switcher_context()

    with translation.override("fr"):
        first = fragments.filled(SWITCHER, context, {"stand-in-en": "/en/a/?x=1&y=<2>"})
        second = fragments.filled(SWITCHER, context, {"stand-in-en": "/en/b/"})
    with translation.override("en"):
        english = fragments.filled(SWITCHER, context, {ADDRESS_STAND_IN.format("fr"): "/a/"})
    assert calls == ["fr", "en"]
    assert 'href="/en/a/?x=1&amp;y=&lt;2&gt;" hreflang="en"' in first
    assert 'href="/en/b/" hreflang="en"' in second
    assert first.replace("/en/a/?x=1&amp;y=&lt;2&gt;", "X") == second.replace("/en/b/", "X")
    assert 'aria-label="Language"' in english and 'href="/a/" hreflang="fr"' in english


@pytest.mark.parametrize("stand_in", ["not-in-the-template", "lang"])
def test_a_stand_in_the_template_does_not_show_exactly_once_is_an_error(stand_in):
    with translation.override("fr"), pytest.raises(TemplateSyntaxError, match="must show"):
        fragments.filled(SWITCHER, switcher_context, {stand_in: "/x/"})
