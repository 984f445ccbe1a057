"""Addresses in each language: French pages keep their French addresses, English pages have English ones
(address words and slugs), and an address in the other language's words answers with a permanent redirect.
A crawl of every English page finds no French address word and no French interface string."""

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import translation

from articles.models import Article, Category
from faq.models import Question, Theme
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.pages.models import Condition, SitePage
from tests.support.factories import make_article
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale"
# The French address words of the site (its French slugs are added from the database).
FRENCH_WORDS = {
    "recherche", "glossaire", "je-cherche-pour", "flux.atom", "niveaux-de-preuve", "a-propos", "mentions-legales",
    "confidentialite", "accessibilite",
}  # fmt: skip
HREF_RE = re.compile(r'href="([^"]+)"')


@pytest.fixture
def content(db):
    ContentLoader().load()


def english(obj):
    with translation.override("en"):
        return obj.get_absolute_url()


def test_french_addresses_are_kept(client, content):
    article = Article.objects.get(slug_fr="douleurs-et-rhumatologie")
    question = Question.objects.get(slug_fr="combien-coute-une-seance-de-mesotherapie")
    paths = [
        "/", "/articles/", "/articles/indications/", "/articles/indications/douleurs-et-rhumatologie/",
        "/faq/", "/faq/cout/", "/faq/cout/combien-coute-une-seance-de-mesotherapie/", "/recherche/",
        "/recherche/?q=prix", "/glossaire/", "/je-cherche-pour/", "/je-cherche-pour/arthrose/", "/flux.atom",
        "/a-propos/", "/mentions-legales/", "/confidentialite/", "/accessibilite/", "/contact/",
        "/articles/niveaux-de-preuve/",
    ]  # fmt: skip
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert article.get_absolute_url() == "/articles/indications/douleurs-et-rhumatologie/"
    assert question.get_absolute_url() == "/faq/cout/combien-coute-une-seance-de-mesotherapie/"


def test_english_pages_have_english_addresses(client, content):
    article = Article.objects.get(slug_fr="douleurs-et-rhumatologie")
    question = Question.objects.get(slug_fr="combien-coute-une-seance-de-mesotherapie")
    assert english(article) == "/en/articles/uses/pain-osteoarthritis-back-neck/"
    assert english(question) == "/en/faq/cost/how-much-does-a-session-cost/"
    assert english(Condition.objects.get(slug_fr="arthrose")) == "/en/health-problems/osteoarthritis/"
    assert english(SitePage.objects.get(slug="a-propos")) == "/en/about/"
    paths = [
        "/en/", "/en/articles/", "/en/articles/uses/", english(article), "/en/faq/", "/en/faq/cost/",
        english(question), "/en/search/", "/en/search/?q=price", "/en/glossary/", "/en/health-problems/",
        "/en/health-problems/osteoarthritis/", "/en/feed.atom", "/en/about/", "/en/legal-notice/", "/en/privacy/",
        "/en/accessibility/", "/en/contact/", "/en/articles/levels-of-evidence/",
    ]  # fmt: skip
    for path in paths:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/en/recherche/?q=prix", "/en/search/?q=prix"),
        ("/en/glossaire/", "/en/glossary/"),
        ("/en/je-cherche-pour/", "/en/health-problems/"),
        ("/en/je-cherche-pour/arthrose/", "/en/health-problems/osteoarthritis/"),
        ("/en/flux.atom", "/en/feed.atom"),
        ("/en/a-propos/", "/en/about/"),
        ("/en/mentions-legales/", "/en/legal-notice/"),
        ("/en/articles/niveaux-de-preuve/", "/en/articles/levels-of-evidence/"),
        ("/en/articles/indications/", "/en/articles/uses/"),
        ("/en/articles/indications/douleurs-et-rhumatologie/", "/en/articles/uses/pain-osteoarthritis-back-neck/"),
        ("/en/articles/uses/douleurs-et-rhumatologie/", "/en/articles/uses/pain-osteoarthritis-back-neck/"),
        ("/en/faq/cout/", "/en/faq/cost/"),
        ("/en/faq/cout/combien-coute-une-seance-de-mesotherapie/", "/en/faq/cost/how-much-does-a-session-cost/"),
        # English words under a French address lead to the French page.
        ("/search/?q=price", "/recherche/?q=price"),
        ("/glossary/", "/glossaire/"),
        ("/health-problems/osteoarthritis/", "/je-cherche-pour/arthrose/"),
        ("/about/", "/a-propos/"),
        ("/articles/uses/pain-osteoarthritis-back-neck/", "/articles/indications/douleurs-et-rhumatologie/"),
        ("/faq/cost/", "/faq/cout/"),
    ],
)
def test_the_other_languages_address_redirects_permanently(client, content, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new


@pytest.mark.parametrize(
    "path", ["/en/recherches/", "/en/articles/uses/no-such-page/", "/en/articles/cost/how-much-does-a-session-cost/"]
)
def test_an_address_that_names_nothing_stays_a_404(client, content, path):
    assert client.get(path).status_code == 404


def test_head_links_and_language_switch_use_each_languages_address(client, content):
    article = Article.objects.get(slug_fr="douleurs-et-rhumatologie")
    french_path, english_path = article.get_absolute_url(), english(article)  # a request activates its language
    page = parse(client.get(english_path))
    hreflang = {link["hreflang"]: link["href"] for link in page.links("alternate") if "hreflang" in link}
    assert hreflang == {
        "fr": "http://testserver/articles/indications/douleurs-et-rhumatologie/",
        "en": "http://testserver/en/articles/uses/pain-osteoarthritis-back-neck/",
        "x-default": "http://testserver/articles/indications/douleurs-et-rhumatologie/",
    }
    assert [link["href"] for link in page.links("canonical")] == [hreflang["en"]]
    french = client.get(french_path).content.decode()
    assert 'href="/en/articles/uses/pain-osteoarthritis-back-neck/" hreflang="en"' in french
    english_page = client.get(english_path).content.decode()
    assert 'href="/articles/indications/douleurs-et-rhumatologie/" hreflang="fr"' in english_page
    glossary = client.get("/glossaire/").content.decode()
    assert 'href="/en/glossary/" hreflang="en"' in glossary


def test_sitemap_lists_english_addresses(client, content):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/articles/uses/pain-osteoarthritis-back-neck/" in sitemap
    assert "http://testserver/en/health-problems/osteoarthritis/" in sitemap
    assert "/en/articles/indications/" not in sitemap and "/en/glossaire/" not in sitemap


class VisibleText(HTMLParser):
    """The text a reader sees, without the parts marked as French (`lang="fr"`) and without scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source"):
            return
        attrs = dict(attrs)
        hidden = bool(self.stack and self.stack[-1]) or attrs.get("lang") == "fr" or tag in ("script", "style")
        self.stack.append(hidden)
        for name in ("aria-label", "title", "placeholder"):
            if attrs.get(name) and not hidden:
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "input", "meta", "link", "hr", "source"):
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def french_interface_strings():
    """The French translations of the interface (those that are not also English words), from the catalogue."""
    text = (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    strings = set()
    for msgid, msgstr in re.findall(r'^msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', text, re.MULTILINE):
        source = "".join(re.findall(r'"(.*)"', msgid))
        french = "".join(re.findall(r'"(.*)"', msgstr))
        for part in re.split(r"<[^>]+>|%\(\w+\)s|\{\{[^}]*\}\}|\\n", french):
            part = part.replace('\\"', '"').strip(" .:,;?!«»\u00a0")
            if len(part) >= 12 and part not in source:
                strings.add(part)
    return strings


def test_english_crawl_finds_no_french_address_word_nor_french_interface_string(client, content):
    french_slugs = {
        slug
        for model in (Article, Question, Category, Theme, Condition)
        for slug, other in model.objects.values_list("slug_fr", "slug_en")
        if slug != other
    }
    words = FRENCH_WORDS | french_slugs
    interface = french_interface_strings()
    assert len(interface) > 100 and "Relecture médicale" in interface
    seen, queue, problems = {"/en/"}, deque(["/en/"]), []
    while queue:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        text = VisibleText()
        text.feed(html)
        visible = " ".join(" ".join(text.parts).split())
        problems += [f"{path}: French interface text {s!r}" for s in interface if s in visible]
        if "Rédaction MésoInfo" in visible:
            problems.append(f"{path}: the team's French name")
        for href in HREF_RE.findall(html):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(link)
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/en/"):
                continue
            found = words & set(parts.path.strip("/").split("/"))
            if found:
                problems.append(f"{path}: link to {link} has French address words {sorted(found)}")
            if parts.path.endswith("/") and not parts.query and parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    assert not problems, problems[:20]
    published = Article.objects.published().count() + Question.objects.published().count()
    assert len(seen) > published + Condition.objects.count(), "the crawl reached every English page"


def test_an_address_two_pages_answer_shows_the_one_named_in_its_language(client, category):
    """One page's French slug is another's English slug: each language's address shows its own page, and the
    other page is still reached at its own address (a redirect rather than the wrong page)."""
    first = make_article(category, slug="pieds", slug_en="hands", title_fr="Les pieds", title_en="Feet")
    second = make_article(category, slug="mains", slug_en="pieds", title_fr="Les mains", title_en="Hands")
    assert first.pk < second.pk  # the older page does not win by age alone
    with translation.override("en"):
        english_address = second.get_absolute_url()
    assert "Les pieds" in client.get("/articles/indications/pieds/").content.decode()
    assert "Hands" in client.get(english_address).content.decode()
    assert client.get("/articles/indications/mains/").status_code == 200
