"""Hostile text saved through the admin comes out of the public pages as inert text or clean HTML."""

import html
import io
import re
import resource
import time
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import MAX_PIXELS, inspect_image
from articles.models import Article, Source
from faq.models import Question
from mesoinfo.pages.models import SiteSettings
from tests.support import admin_forms, hostile_site
from tests.support.payloads import PAYLOADS, REJECTED_URLS, fitting, groups

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background", "poster"}
# The search box in every page's header (and the home page's own): a plain GET form to the search page.
SITE_SEARCH_ACTIONS = {"/recherche/", "/en/search/"}
# The readers' forms at the foot of every content page (mesoinfo/feedback): posts to the site's own addresses.
FEEDBACK_ACTIONS = {"/retours/signaler/", "/retours/utile/", "/en/feedback/report/", "/en/feedback/useful/"}
OWN_FORM_INPUTS = {"search", "text", "email", "hidden"}
DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "style", "form", "button", "input", "math", "svg", "noscript"}


def audit(page_html):
    """What a browser would build from the page that could run code; empty when the page is inert."""
    problems = []

    class Auditor(HTMLParser):
        in_site_search = False  # inside the site's own search form (templates/includes/search_form.html)

        def handle_endtag(self, tag):
            if tag == "form":
                self.in_site_search = False

        def is_site_search(self, tag, attributes):
            if tag == "form":
                self.in_site_search = (
                    attributes.get("role") == "search"
                    and attributes.get("method") == "get"
                    and (attributes.get("action") in SITE_SEARCH_ACTIONS)
                ) or (
                    "feedback-form" in attributes.get("class", "")
                    and attributes.get("method") == "post"
                    and attributes.get("action") in FEEDBACK_ACTIONS
                )
                return self.in_site_search
            kind = attributes.get("type")
            return self.in_site_search and (tag == "button" or (tag == "input" and kind in OWN_FORM_INPUTS))

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name.startswith("on"):
                    problems.append(f"<{tag} {name}>")
                if name == "style":
                    problems.append(f"<{tag} style>")
                if name in URL_ATTRIBUTES and value:
                    scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                    if scheme.startswith(("javascript:", "data:", "vbscript:")):
                        problems.append(f"<{tag} {name}={value!r}>")
            if tag in DANGEROUS_TAGS and not self.is_site_search(tag, dict(attrs)):
                problems.append(f"<{tag}>")
            if tag == "meta" and dict(attrs).get("http-equiv"):
                problems.append("<meta http-equiv>")
            if tag == "script":
                attributes = dict(attrs)
                if attributes.get("type") != "application/ld+json" and not (attributes.get("src") or "").startswith(
                    "/static/"
                ):
                    problems.append(f"<script {attributes}>")

    auditor = Auditor(convert_charrefs=True)
    auditor.feed(page_html)
    auditor.close()
    return problems


def test_hostile_input_saved_through_the_admin_is_kept_and_rendered_inert(client, staff_client):
    pages = hostile_site.build(staff_client)
    first = groups()[0]

    # Plain text is kept as typed; rich text was cleaned when saved.
    article = Article.objects.get(slug="xss-0")
    assert article.title_fr == fitting(first, 200) and article.summary_en.startswith(first[0])
    assert (
        "<script" not in article.body_fr and "onerror" not in article.body_fr and "javascript:" not in article.body_fr
    )
    assert Source.objects.get(article=article).title == " ".join(first)
    question = Question.objects.get(slug="xss-1")
    assert question.question_fr.startswith(groups()[1][0]) and "onerror" not in question.answer_fr
    assert PAYLOADS[-1] in SiteSettings.load().footer_notice_fr

    # Public pages: nothing a browser could run, in any language, 404 page included.
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert audit(response.content.decode()) == [], url

    # Plain-text fields show exactly what was typed, as text.
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"<h1>{html.escape(article.title_fr)}</h1>" in page

    # The admin's own pages stay inert too.
    for url in ("/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/", "/admin/faq/question/"):
        page = staff_client.get(url).content.decode()
        assert "<script>window.__xss" not in page and 'onerror="window' not in page, url


def test_the_admin_refuses_script_urls_for_sources(staff_client, article):
    for url in REJECTED_URLS:
        errors = admin_forms.errors_for(
            staff_client, Article, {"sources-0-title": "Source", "sources-0-url": url}, obj=article
        )
        assert "Saisissez une URL valide" in str(errors), url


def test_the_audit_sees_what_would_run():
    assert audit("<p>texte</p><script src='/static/js/site.js'></script>") == []
    for markup in (
        "<img src=x onerror=alert(1)>",
        "<a href=' jav\tascript:alert(1)'>x</a>",
        "<script>alert(1)</script>",
        "<p style='x'>x</p>",
        "<iframe srcdoc='x'></iframe>",
    ):
        assert audit(markup), markup


def test_a_small_file_of_40_megapixels_is_refused_before_it_is_decoded():
    """A 133 KB PNG of 40 megapixels took 3.3 s and 320 MB of a worker's memory to decode and resize: now its
    header alone is read, and it is refused in a few milliseconds."""
    buffer = io.BytesIO()
    Image.new("L", (8000, 5000)).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000 and MAX_PIXELS < 8000 * 5000
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(ValidationError) as refusal:
        inspect_image(SimpleUploadedFile("affiche.png", buffer.getvalue(), content_type="image/png"))
    assert time.perf_counter() - start < 0.5
    assert refusal.value.code == "too_large"
    growth_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert growth_mib < 20, growth_mib
