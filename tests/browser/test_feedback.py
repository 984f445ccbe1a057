"""The readers' forms and the trust summary in Chromium: without JavaScript, without cookies, under the
strict Content-Security-Policy, accessible (axe, light and dark), and the summary in two lines on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.feedback.models import ErrorReport, PageFeedback

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def content(site):
    ContentLoader().load()
    return site


@pytest.fixture
def article(content):
    return Article.objects.get(slug="techniques-et-profondeurs")


def violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def open_report_form(page):
    page.locator("details.report-error summary").click()
    assert page.locator("#report-message").is_visible()


def test_a_reader_reports_an_error_without_javascript_and_gets_no_cookie(content, article, new_page, screenshot):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(content + article.get_absolute_url())
    open_report_form(page)
    page.fill("#report-message", "Le tableau des profondeurs ne s’affiche pas en entier sur mon téléphone.")
    page.fill("#report-email", "lectrice@example.org")
    screenshot(page, "report-error-phone")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.locator("h1").inner_text() == "Merci"
    assert "Votre signalement a bien été reçu." in page.content()
    [report] = ErrorReport.objects.all()
    assert report.page == article and report.email == "lectrice@example.org"
    assert page.context.cookies() == [], "no cookie, before or after the report"
    page.get_by_role("link", name=f"Revenir à la page «\u00a0{article.title_fr}\u00a0»").click()
    assert page.url == content + article.get_absolute_url()
    assert page.problems.messages == []


def test_bad_reports_get_a_french_answer_in_the_page_and_store_nothing(content, article, new_page):
    page = new_page(viewport=PHONE)
    page.goto(content + article.get_absolute_url())
    open_report_form(page)
    # The browser stops an empty message by itself (required); a message too long is refused by the site.
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.url == content + article.get_absolute_url()
    message = page.locator("#report-message")
    message.evaluate("area => { area.removeAttribute('maxlength'); area.value = 'x'.repeat(10000) }")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert "Votre message est trop long" in page.locator(".field-error").inner_text()
    assert page.locator("#report-message").get_attribute("aria-invalid") == "true"
    assert len(page.locator("#report-message").input_value()) == 10000, "what the reader typed is still there"
    page.locator("#report-message").fill("Voir https://a.example https://b.example https://c.example https://d.example")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert "Votre message contient 4 liens" in page.locator(".field-error").inner_text()
    assert not ErrorReport.objects.exists()


def test_a_robot_filling_the_honeypot_is_turned_away(content, article, new_page):
    page = new_page(viewport=PHONE)
    page.goto(content + article.get_absolute_url())
    open_report_form(page)
    assert not page.locator("#report-website").is_visible(), "hidden from people"
    page.locator("#report-website").evaluate("input => { input.value = 'https://robot.example' }")
    page.fill("#report-message", "Achetez nos produits.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert "un champ destiné à arrêter les robots a été rempli" in page.locator(".form-errors").inner_text()
    assert not ErrorReport.objects.exists()


def test_the_sixth_report_in_an_hour_is_refused(content, article, new_page):
    page = new_page(viewport=PHONE)
    for n in range(6):
        page.goto(content + article.get_absolute_url())
        open_report_form(page)
        page.fill("#report-message", f"Signalement numéro {n + 1}.")
        page.get_by_role("button", name="Envoyer le signalement").click()
    assert "Vous avez déjà envoyé 5 signalements dans l’heure" in page.locator(".form-errors").inner_text()
    assert page.locator("#report-message").input_value() == "Signalement numéro 6."
    assert ErrorReport.objects.count() == 5


def test_was_this_page_useful_then_what_was_missing(content, new_page):
    question = Question.objects.published().first()
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(content + question.get_absolute_url())
    page.get_by_role("button", name="Non").click()
    assert "Qu’est-ce qui manquait ou était faux" in page.content()
    page.fill("#report-message", "Il manque le prix d’une séance.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert "Votre signalement a bien été reçu." in page.content()
    assert PageFeedback.objects.of(question).get().not_useful == 1
    assert ErrorReport.objects.get().page == question
    assert page.context.cookies() == []
    assert page.problems.messages == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_on_the_forms_and_their_answers(content, article, new_page, scheme):
    page = new_page(viewport=PHONE, color_scheme=scheme)
    found = {}

    def check(name):
        problems = violations(page)
        if problems:
            found[name] = problems

    for language in ("fr", "en"):
        with translation.override(language):
            article_url, author_url = article.get_absolute_url(), article.author.get_absolute_url()
        send, no = ("Envoyer le signalement", "Non") if language == "fr" else ("Send the report", "No")
        page.goto(content + article_url)
        page.locator("details.report-error summary").click()
        check(f"{language}: article with the report form open")
        page.locator("#report-message").evaluate("area => area.removeAttribute('required')")
        page.get_by_role("button", name=send).click()
        check(f"{language}: report refused")
        page.goto(content + article_url)
        page.get_by_role("button", name=no).click()
        check(f"{language}: thanks after a no")
        page.goto(content + author_url)
        check(f"{language}: author's page")
    assert not found, found
    assert not [m for m in page.problems.messages if "400" not in m], page.problems.messages


def test_the_trust_summary_takes_two_lines_on_a_phone(content, new_page, screenshot):
    page = new_page(viewport=PHONE)
    pages = [*Article.objects.published(), *Question.objects.published()]
    too_tall = {}
    for language in ("fr", "en"):
        for published in pages:
            with translation.override(language):
                url = published.get_absolute_url()
            page.goto(content + url)
            lines = page.locator(".trust-summary").evaluate(
                "p => Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight))"
            )
            if lines > 2:
                too_tall[url] = lines
    assert not too_tall, too_tall
    page.goto(content + pages[0].get_absolute_url())
    summary = page.locator(".trust-summary").inner_text()
    assert "Relecture médicale\u00a0: en attente" in summary and "Relue le" in summary and "prochaine" in summary
    page.locator(".trust-summary a").click()
    assert page.locator("#a-propos-de-cette-page").is_visible()
    screenshot(page, "trust-summary-phone")
