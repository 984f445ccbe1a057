"""An article printed from Chromium: the word mark but no navigation, sources with their addresses, the review
dates."""

import pytest

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

HIDDEN_WHEN_PRINTED = [
    ".main-nav",
    ".site-search",
    ".language-switcher",
    ".breadcrumbs",
    ".skip-link",
    ".footer-links",
    ".related",
    ".report-error a",
]


@pytest.fixture
def article(site):
    ContentLoader().load()
    # An article whose sources include online documents.
    return Article.objects.get(slug_fr="a-quoi-sert-la-mesotherapie")


def shown(page, selector):
    return page.locator(selector).evaluate_all(
        "elements => elements.filter(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length).length"
    )


def test_an_article_prints_without_navigation_and_with_source_addresses(site, article, page, screenshot):
    page.goto(site + article.get_absolute_url())
    assert shown(page, ".main-nav") == 1 and shown(page, ".print-address") == 0  # on screen
    page.emulate_media(media="print")
    for selector in HIDDEN_WHEN_PRINTED:
        assert page.locator(selector).count(), f"{selector} is on the page"
        assert shown(page, selector) == 0, f"{selector} is printed"
    assert page.locator("h1").is_visible() and page.locator(".prose").is_visible()
    assert page.locator(".site-logo img").is_visible(), "the word mark says whose page it is"
    assert page.locator(".essentials").is_visible()
    online = [source.url for source in article.sources.all() if source.url]
    assert online, "the article has sources with an address"
    printed = page.locator(".sources a").evaluate_all("links => links.map(a => getComputedStyle(a, '::after').content)")
    for url in online:
        assert f'" (" "{url}" ")"' in printed or any(url in text for text in printed), (url, printed)
    trust = page.locator(".page-trust").inner_text()
    assert "Dernière relecture" in trust and "Prochaine relecture prévue" in trust
    assert page.locator(".print-address").is_visible()
    assert site + article.get_absolute_url() in page.locator(".print-address").inner_text()
    screenshot(page, "article-print")
    page.pdf(path=ARTIFACTS / "article-print.pdf")
    assert page.problems.messages == []
