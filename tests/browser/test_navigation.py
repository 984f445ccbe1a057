import pytest

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader
from tests.support.browser import image_shown

pytestmark = pytest.mark.browser


@pytest.fixture
def content(site):
    ContentLoader().load()
    return site


def test_home_to_article_to_related_question(content, page, screenshot):
    page.goto(content + "/")
    page.get_by_role("link", name="Les techniques de mésothérapie et leur profondeur").first.click()
    assert page.locator("h1").inner_text() == "Les techniques de mésothérapie et leur profondeur"
    assert image_shown(page.locator("img[src*='peau-profondeurs']"))
    related = page.locator("section.related a").first
    question = related.inner_text()
    related.click()
    assert page.locator("h1").inner_text() == question
    screenshot(page, "question-desktop")
    assert page.problems.messages == []


def test_faq_accordion_opens_and_closes_with_the_keyboard(content, page):
    page.goto(content + "/faq/")
    first = page.locator("details.faq-item").first
    summary = first.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert first.evaluate("d => d.open") is True
    assert first.locator(".prose").is_visible()
    page.keyboard.press("Space")
    assert first.evaluate("d => d.open") is False
    assert page.problems.messages == []


def test_language_switch_keeps_the_page(content, page):
    page.goto(content + "/faq/cout/")
    page.get_by_role("link", name="English").click()
    assert page.url == content + "/en/faq/cost/", "the English address, in English words"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Français").click()
    assert page.url == content + "/faq/cout/"


def test_admin_works_under_the_content_security_policy(content, page, django_user_model):
    django_user_model.objects.create_superuser("equipe", "equipe@example.org", "un-mot-de-passe-assez-long")
    page.goto(content + "/admin/")
    page.fill("#id_username", "equipe")
    page.fill("#id_password", "un-mot-de-passe-assez-long")
    page.click("input[type=submit]")
    # The admin index loaded in full: going on while its icons load would abort them, and count as failures.
    page.wait_for_url(content + "/admin/")
    article = Article.objects.get(slug="techniques-et-profondeurs")
    page.goto(content + f"/admin/articles/article/{article.pk}/change/")
    tabs = page.locator(".ui-tabs-nav:visible").first  # jQuery UI language tabs, served locally
    tabs.wait_for()
    assert tabs.locator("li").count() == 2
    assert page.problems.messages == []
