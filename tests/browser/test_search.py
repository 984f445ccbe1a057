"""The search box in Chromium: typing a patient's query, reading the results, opening one; JavaScript off."""

import pytest

from mesoinfo.editorial.content import ContentLoader

pytestmark = pytest.mark.browser


@pytest.fixture
def content(site):
    ContentLoader().load()
    return site


def search_from_the_header(page, text):
    box = page.get_by_role("search", name="Rechercher sur le site").get_by_label("Rechercher sur le site")
    box.fill(text)
    box.press("Enter")
    page.wait_for_load_state()


def test_a_misspelt_query_finds_the_page(content, page, screenshot):
    page.goto(content + "/faq/")
    search_from_the_header(page, "rembourssement sécu")
    assert page.url.startswith(content + "/recherche/?q=rembourssement")
    assert page.locator("h1").inner_text() == "Rechercher"
    assert page.get_by_label("Rechercher dans les articles et les questions").input_value() == "rembourssement sécu"
    assert "proche de « rembourssement »" in page.locator(".search-notes").inner_text()
    results = page.locator(".search-result")
    assert results.count() >= 3
    assert results.first.locator("mark").count() > 0
    screenshot(page, "search-desktop")
    title = results.first.locator("h2 a").inner_text()
    results.first.locator("h2 a").click()
    assert page.locator("h1").inner_text() == title
    assert page.problems.messages == []


def test_search_works_with_javascript_off_on_a_phone(content, new_page, screenshot):
    page = new_page(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page.goto(content + "/en/")
    search_from_the_home_page = page.get_by_role("search", name="Search the site").get_by_label("Your question")
    search_from_the_home_page.fill("side effects")
    search_from_the_home_page.press("Enter")
    page.wait_for_load_state()
    assert page.url.startswith(content + "/en/search/")
    assert page.locator(".search-result h2 a").first.inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    screenshot(page, "search-phone-en")
    page.goto(content + "/recherche/?q=xylophone")
    assert "Aucune page ne correspond à « xylophone »." in page.locator("main").inner_text()
    page.get_by_role("link", name="Remboursement").first.click()
    assert page.locator("h1").inner_text() == "Remboursement"


def test_a_bad_query_is_explained_in_french(content, page):
    page.goto(content + "/recherche/")
    box = page.get_by_label("Rechercher dans les articles et les questions")
    box.fill("a")
    box.press("Enter")
    page.wait_for_load_state()
    error = page.locator(".field-error")
    assert error.inner_text() == "Tapez au moins 2 lettres ou chiffres."
    assert box.get_attribute("aria-invalid") == "true"


def test_a_glossary_link_leads_to_its_definition(content, page):
    page.goto(content + "/articles/technique/techniques-et-profondeurs/")
    link = page.locator("a.glossary-link", has_text="hypoderme").first
    link.click()
    page.wait_for_load_state()  # the browser scrolls to the definition as the page loads
    assert page.url == content + "/glossaire/#hypoderme"
    definition = page.locator("dt#hypoderme")
    assert definition.evaluate("dt => dt.matches(':target')")
    assert definition.is_visible() and definition.evaluate("dt => dt.getBoundingClientRect().top < innerHeight")
    page.go_back()
    page.get_by_role("link", name="Retour en haut").click()
    assert page.evaluate("scrollY") < 400
