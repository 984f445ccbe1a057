"""Patients on a phone (390 × 844) and on a desktop (1366 × 900), in Chromium: what the home page's first screen
holds and how long the page is, the essentials of every article, the evidence box of every indication page,
the pictures in the light and dark schemes and in print, the English addresses, and a console that stays
silent on every public page. Screenshots go to test-artifacts/."""

import io
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from PIL import Image, ImageStat

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader
from tests.site.test_seo import sitemap
from tests.support.browser import image_shown

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
MAX_PHONE_HOME_HEIGHT = 2600  # about three screens
INDICATION = "douleurs-et-rhumatologie"
# Each picture exists in both languages: the text drawn in it is the page's.
PICTURES = {
    "fr": {
        "seance-etapes.svg", "genou-points.svg", "dos-points.svg", "reactions-calendrier.svg", "histoire-frise.svg",
        "facture-exemple.svg", "peau-profondeurs.svg",
    },
    "en": {
        "session-steps.svg", "knee-points.svg", "back-points.svg", "reactions-timeline.svg", "history-timeline.svg",
        "bill-example.svg", "skin-depths.svg",
    },
}  # fmt: skip


@pytest.fixture
def content(site):
    ContentLoader().load()
    return site


def addresses(article):
    """{language: path} of an article."""
    paths = {}
    for code in ("fr", "en"):
        with translation.override(code):
            paths[code] = article.get_absolute_url()
    return paths


def bottom(page, selector):
    box = page.locator(selector).bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_phone_home_page_holds_the_search_box_and_the_picker_in_its_first_screen(content, new_page, path):
    page = new_page(viewport=PHONE)
    page.goto(content + path)
    for selector in (".home-start h1", "#recherche-accueil", ".home-search button", ".home-conditions .picker"):
        assert page.locator(selector).is_visible(), selector
        assert bottom(page, selector) <= PHONE["height"], f"{selector}: below the first screen"
    assert page.locator(".picker a").count() >= 15
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nphone home page {path}: {height} px high ({height / PHONE['height']:.1f} screens)")
    assert height <= MAX_PHONE_HOME_HEIGHT
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    answers = page.locator(".glance p")
    assert answers.count() == 5
    for text in answers.all_inner_texts():
        assert text.rstrip()[-1] in ".!?", f"a whole short answer: {text!r}"


def test_screenshots_of_home_an_indication_page_and_an_english_page(content, new_page, screenshot):
    article = Article.objects.get(slug_fr=INDICATION)
    paths = {"home": "/", "indication": addresses(article)["fr"], "english-indication": addresses(article)["en"]}
    paths["english-home"] = "/en/"
    for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport=viewport)
        for name, path in paths.items():
            page.goto(content + path)
            screenshot(page, f"patients-{name}-{device}")
            assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"], (name, device)


def test_every_article_opens_with_its_essentials_and_every_indication_page_with_its_evidence_box(content, new_page):
    page = new_page(viewport=PHONE)
    articles = list(Article.objects.published().select_related("category"))
    with_evidence = {article.pk for article in Article.objects.published().with_evidence()}
    assert len(with_evidence) >= 5
    for article in articles:
        for language, path in addresses(article).items():
            page.goto(content + path)
            essentials = page.locator("section.essentials")
            assert essentials.is_visible(), path
            assert essentials.locator("h2").inner_text() == ("L’essentiel" if language == "fr" else "The essentials")
            assert len(essentials.locator("p").inner_text()) > 100, path
            # The answer comes right under the title, in the first screen.
            assert page.locator("section.essentials h2").bounding_box()["y"] < PHONE["height"], path
            evidence = page.locator("section.evidence")
            if article.pk in with_evidence:
                assert evidence.is_visible(), path
                assert evidence.locator("dt").count() == 7, path
                assert evidence.locator(".evidence-scale li.current").count() == 1, path
                assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], path
            else:
                assert evidence.count() == 0, path


def luminance(image_bytes):
    return ImageStat.Stat(Image.open(io.BytesIO(image_bytes)).convert("L")).mean[0]


def test_pictures_and_logo_read_well_in_light_dark_and_print(content, chromium, screenshot):
    """Each illustration and the logo: loaded, described, and drawn for the scheme; on paper, always as in the
    light scheme, even from a browser set to dark."""
    pages = [article for article in Article.objects.published() if "/static/img/illustrations/" in article.body_fr]
    assert len(pages) >= 5
    shots = {}
    for scheme, media in (("light", "screen"), ("dark", "screen"), ("dark", "print")):
        context = chromium.new_context(viewport=DESKTOP, color_scheme=scheme)
        page = context.new_page()
        page.emulate_media(media=media, color_scheme=scheme)
        for article in pages:
            for language, path in addresses(article).items():
                page.goto(content + path)
                figures = page.locator(".prose figure")
                assert figures.count() >= 1, path
                for n in range(figures.count()):
                    figure = figures.nth(n)
                    image = figure.locator("img")
                    assert image_shown(image), path
                    assert image.get_attribute("alt") and figure.locator("figcaption").inner_text(), path
                    src = image.get_attribute("src")
                    assert src.rsplit("/", 1)[-1] in PICTURES[language], f"{path}: {src} is not in its language"
                    figure.scroll_into_view_if_needed()
                    shots[(scheme, media, src)] = image.screenshot()
        shots[(scheme, media, "logo")] = page.locator(".site-logo img").screenshot()
        page.set_viewport_size(PHONE)
        page.goto(content + addresses(Article.objects.get(slug_fr=INDICATION))["fr"])
        screenshot(page, f"patients-indication-phone-{scheme}-{media}")
        context.close()
    for (scheme, media, src), picture in shots.items():
        light = shots[("light", "screen", src)]
        if scheme == "dark" and media == "screen":
            assert luminance(picture) < 100 < luminance(light), f"{src}: drawn for the dark scheme"
        if media == "print":  # the pictures may print in greys, never in their dark colours
            assert luminance(picture) > 150 and abs(luminance(picture) - luminance(light)) < 30, f"{src}: on paper"
    assert len({src for _scheme, _media, src in shots}) >= 12 + 1


def test_no_console_message_on_any_public_page(content, client, new_page):
    """Every page of the sitemap, in both languages, and the other public pages: no error, no warning."""
    paths = [urlsplit(url).path for url in sitemap(client)]
    paths += ["/recherche/?q=prix", "/en/search/?q=price", "/recherche/?q=xylophone", "/recherche/"]
    paths += ["/articles/niveaux-de-preuve/", "/en/articles/levels-of-evidence/", "/flux.atom", "/en/feed.atom"]
    page = new_page(viewport=PHONE)
    messages = []
    page.on("console", lambda message: messages.append(f"{page.url} {message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"{page.url} page error: {error}"))
    # A request the next navigation cancels (the favicon, fetched after the load event) is not a failure.
    page.on(
        "requestfailed",
        lambda request: (
            request.failure == "net::ERR_ABORTED"
            or messages.append(f"{page.url} failed: {request.url} {request.failure}")
        ),
    )
    for path in paths:
        response = page.goto(content + path)
        assert response.status == 200, path
    print(f"\n{len(paths)} public pages opened, {len(messages)} console messages")
    assert len(paths) > 200
    assert messages == []
