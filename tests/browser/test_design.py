"""Reading comfort and keyboard use in Chromium: phone and desktop, JavaScript off, zoom, focus, motion."""

import pytest

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def article_url(site):
    ContentLoader().load()
    return site + Article.objects.get(slug_fr="techniques-et-profondeurs").get_absolute_url()


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_pages_fit_the_screen_and_read_comfortably(site, article_url, new_page, screenshot, name, viewport):
    page = new_page(viewport=viewport)
    for label, url in [("home", site + "/"), ("article", article_url), ("faq", site + "/faq/")]:
        page.goto(url)
        screenshot(page, f"{label}-{name}")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{label}: no sideways scroll"
    page.goto(article_url)
    paragraph = page.locator(".prose p").first
    assert float(paragraph.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")) >= 18
    # At most 75 characters per line: the paragraph is no wider than 75 "0" glyphs of its font.
    assert paragraph.evaluate(
        """p => {
            const probe = document.createElement('span');
            probe.textContent = '0'.repeat(75);
            p.appendChild(probe);
            const limit = probe.getBoundingClientRect().width;
            probe.remove();
            return p.getBoundingClientRect().width <= limit + 1;
        }"""
    )
    diagram = page.locator("img[src*='peau-profondeurs']")
    assert diagram.evaluate("img => img.getBoundingClientRect().width") <= viewport["width"]


def test_everything_works_with_javascript_off(site, article_url, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(site + "/")
    page.get_by_role("link", name="Technique", exact=True).click()  # on a phone, a section is one tap away
    page.get_by_role("link", name="Les techniques de mésothérapie et leur profondeur").first.click()
    assert page.url == article_url
    page.goto(site + "/faq/")
    item = page.locator("details.faq-item").first
    item.locator("summary").click()
    assert item.locator(".prose").is_visible()
    page.get_by_role("link", name="English").click()
    assert page.url == site + "/en/faq/"


def test_skip_link_and_visible_focus(site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("a => a === document.activeElement")
    assert skip.evaluate("a => a.getBoundingClientRect().top >= 0"), "the skip link shows when focused"
    assert skip.evaluate("a => getComputedStyle(a).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.keyboard.press("Tab")
    focused_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none"


def test_text_zoom_to_200_percent_loses_nothing(article_url, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(article_url)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose p')).fontSize)") >= 36
    assert page.evaluate("document.scrollingElement.scrollWidth") <= DESKTOP["width"]
    assert page.locator("h1").is_visible() and page.locator(".site-footer").is_visible()


def test_reduced_motion_is_respected(site, new_page):
    page = new_page(viewport=DESKTOP, reduced_motion="reduce")
    page.goto(site + "/faq/")
    durations = page.evaluate(
        "[...document.querySelectorAll('a, summary, details')].map(e => getComputedStyle(e).transitionDuration)"
    )
    assert set(durations) == {"0s"}
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
